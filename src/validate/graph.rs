//! Dependency cycles among tasks and among iterations.

use std::collections::HashMap;

use super::Ctx;
use crate::spec::RawSpec;

pub(super) fn check(ctx: &mut Ctx<'_>, spec: &RawSpec) {
    let ids: Vec<&str> = spec.tasks.iter().map(|t| t.id.as_str()).collect();
    let deps: Vec<Vec<&str>> = spec
        .tasks
        .iter()
        .map(|t| t.depends_on.iter().map(|d| d.as_str()).collect())
        .collect();
    report_cycles(ctx, "task", "/tasks", "depends_on", &ids, &deps);
    if let Some(wf) = &spec.workflow {
        let ids: Vec<&str> = wf.iterations.iter().map(|i| i.name.as_str()).collect();
        let deps: Vec<Vec<&str>> = wf
            .iterations
            .iter()
            .map(|i| i.dependencies.iter().map(|d| d.as_str()).collect())
            .collect();
        report_cycles(
            ctx,
            "iteration",
            "/workflow/iterations",
            "dependencies",
            &ids,
            &deps,
        );
    }
}

/// Finds every dependency cycle (each once) in linear time: Kahn's algorithm
/// leaves exactly the nodes on or behind a cycle; walking dependencies from
/// each of them inside that set must revisit a node, which closes a cycle.
pub(crate) fn find_cycles(ids: &[&str], deps: &[Vec<&str>]) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let edges: Vec<Vec<usize>> = deps
        .iter()
        .map(|ds| ds.iter().filter_map(|d| index.get(d).copied()).collect())
        .collect();
    // in_deg[n] = number of unresolved dependencies of n.
    let mut in_deg: Vec<usize> = edges.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (n, es) in edges.iter().enumerate() {
        for &d in es {
            dependents[d].push(n);
        }
    }
    let mut queue: Vec<usize> = (0..ids.len()).filter(|&n| in_deg[n] == 0).collect();
    let mut done = vec![false; ids.len()];
    while let Some(n) = queue.pop() {
        done[n] = true;
        for &m in &dependents[n] {
            in_deg[m] -= 1;
            if in_deg[m] == 0 {
                queue.push(m);
            }
        }
    }
    let mut cycles = Vec::new();
    let mut visited = vec![false; ids.len()];
    for start in 0..ids.len() {
        if done[start] || visited[start] {
            continue;
        }
        let mut path = Vec::new();
        let mut pos: HashMap<usize, usize> = HashMap::new();
        let mut n = start;
        loop {
            if let Some(&p) = pos.get(&n) {
                let cycle = path[p..].to_vec();
                if !cycle.iter().any(|&c| visited[c]) {
                    cycles.push(cycle);
                }
                break;
            }
            if visited[n] {
                break;
            }
            pos.insert(n, path.len());
            path.push(n);
            // Some dependency of an undone node is undone (else it would be done).
            match edges[n].iter().find(|&&d| !done[d]) {
                Some(&d) => n = d,
                None => break,
            }
        }
        for p in path {
            visited[p] = true;
        }
    }
    cycles
}

fn report_cycles(
    ctx: &mut Ctx<'_>,
    kind: &str,
    base: &str,
    field: &str,
    ids: &[&str],
    deps: &[Vec<&str>],
) {
    for cycle in find_cycles(ids, deps) {
        let first = cycle[0];
        let next = cycle.get(1).copied().unwrap_or(first);
        let j = deps[first]
            .iter()
            .position(|d| *d == ids[next])
            .unwrap_or(0);
        let pointer = format!("{base}/{first}/{field}/{j}");
        if cycle.len() == 1 {
            ctx.error(
                &pointer,
                "dependency-cycle",
                format!("{kind} `{}` depends on itself", ids[first]),
            )
            .help = Some(format!("remove `{}` from its own `{field}`", ids[first]));
        } else {
            let mut names: Vec<&str> = cycle.iter().map(|&c| ids[c]).collect();
            names.push(ids[first]);
            ctx.error(
                &pointer,
                "dependency-cycle",
                format!("{kind} dependency cycle: {}", names.join(" → ")),
            )
            .help = Some(format!(
                "no {kind} can wait on itself; remove one of these dependencies"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::find_cycles;

    #[test]
    fn a_three_cycle_is_found_once_and_a_dependent_outside_it_is_not_listed() {
        let ids = ["a", "b", "c", "d"];
        let deps = vec![vec!["c"], vec!["a"], vec!["b"], vec!["a"]];
        assert_eq!(find_cycles(&ids, &deps), vec![vec![0, 2, 1]]);
    }

    #[test]
    fn an_acyclic_graph_has_no_cycles() {
        let ids = ["a", "b"];
        assert!(find_cycles(&ids, &[vec![], vec!["a"]]).is_empty());
    }

    #[test]
    fn a_self_dependency_is_a_cycle_of_one() {
        assert_eq!(find_cycles(&["a"], &[vec!["a"]]), vec![vec![0]]);
    }
}
