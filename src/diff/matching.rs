//! Matching the sections of two revisions of a document.
//!
//! In: the [`Section`]s and texts of both revisions. Out: [`Pair`]s in
//! report order (new document order, each removed section after the
//! section its predecessor became), flagged renamed or moved.
//!
//! Matching runs in three passes, each only over what is still unmatched:
//! 1. same key (heading path);
//! 2. same title under the section the old parent was matched with, so the
//!    children of a renamed or moved heading keep their identity;
//! 3. body similarity: the Dice coefficient of the sets of distinct
//!    non-blank lines, at least [`RENAME_SIMILARITY`] (0.6: more than half
//!    of the lines survive). Sections with empty bodies are compared by
//!    title instead, under the same (matched) parent and at the same level.
//!
//! Pass 3 looks only at sections sharing a line with the old one, found
//! through an index from line hash to sections; lines in more than
//! [`COMMON_LINE`] sections (blank-ish separators, table rules) are left
//! out of the index, so the cost stays linear in practice.
//!
//! A matched section is *renamed* when its title changed and *moved* when
//! its parent changed or its order among its matched siblings did (those
//! outside a longest increasing subsequence of new positions).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::markdown::Section;

/// Least body similarity for an unmatched pair to count as one renamed
/// section.
pub const RENAME_SIMILARITY: f64 = 0.6;

/// Lines shared by more sections than this do not propose rename candidates.
const COMMON_LINE: usize = 64;

/// One old section, one new section, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub renamed: bool,
    pub moved: bool,
}

/// A revision: its sections and text.
pub struct Rev<'a> {
    pub sections: &'a [Section],
    pub text: &'a str,
}

/// Matches `old` against `new`; see the module documentation.
pub fn match_sections(old: &Rev, new: &Rev) -> Vec<Pair> {
    let mut to_new: Vec<Option<usize>> = vec![None; old.sections.len()];
    let mut taken = vec![false; new.sections.len()];
    let by_key: HashMap<&str, usize> = new
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    for (i, s) in old.sections.iter().enumerate() {
        if let Some(&j) = by_key.get(s.key.as_str()) {
            to_new[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut similar = Similarity::new(new, &taken);
    for i in 0..old.sections.len() {
        if to_new[i].is_some() {
            continue;
        }
        let found = under_matched_parent(old, new, i, &to_new, &taken)
            .or_else(|| similar.best(old, new, i, &to_new, &taken));
        if let Some(j) = found {
            to_new[i] = Some(j);
            taken[j] = true;
        }
    }
    pairs(old, new, &to_new)
}

fn mapped_parent(old: &Rev, i: usize, to_new: &[Option<usize>]) -> Option<Option<usize>> {
    match old.sections[i].parent {
        None => Some(None),
        Some(p) => to_new[p].map(Some),
    }
}

/// Pass 2: an unmatched new section with the same title under the section
/// the old parent was matched with.
fn under_matched_parent(
    old: &Rev,
    new: &Rev,
    i: usize,
    to_new: &[Option<usize>],
    taken: &[bool],
) -> Option<usize> {
    let parent = old.sections[i].parent?;
    let new_parent = to_new[parent]?;
    let title = &old.sections[i].title;
    (new_parent + 1..new.sections.len())
        .take_while(|&j| new.sections[j].parent.is_some_and(|p| p >= new_parent))
        .find(|&j| {
            !taken[j]
                && new.sections[j].parent == Some(new_parent)
                && &new.sections[j].title == title
        })
}

/// Pass 3: line sets of the new sections and an index into them.
struct Similarity {
    new_lines: Vec<Vec<u64>>,
    index: HashMap<u64, Vec<usize>>,
}

impl Similarity {
    fn new(new: &Rev, taken: &[bool]) -> Self {
        let mut new_lines = vec![Vec::new(); new.sections.len()];
        let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
        for (j, s) in new.sections.iter().enumerate() {
            if taken[j] {
                continue;
            }
            new_lines[j] = line_set(s.body(new.text));
            for &h in &new_lines[j] {
                index.entry(h).or_default().push(j);
            }
        }
        Similarity { new_lines, index }
    }

    fn best(
        &mut self,
        old: &Rev,
        new: &Rev,
        i: usize,
        to_new: &[Option<usize>],
        taken: &[bool],
    ) -> Option<usize> {
        let lines = line_set(old.sections[i].body(old.text));
        if lines.is_empty() {
            return by_title(old, new, i, to_new, taken);
        }
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for h in &lines {
            match self.index.get(h) {
                Some(list) if list.len() <= COMMON_LINE => {
                    for &j in list.iter().filter(|&&j| !taken[j]) {
                        *shared.entry(j).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        let mut best: Option<(f64, usize)> = None;
        for j in shared.into_keys() {
            let score = dice(&lines, &self.new_lines[j]);
            let better = match best {
                None => true,
                Some((s, b)) => score > s || (score == s && j < b),
            };
            if score >= RENAME_SIMILARITY && better {
                best = Some((score, j));
            }
        }
        best.map(|(_, j)| j)
    }
}

/// Empty bodies: a similar title under the same matched parent, same level.
fn by_title(
    old: &Rev,
    new: &Rev,
    i: usize,
    to_new: &[Option<usize>],
    taken: &[bool],
) -> Option<usize> {
    let s = &old.sections[i];
    let parent = mapped_parent(old, i, to_new)?;
    (0..new.sections.len())
        .filter(|&j| !taken[j])
        .filter(|&j| {
            let n = &new.sections[j];
            n.parent == parent && n.level == s.level && n.body(new.text).trim().is_empty()
        })
        .map(|j| {
            (
                strsim::normalized_levenshtein(&s.title, &new.sections[j].title),
                j,
            )
        })
        .filter(|&(score, _)| score >= RENAME_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, j)| j)
}

/// Sorted hashes of the distinct non-blank lines (trailing space ignored).
fn line_set(body: &str) -> Vec<u64> {
    let mut out: Vec<u64> = body
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut h = DefaultHasher::new();
            l.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// 2 |a ∩ b| / (|a| + |b|) of two sorted, deduplicated lists.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if 2.0 * a.len().min(b.len()) as f64 / ((a.len() + b.len()) as f64) < RENAME_SIMILARITY {
        return 0.0;
    }
    let (mut x, mut y, mut common) = (0, 0, 0usize);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                x += 1;
                y += 1;
            }
        }
    }
    2.0 * common as f64 / ((a.len() + b.len()) as f64)
}

/// Orders the pairs for the report and flags renames and moves.
fn pairs(old: &Rev, new: &Rev, to_new: &[Option<usize>]) -> Vec<Pair> {
    let moved = moved_sections(old, new, to_new);
    // Sort key: (new position the pair is anchored after, 0 = matched or
    // added / 1 = removed, old index).
    let mut keyed: Vec<((usize, u8, usize), Pair)> = Vec::new();
    let mut from_old: Vec<Option<usize>> = vec![None; new.sections.len()];
    let mut anchor = 0;
    for (i, m) in to_new.iter().enumerate() {
        match *m {
            Some(j) => {
                from_old[j] = Some(i);
                anchor = j + 1;
            }
            None => keyed.push((
                (anchor, 1, i),
                Pair {
                    old: Some(i),
                    new: None,
                    renamed: false,
                    moved: false,
                },
            )),
        }
    }
    for (j, o) in from_old.iter().enumerate() {
        let renamed = o.is_some_and(|i| old.sections[i].title != new.sections[j].title);
        let moved = o.is_some_and(|i| moved[i]);
        keyed.push((
            (j + 1, 0, 0),
            Pair {
                old: *o,
                new: Some(j),
                renamed,
                moved,
            },
        ));
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, p)| p).collect()
}

/// Per old section: did it change parent, or its order among siblings?
fn moved_sections(old: &Rev, new: &Rev, to_new: &[Option<usize>]) -> Vec<bool> {
    let mut moved = vec![false; old.sections.len()];
    let mut groups: HashMap<Option<usize>, Vec<(usize, usize)>> = HashMap::new();
    for (i, m) in to_new.iter().enumerate() {
        let Some(j) = *m else { continue };
        let parent = mapped_parent(old, i, to_new);
        if parent != Some(new.sections[j].parent) {
            moved[i] = true;
        } else {
            groups
                .entry(new.sections[j].parent)
                .or_default()
                .push((i, j));
        }
    }
    for members in groups.values() {
        let positions: Vec<usize> = members.iter().map(|&(_, j)| j).collect();
        let keep = longest_increasing(&positions);
        for (k, &(i, _)) in members.iter().enumerate() {
            if !keep[k] {
                moved[i] = true;
            }
        }
    }
    moved
}

/// Marks one longest strictly increasing subsequence (patience sorting,
/// O(n log n)).
fn longest_increasing(xs: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // index into xs of each pile's top
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    for (k, &x) in xs.iter().enumerate() {
        let pos = tails.partition_point(|&t| xs[t] < x);
        prev[k] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut keep = vec![false; xs.len()];
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        keep[k] = true;
        cur = prev[k];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::markdown::split;

    fn run(a: &str, b: &str) -> Vec<(Option<String>, Option<String>, bool, bool)> {
        let (sa, sb) = (split(a), split(b));
        let pairs = match_sections(
            &Rev {
                sections: &sa,
                text: a,
            },
            &Rev {
                sections: &sb,
                text: b,
            },
        );
        pairs
            .into_iter()
            .map(|p| {
                (
                    p.old.map(|i| sa[i].key.clone()),
                    p.new.map(|j| sb[j].key.clone()),
                    p.renamed,
                    p.moved,
                )
            })
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn a_renamed_heading_with_the_same_body_is_matched_and_its_children_follow() {
        let a = "# A\n## Risks\none\ntwo\nthree\n### Matrix\nrows\n";
        let b = "# A\n## Risk Register\none\ntwo\nthree\n### Matrix\nrows\n";
        let got = run(a, b);
        assert_eq!(
            got[1],
            (s("A > Risks"), s("A > Risk Register"), true, false)
        );
        assert_eq!(
            got[2],
            (
                s("A > Risks > Matrix"),
                s("A > Risk Register > Matrix"),
                false,
                false
            )
        );
    }

    #[test]
    fn swapped_siblings_flag_one_as_moved() {
        let a = "# A\n## X\nx\n## Y\ny\n## Z\nz\n";
        let b = "# A\n## Y\ny\n## X\nx\n## Z\nz\n";
        let moved: Vec<_> = run(a, b).into_iter().filter(|p| p.3).collect();
        assert_eq!(moved, [(s("A > X"), s("A > X"), false, true)]);
    }

    #[test]
    fn removed_sections_are_reported_where_they_were() {
        let a = "# A\n## X\nx\n## Gone\ng\n## Z\nz\n";
        let b = "# A\n## X\nx\n## Z\nz\n## New\nn\n";
        let got = run(a, b);
        let order: Vec<_> = got.iter().map(|p| (p.0.clone(), p.1.clone())).collect();
        assert_eq!(
            order,
            [
                (s("A"), s("A")),
                (s("A > X"), s("A > X")),
                (s("A > Gone"), None),
                (s("A > Z"), s("A > Z")),
                (None, s("A > New")),
            ]
        );
    }

    #[test]
    fn longest_increasing_keeps_the_longest_run() {
        assert_eq!(longest_increasing(&[1, 0, 2, 3]), [false, true, true, true]);
        assert_eq!(longest_increasing(&[0, 3, 1, 2]), [true, false, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
