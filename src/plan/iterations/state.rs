//! The state of one allocation run: findings, who plans which deliverable,
//! and the work of each agent entry (see the parent module's docs for the
//! rules).
//!
//! In: the workflow, roles, root listing and parsed globs. Out: the named
//! [`Allocation`]s of each iteration, and [`Finding`]s.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    expand, ratio, risk, split, thousands, Allocation, Deliverable, Finding, Risk, RootInfo,
    TargetGlob, TargetVars,
};
use crate::diagnostics::Severity;
use crate::plan::natural_cmp;
use crate::spec::{AgentRole, IterationAgent, Workflow};

/// Per-entry inputs of [`State::entry_allocations`].
pub(super) struct EntryCtx<'a> {
    iteration: usize,
    entry: usize,
    /// Deliverables planned by the iterations this one depends on.
    available: &'a BTreeSet<&'a str>,
    deps_text: &'a str,
}

pub(super) struct State<'a> {
    globs: &'a BTreeMap<String, Result<TargetGlob, String>>,
    wf: &'a Workflow,
    roles: &'a BTreeMap<String, AgentRole>,
    root: &'a RootInfo<'a>,
    pub(super) findings: Vec<Finding>,
    /// Deliverable path → (iteration name, agent) that plans it.
    owners: BTreeMap<String, (String, String)>,
    /// Pointers already reported, so one bad pattern is reported once.
    reported: BTreeSet<String>,
}

impl<'a> State<'a> {
    pub(super) fn new(
        wf: &'a Workflow,
        roles: &'a BTreeMap<String, AgentRole>,
        root: &'a RootInfo<'a>,
        globs: &'a BTreeMap<String, Result<TargetGlob, String>>,
    ) -> Self {
        let mut st = State {
            wf,
            roles,
            root,
            globs,
            findings: Vec::new(),
            owners: BTreeMap::new(),
            reported: BTreeSet::new(),
        };
        for (pointer, g) in globs {
            if let Err(reason) = g {
                let help = "`*` matches within one path component, `**` any number of directories, `?` one character, `[a-z]` a class";
                st.finding(
                    Severity::Error,
                    pointer,
                    "invalid-glob",
                    format!("target pattern {reason}"),
                    Some(help.into()),
                );
            }
        }
        st
    }

    /// The named allocations of iteration `i`, given its transitive
    /// dependencies and what each earlier iteration plans to produce.
    pub(super) fn iteration(
        &mut self,
        i: usize,
        reach: &BTreeSet<usize>,
        produced: &[Vec<String>],
    ) -> Vec<Allocation> {
        let wf = self.wf;
        let available: BTreeSet<&str> = reach
            .iter()
            .flat_map(|&d| produced[d].iter().map(String::as_str))
            .collect();
        let deps_text = reach
            .iter()
            .map(|&d| format!("`{}`", wf.iterations[d].name))
            .collect::<Vec<_>>()
            .join(", ");
        let mut allocations = Vec::new();
        for (j, entry) in wf.iterations[i].agents.iter().enumerate() {
            let ctx = EntryCtx {
                iteration: i,
                entry: j,
                available: &available,
                deps_text: &deps_text,
            };
            allocations.extend(self.entry_allocations(&ctx, entry));
        }
        name_agents(&mut allocations);
        self.claim_deliverables(i, &allocations);
        self.budget_findings(i, &allocations);
        allocations
    }
}

impl State<'_> {
    fn finding(
        &mut self,
        severity: Severity,
        pointer: &str,
        rule: &'static str,
        message: String,
        help: Option<String>,
    ) {
        if self.reported.insert(format!("{rule} {pointer}")) {
            self.findings.push(Finding {
                severity,
                pointer: pointer.into(),
                rule,
                message,
                help,
            });
        }
    }

    /// The matched targets of an entry with the capture of the first glob
    /// matching each, in natural order; reports globs matching nothing.
    fn targets(
        &mut self,
        ctx: &EntryCtx<'_>,
        entry: &IterationAgent,
    ) -> Vec<(String, Option<String>)> {
        let mut found: BTreeMap<&str, Option<String>> = BTreeMap::new();
        let files: BTreeSet<&str> = self
            .root
            .listing
            .files
            .iter()
            .map(String::as_str)
            .chain(ctx.available.iter().copied())
            .collect();
        for k in 0..entry.targets.len() {
            let pointer = format!(
                "/workflow/iterations/{}/agents/{}/targets/{k}",
                ctx.iteration, ctx.entry
            );
            let Some(Ok(glob)) = self.globs.get(&pointer) else {
                continue;
            };
            let mut any = false;
            for f in &files {
                if let Some(m) = glob.matches(f) {
                    any = true;
                    found.entry(f).or_insert(m.capture);
                }
            }
            if !any {
                let (message, help) = self.unmatched_message(&glob.pattern, ctx.deps_text);
                self.finding(
                    self.root.unmatched,
                    &pointer,
                    "unmatched-target",
                    message,
                    Some(help),
                );
            }
        }
        let mut out: Vec<(String, Option<String>)> =
            found.into_iter().map(|(p, c)| (p.to_string(), c)).collect();
        out.sort_by(|a, b| natural_cmp(&a.0, &b.0));
        out
    }

    fn unmatched_message(&self, pattern: &str, deps_text: &str) -> (String, String) {
        let root = self.root.display;
        let mut message = if self.root.listing.root_exists {
            format!("target `{pattern}` matches no file under `{root}`")
        } else {
            format!(
                "target `{pattern}` matches nothing: the root directory `{root}` does not exist"
            )
        };
        if !deps_text.is_empty() {
            message.push_str(&format!(" and no deliverable planned by {deps_text}"));
        }
        let help = "targets are looked up under `compile --root DIR`, else `workflow.root` (relative to the spec), else the spec's directory; `check` uses the last two".to_string();
        (message, help)
    }

    /// The allocations of one agent entry, not yet named.
    fn entry_allocations(&mut self, ctx: &EntryCtx<'_>, entry: &IterationAgent) -> Vec<Allocation> {
        let Some(role) = self.roles.get(&entry.role) else {
            return Vec::new();
        };
        let targets = self.targets(ctx, entry);
        let chunks: Vec<&[(String, Option<String>)]> = if entry.targets.is_empty() {
            vec![&[]]
        } else {
            split(targets.len(), role.complexity_threshold)
                .into_iter()
                .map(|r| &targets[r])
                .collect()
        };
        let mut out = Vec::with_capacity(chunks.len());
        for chunk in chunks {
            let deliverables = self.deliverables(ctx, entry, chunk);
            let units = if entry.targets.is_empty() {
                1
            } else {
                chunk.len() as u64
            };
            let complexity = units.saturating_mul(entry.complexity_per_target);
            let tokens = complexity.saturating_mul(self.wf.tokens_per_point);
            out.push(Allocation {
                agent: entry.role.clone(),
                role: entry.role.clone(),
                entry: ctx.entry,
                part: 1,
                parts: 1,
                targets: chunk.iter().map(|(p, _)| p.clone()).collect(),
                deliverables,
                complexity,
                tokens,
                token_budget: role.token_budget,
                risk: risk(tokens, role.token_budget),
            });
        }
        out
    }

    /// Deliverable patterns expanded for each target of a chunk (pattern
    /// order within a target), unique.
    fn deliverables(
        &mut self,
        ctx: &EntryCtx<'_>,
        entry: &IterationAgent,
        chunk: &[(String, Option<String>)],
    ) -> Vec<Deliverable> {
        let mut out: Vec<Deliverable> = Vec::new();
        let no_target = [None];
        let vars: Vec<Option<TargetVars<'_>>> = if chunk.is_empty() {
            no_target.to_vec()
        } else {
            chunk
                .iter()
                .map(|(p, c)| {
                    Some(TargetVars {
                        path: p,
                        capture: c.as_deref(),
                    })
                })
                .collect()
        };
        for v in vars {
            for (k, pattern) in entry.deliverables.iter().enumerate() {
                match expand(pattern, v) {
                    Ok(path) if out.iter().any(|d| d.path == path) => {}
                    Ok(path) => out.push(Deliverable {
                        path,
                        target: v.map(|t| t.path.to_string()),
                        pattern: k,
                    }),
                    Err(reason) => {
                        let pointer = format!(
                            "/workflow/iterations/{}/agents/{}/deliverables/{k}",
                            ctx.iteration, ctx.entry
                        );
                        let help = "variables are `{target}`, `{stem}`, `{dir}`, and any other `{name}` for the text the target's first `*` matched";
                        self.finding(
                            Severity::Error,
                            &pointer,
                            "invalid-deliverable",
                            format!("deliverable `{pattern}` {reason}"),
                            Some(help.into()),
                        );
                    }
                }
            }
        }
        out
    }

    /// Records who plans each deliverable; a second planner is an error.
    fn claim_deliverables(&mut self, iteration: usize, allocations: &[Allocation]) {
        let it = &self.wf.iterations[iteration];
        for a in allocations {
            for d in &a.deliverables {
                let owner = (it.name.0.clone(), a.agent.clone());
                match self.owners.get(&d.path) {
                    None => {
                        self.owners.insert(d.path.clone(), owner);
                    }
                    Some((prev_it, prev_agent)) => {
                        let pointer = format!(
                            "/workflow/iterations/{iteration}/agents/{}/deliverables/{}",
                            a.entry, d.pattern
                        );
                        let message = format!(
                            "deliverable `{}` is planned twice: by `{}` in iteration `{}` and by `{}` in iteration `{}`",
                            d.path, prev_agent, prev_it, a.agent, it.name
                        );
                        let help = "give each target its own deliverable with a variable such as `{story_id}`, or let a later iteration take the file as a target instead of producing it again";
                        self.finding(
                            Severity::Error,
                            &pointer,
                            "duplicate-deliverable",
                            message,
                            Some(help.into()),
                        );
                    }
                }
            }
        }
    }

    fn budget_findings(&mut self, iteration: usize, allocations: &[Allocation]) {
        let it = &self.wf.iterations[iteration];
        for a in allocations.iter().filter(|a| a.risk == Risk::OverBudget) {
            let pointer = format!(
                "/workflow/iterations/{iteration}/agents/{}/complexity_per_target",
                a.entry
            );
            let message = format!(
                "agent `{}` of iteration `{}` is estimated at {} tokens ({} points × {}), over the `{}` token budget of {} (ratio {:.2})",
                a.agent,
                it.name,
                thousands(a.tokens),
                a.complexity,
                thousands(self.wf.tokens_per_point),
                a.role,
                thousands(a.token_budget),
                ratio(a.tokens, a.token_budget)
            );
            let help = if a.targets.len() > 1 {
                format!(
                    "lower `complexity_threshold` of role `{}` to split its targets across more agents, raise its `token_budget`, or lower `complexity_per_target`",
                    a.role
                )
            } else {
                format!("one target cannot be split further: raise `token_budget` of role `{}`, or lower `complexity_per_target`", a.role)
            };
            // Several agents of one entry can be over: one warning each.
            self.findings.push(Finding {
                severity: Severity::Warning,
                pointer,
                rule: "over-budget",
                message,
                help: Some(help),
            });
        }
    }
}

/// Names agents: the role alone when it has one allocation in the
/// iteration, else `role-1`, `role-2`, ... in entry and target order.
fn name_agents(allocations: &mut [Allocation]) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for a in allocations.iter() {
        *counts.entry(a.role.clone()).or_default() += 1;
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for a in allocations.iter_mut() {
        let n = counts.get(&a.role).copied().unwrap_or(1);
        let k = seen.entry(a.role.clone()).or_default();
        *k += 1;
        a.part = *k;
        a.parts = n;
        a.agent = if n == 1 {
            a.role.clone()
        } else {
            format!("{}-{}", a.role, k)
        };
    }
}
