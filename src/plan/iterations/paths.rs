//! The output paths the allocated iterations will be written to: each must
//! be a usable file name, and no two may be one file.
//!
//! In: the allocated [`IterationPlan`]s. Out: error [`Finding`]s located at
//! the spec value that makes the path: an iteration name or an agent entry's
//! role. Paths are `iterations/NN-<name>/agent-prompts/<agent>-agent-prompt.md`
//! (see `render::iterations`); agent names come from role names and from
//! splitting (`dev` → `dev-1`, `dev-2`), so a role literally named `dev-1`
//! beside a split `dev` would share a prompt file. Names are compared
//! ignoring case, as macOS and Windows file systems do.

use std::collections::BTreeMap;

use super::{Allocation, Finding, IterationPlan};
use crate::diagnostics::Severity;

/// The most bytes of one path component (ext4, APFS, NTFS, ...).
const MAX_COMPONENT: usize = 255;

/// The prompt file name of an agent.
pub fn prompt_file(agent: &str) -> String {
    format!("{agent}-agent-prompt.md")
}

fn role_pointer(it: &IterationPlan, a: &Allocation) -> String {
    format!("/workflow/iterations/{}/agents/{}/role", it.index, a.entry)
}

fn too_long(pointer: String, what: String, len: usize) -> Finding {
    Finding {
        severity: Severity::Error,
        pointer,
        rule: "name-too-long",
        message: format!(
            "{what} is {len} bytes long; file systems allow {MAX_COMPONENT} bytes per path component"
        ),
        help: Some("shorten the name".into()),
    }
}

/// Every problem with the output paths of `iterations` (see the module docs).
pub fn findings(iterations: &[IterationPlan]) -> Vec<Finding> {
    let mut out = Vec::new();
    for it in iterations {
        let dir = it.dir.rsplit('/').next().unwrap_or(&it.dir);
        if dir.len() > MAX_COMPONENT {
            out.push(too_long(
                format!("/workflow/iterations/{}/name", it.index),
                format!("the directory name of iteration `{}`", it.name),
                dir.len(),
            ));
            continue;
        }
        let mut files: BTreeMap<String, &Allocation> = BTreeMap::new();
        for a in &it.allocations {
            let file = prompt_file(&a.agent);
            if file.len() > MAX_COMPONENT {
                out.push(too_long(
                    role_pointer(it, a),
                    format!("the prompt file name of agent `{}`", a.agent),
                    file.len(),
                ));
                continue;
            }
            if let Some(first) = files.insert(file.to_lowercase(), a) {
                out.push(collision(it, first, a, &file));
            }
        }
    }
    out
}

fn describe(a: &Allocation) -> String {
    if a.parts > 1 {
        format!(
            "agent `{}` (role `{}` split into {} agents)",
            a.agent, a.role, a.parts
        )
    } else {
        format!("agent `{}` (role `{}`)", a.agent, a.role)
    }
}

/// Located at the role to rename: the unsplit one when only one of the two
/// is split, else the later entry.
fn collision(it: &IterationPlan, first: &Allocation, second: &Allocation, file: &str) -> Finding {
    let (at, other) = if first.parts == 1 && second.parts > 1 {
        (first, second)
    } else {
        (second, first)
    };
    Finding {
        severity: Severity::Error,
        pointer: role_pointer(it, at),
        rule: "output-collision",
        message: format!(
            "{} and {} would both be written to `{}/agent-prompts/{file}`",
            describe(at),
            describe(other),
            it.dir
        ),
        help: Some(format!(
            "rename role `{}`: a split role numbers its agents `<role>-1`, `<role>-2`, ..., and names that differ only in case are one file on macOS and Windows",
            at.role
        )),
    }
}
