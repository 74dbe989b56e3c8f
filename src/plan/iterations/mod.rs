//! Allocation of a workflow's iterations: targets, deliverables, agents,
//! token estimates and risk (seed 002's `generate_prompts.py`, done
//! deterministically).
//!
//! In: a checked [`Workflow`], its [`AgentRole`]s and a [`RootListing`] of
//! the files under the root. Out: [`Allocated`]: one [`IterationPlan`] per
//! iteration in dependency order (ties keep spec order), each with its
//! [`Allocation`]s, plus [`Finding`]s located by JSON pointer.
//!
//! For each agent entry of an iteration:
//! 1. its target globs ([`glob`]) are matched against the listing and
//!    against the deliverables planned by the iterations it depends on,
//!    directly or not; the union is sorted (natural order) and unique. A
//!    glob that matches nothing is a finding with the caller's severity
//!    (`check` warns, `compile` fails). An entry with no targets at all
//!    (`targets: []`) is one allocation working on the iteration as a whole,
//!    costing one `complexity_per_target`; an entry whose globs matched
//!    nothing gets no allocation.
//! 2. the targets are split across agents ([`split`]): more than the role's
//!    `complexity_threshold` makes `role-1`, `role-2`, ... (numbered across
//!    every entry of the role in the iteration); otherwise the agent is
//!    named after the role.
//! 3. each allocation's deliverables are its patterns expanded per target
//!    ([`expand`]), unique within the allocation. Two allocations planning
//!    the same path is an error.
//! 4. complexity = targets × `complexity_per_target`; tokens = complexity ×
//!    `workflow.tokens_per_point`; risk = tokens against the role's
//!    `token_budget` ([`split::risk`]). Over budget is a warning.

mod expand;
pub mod glob;
pub mod root;
mod split;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Severity;
use crate::plan::natural_cmp;
use crate::spec::{AgentRole, IterationAgent, Workflow};

pub use expand::{expand, has_variables, stem, TargetVars};
pub use glob::TargetGlob;
pub use root::{list, RootListing};
pub use split::{ratio, risk, split, Risk};

/// A planned deliverable and the target it was expanded for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deliverable {
    /// Root-relative path.
    pub path: String,
    /// The target it comes from (`None` for agents without targets).
    pub target: Option<String>,
    /// Index of the pattern in the agent entry's `deliverables`.
    pub pattern: usize,
}

/// The work of one agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Agent name: the role, or `role-N` when the role has several agents.
    pub agent: String,
    pub role: String,
    /// Index of the agent entry in the iteration's `agents`.
    pub entry: usize,
    /// 1-based number of this agent among the role's agents, and their count.
    pub part: usize,
    pub parts: usize,
    /// Root-relative target paths, in natural order.
    pub targets: Vec<String>,
    pub deliverables: Vec<Deliverable>,
    /// Complexity points.
    pub complexity: u64,
    /// Estimated tokens: complexity × tokens per point.
    pub tokens: u64,
    /// The role's token budget.
    pub token_budget: u64,
    pub risk: Risk,
}

/// One iteration with its allocations.
#[derive(Debug, Clone, PartialEq)]
pub struct IterationPlan {
    /// Index in `workflow.iterations`.
    pub index: usize,
    /// 1-based position in execution order (`NN` in the directory name).
    pub number: usize,
    pub name: String,
    /// Output directory, `iterations/NN-<name>`.
    pub dir: String,
    /// Names of the iterations it depends on directly.
    pub dependencies: Vec<String>,
    pub allocations: Vec<Allocation>,
}

impl IterationPlan {
    /// Estimated tokens of every allocation.
    pub fn tokens(&self) -> u64 {
        self.allocations
            .iter()
            .fold(0, |a, b| a.saturating_add(b.tokens))
    }
}

/// A problem found while allocating, located by JSON pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub pointer: String,
    pub rule: &'static str,
    pub message: String,
    pub help: Option<String>,
}

/// The result of [`allocate`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Allocated {
    pub iterations: Vec<IterationPlan>,
    pub findings: Vec<Finding>,
}

/// Where targets are looked up, and how strict to be when one matches nothing.
pub struct RootInfo<'a> {
    pub listing: &'a RootListing,
    /// How the root is named in messages (a path as the user gave it).
    pub display: &'a str,
    /// Severity of a glob that matches nothing.
    pub unmatched: Severity,
}

/// Every target pattern of the workflow with its JSON pointer, parsed.
pub fn target_globs(wf: &Workflow) -> Vec<(String, Result<TargetGlob, String>)> {
    let mut out = Vec::new();
    for (i, it) in wf.iterations.iter().enumerate() {
        for (j, a) in it.agents.iter().enumerate() {
            for (k, t) in a.targets.iter().enumerate() {
                out.push((
                    format!("/workflow/iterations/{i}/agents/{j}/targets/{k}"),
                    TargetGlob::new(t),
                ));
            }
        }
    }
    out
}

/// Iteration indices in dependency order; ties keep spec order.
pub fn order(wf: &Workflow) -> Vec<usize> {
    let n = wf.iterations.len();
    let index: BTreeMap<&str, usize> = wf
        .iterations
        .iter()
        .enumerate()
        .map(|(i, it)| (it.name.as_str(), i))
        .collect();
    let deps: Vec<Vec<usize>> = wf
        .iterations
        .iter()
        .map(|it| {
            it.dependencies
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    let mut done = vec![false; n];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let ready = (0..n).find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]));
        // A cycle (rejected by validation) would leave no ready node: take spec order.
        let next = ready.or_else(|| (0..n).find(|&i| !done[i])).unwrap_or(0);
        done[next] = true;
        out.push(next);
    }
    out
}

/// Allocates every iteration (see the module docs).
pub fn allocate(
    wf: &Workflow,
    roles: &BTreeMap<String, AgentRole>,
    root: &RootInfo<'_>,
) -> Allocated {
    let mut st = State {
        wf,
        roles,
        root,
        findings: Vec::new(),
        owners: BTreeMap::new(),
        reported: BTreeSet::new(),
    };
    let globs: BTreeMap<String, Result<TargetGlob, String>> =
        target_globs(wf).into_iter().collect();
    for (pointer, g) in &globs {
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
    let order = order(wf);
    let width = order.len().to_string().len().max(2);
    let mut produced: Vec<Vec<String>> = vec![Vec::new(); wf.iterations.len()];
    let mut reach: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); wf.iterations.len()];
    let mut iterations = Vec::with_capacity(order.len());
    for (pos, &i) in order.iter().enumerate() {
        let it = &wf.iterations[i];
        let mut r = BTreeSet::new();
        for d in &it.dependencies {
            if let Some(di) = wf.iterations.iter().position(|x| x.name == *d) {
                r.insert(di);
                r.extend(reach[di].iter().copied());
            }
        }
        let available: BTreeSet<&str> = r
            .iter()
            .flat_map(|&d| produced[d].iter().map(String::as_str))
            .collect();
        let deps_text = r
            .iter()
            .map(|&d| format!("`{}`", wf.iterations[d].name))
            .collect::<Vec<_>>()
            .join(", ");
        let mut allocations = Vec::new();
        for (j, entry) in it.agents.iter().enumerate() {
            let ctx = EntryCtx {
                iteration: i,
                entry: j,
                available: &available,
                deps_text: &deps_text,
                globs: &globs,
            };
            allocations.extend(st.entry_allocations(&ctx, entry));
        }
        name_agents(&mut allocations);
        st.claim_deliverables(i, &allocations);
        st.budget_findings(i, &allocations);
        produced[i] = allocations
            .iter()
            .flat_map(|a| a.deliverables.iter().map(|d| d.path.clone()))
            .collect();
        reach[i] = r;
        iterations.push(IterationPlan {
            index: i,
            number: pos + 1,
            name: it.name.0.clone(),
            dir: format!("iterations/{:0width$}-{}", pos + 1, it.name),
            dependencies: it.dependencies.iter().map(|d| d.0.clone()).collect(),
            allocations,
        });
    }
    Allocated {
        iterations,
        findings: st.findings,
    }
}

/// Per-entry inputs of [`State::entry_allocations`].
struct EntryCtx<'a> {
    iteration: usize,
    entry: usize,
    /// Deliverables planned by the iterations this one depends on.
    available: &'a BTreeSet<&'a str>,
    deps_text: &'a str,
    globs: &'a BTreeMap<String, Result<TargetGlob, String>>,
}

struct State<'a> {
    wf: &'a Workflow,
    roles: &'a BTreeMap<String, AgentRole>,
    root: &'a RootInfo<'a>,
    findings: Vec<Finding>,
    /// Deliverable path → (iteration name, agent) that plans it.
    owners: BTreeMap<String, (String, String)>,
    /// Pointers already reported, so one bad pattern is reported once.
    reported: BTreeSet<String>,
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
            let Some(Ok(glob)) = ctx.globs.get(&pointer) else {
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

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
