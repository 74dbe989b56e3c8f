//! Matching the sections of two revisions of a document.
//!
//! In: the [`Section`]s and texts of both revisions. Out: [`Pair`]s in
//! report order (new document order, each removed section after the
//! section its predecessor became), flagged renamed or moved.
//!
//! Matching walks the old sections in document order (parents before
//! children), each still unmatched one in two steps:
//! 1. **same title under the matched parent**: the old section's siblings
//!    of that title are paired with the new parent's children of that
//!    title. One each: a pair. Repeated headings (three `## Notes`) are
//!    aligned by content, then position: the longest common subsequence of
//!    equal bodies first, then the rest in order between those anchors, so
//!    a `## Notes` inserted above two others is one added section;
//! 2. **content**: the Dice coefficient of the sets of distinct non-blank
//!    lines of the section *and its subsections*, at least
//!    [`RENAME_SIMILARITY`] (0.6: more than half of the lines survive), so
//!    a renamed chapter whose one-line intro was also edited is still one
//!    renamed section, and its subsections then match by title under it.
//!    Sections with nothing in them are compared by title instead, under
//!    the same (matched) parent and at the same level.
//!
//! Step 2 looks only at sections sharing a line with the old one, found
//! through an index from line hash to sections; lines in more than
//! [`COMMON_LINE`] sections (blank-ish separators, table rules) are left
//! out of the index, so the cost stays linear in practice.
//!
//! A matched section is *renamed* when its title changed, and *moved* only
//! when document order really changed: it is outside a longest increasing
//! subsequence of new positions taken over all matched sections, and did
//! not simply travel with its moved parent. A heading promoted a level
//! (a new parent, the same place) is not a move.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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
    let (old_groups, new_groups) = (groups(old), groups(new));
    let old_tree = Tree {
        rev: old,
        ends: subtree_ends(old),
    };
    let new_tree = Tree {
        rev: new,
        ends: subtree_ends(new),
    };
    let mut m = Matches {
        to_new: vec![None; old.sections.len()],
        taken: vec![false; new.sections.len()],
        done: HashSet::new(),
    };
    // Titles first, all the way down: what is left (usually a few
    // sections) is all the content index has to hold.
    for i in 0..old.sections.len() {
        m.by_title(&old_tree, &new_tree, &old_groups, &new_groups, i);
    }
    let mut similar: Option<Similarity> = None;
    for i in 0..old.sections.len() {
        // Children of a section matched by content match by title under it.
        m.by_title(&old_tree, &new_tree, &old_groups, &new_groups, i);
        if m.to_new[i].is_some() {
            continue;
        }
        let sim = similar.get_or_insert_with(|| Similarity::new(&new_tree, &m.taken));
        if let Some(j) = sim.best(&old_tree, &new_tree, i, &m.to_new, &m.taken) {
            m.to_new[i] = Some(j);
            m.taken[j] = true;
        }
    }
    pairs(old, new, &m.to_new)
}

type Groups<'r> = HashMap<(Option<usize>, &'r str), Vec<usize>>;

/// The matching so far.
struct Matches<'r> {
    to_new: Vec<Option<usize>>,
    taken: Vec<bool>,
    /// Old sibling groups (parent, title) already aligned.
    done: HashSet<(Option<usize>, &'r str)>,
}

impl<'r> Matches<'r> {
    /// Step 1 for old section `i`, once its parent is matched: its group of
    /// same-titled siblings aligned with the new parent's.
    fn by_title(
        &mut self,
        old: &Tree<'_, 'r>,
        new: &Tree,
        old_groups: &Groups<'r>,
        new_groups: &Groups,
        i: usize,
    ) {
        if self.to_new[i].is_some() {
            return;
        }
        let Some(parent) = mapped_parent(old.rev, i, &self.to_new) else {
            return;
        };
        let s: &'r Section = &old.rev.sections[i];
        let key = (s.parent, s.title.as_str());
        if !self.done.insert(key) {
            return;
        }
        let Some(olds) = old_groups.get(&key) else {
            return;
        };
        let news: Vec<usize> = new_groups
            .get(&(parent, s.title.as_str()))
            .map(|v| v.iter().copied().filter(|&j| !self.taken[j]).collect())
            .unwrap_or_default();
        for (a, b) in align(old, new, olds, &news) {
            self.to_new[a] = Some(b);
            self.taken[b] = true;
        }
    }
}

/// Sections by (parent, title), in document order.
fn groups<'r>(r: &'r Rev) -> HashMap<(Option<usize>, &'r str), Vec<usize>> {
    let mut g: HashMap<(Option<usize>, &str), Vec<usize>> = HashMap::new();
    for (i, s) in r.sections.iter().enumerate() {
        g.entry((s.parent, s.title.as_str())).or_default().push(i);
    }
    g
}

fn mapped_parent(old: &Rev, i: usize, to_new: &[Option<usize>]) -> Option<Option<usize>> {
    match old.sections[i].parent {
        None => Some(None),
        Some(p) => to_new[p].map(Some),
    }
}

/// Largest groups of same-titled siblings aligned by content (beyond this,
/// by position alone).
const ALIGN_LIMIT: usize = 256;

/// Pairs old siblings of one title with new ones: equal bodies in order
/// (longest common subsequence), then the rest in order between anchors.
fn align(old: &Tree, new: &Tree, olds: &[usize], news: &[usize]) -> Vec<(usize, usize)> {
    if olds.len() == 1 && news.len() == 1 {
        return vec![(olds[0], news[0])];
    }
    if olds.len() > ALIGN_LIMIT || news.len() > ALIGN_LIMIT {
        return olds.iter().copied().zip(news.iter().copied()).collect();
    }
    let body = |r: &Tree, i: usize| {
        r.subtree(i)
            .lines()
            .map(str::trim_end)
            .fold(FNV_OFFSET, |h, l| fnv(fnv(h, l.as_bytes()), b"\n"))
    };
    let a: Vec<u64> = olds.iter().map(|&i| body(old, i)).collect();
    let b: Vec<u64> = news.iter().map(|&j| body(new, j)).collect();
    // lcs[x][y]: longest common subsequence of a[x..] and b[y..].
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for x in (0..a.len()).rev() {
        for y in (0..b.len()).rev() {
            lcs[x][y] = if a[x] == b[y] {
                lcs[x + 1][y + 1] + 1
            } else {
                lcs[x + 1][y].max(lcs[x][y + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut x, mut y) = (0, 0);
    let (mut gap_x, mut gap_y) = (0, 0);
    let close_gap = |out: &mut Vec<(usize, usize)>, gx: usize, x: usize, gy: usize, y: usize| {
        out.extend(olds[gx..x].iter().copied().zip(news[gy..y].iter().copied()));
    };
    while x < a.len() && y < b.len() {
        if a[x] == b[y] {
            close_gap(&mut out, gap_x, x, gap_y, y);
            out.push((olds[x], news[y]));
            x += 1;
            y += 1;
            (gap_x, gap_y) = (x, y);
        } else if lcs[x + 1][y] >= lcs[x][y + 1] {
            x += 1;
        } else {
            y += 1;
        }
    }
    close_gap(&mut out, gap_x, a.len(), gap_y, b.len());
    out
}

/// Where each section's subtree (the section and its subsections) ends.
fn subtree_ends(r: &Rev) -> Vec<usize> {
    let mut ends: Vec<usize> = r.sections.iter().map(|s| s.range.end).collect();
    let mut open: Vec<usize> = Vec::new();
    for (i, s) in r.sections.iter().enumerate() {
        if s.level == 0 {
            continue;
        }
        while let Some(&top) = open.last() {
            if r.sections[top].level < s.level {
                break;
            }
            ends[top] = s.range.start;
            open.pop();
        }
        open.push(i);
    }
    for top in open {
        ends[top] = r.sections[r.sections.len() - 1].range.end.max(ends[top]);
    }
    ends
}

/// A revision with the end of every section's subtree.
struct Tree<'a, 'r> {
    rev: &'r Rev<'a>,
    ends: Vec<usize>,
}

impl<'a> Tree<'a, '_> {
    /// A section's body and all its subsections.
    fn subtree(&self, i: usize) -> &'a str {
        let start = self.rev.sections[i].body_start;
        &self.rev.text[start..self.ends[i].max(start)]
    }
}

/// Pass 3: line sets of the new sections and an index into them.
struct Similarity {
    new_lines: Vec<Vec<u64>>,
    index: HashMap<u64, Vec<usize>, BuildHasherDefault<Prehashed>>,
}

/// The keys of the line index are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Similarity {
    /// Indexes the new sections not yet taken (those never become
    /// candidates again).
    fn new(new: &Tree, taken: &[bool]) -> Self {
        let mut new_lines = vec![Vec::new(); new.rev.sections.len()];
        let mut index: HashMap<u64, Vec<usize>, BuildHasherDefault<Prehashed>> = HashMap::default();
        for (j, lines) in new_lines.iter_mut().enumerate() {
            if taken[j] {
                continue;
            }
            *lines = line_set(new.subtree(j));
            for &h in lines.iter() {
                index.entry(h).or_default().push(j);
            }
        }
        Similarity { new_lines, index }
    }

    fn best(
        &mut self,
        old: &Tree,
        new: &Tree,
        i: usize,
        to_new: &[Option<usize>],
        taken: &[bool],
    ) -> Option<usize> {
        let lines = line_set(old.subtree(i));
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
    old: &Tree,
    new: &Tree,
    i: usize,
    to_new: &[Option<usize>],
    taken: &[bool],
) -> Option<usize> {
    let s = &old.rev.sections[i];
    let parent = mapped_parent(old.rev, i, to_new)?;
    (0..new.rev.sections.len())
        .filter(|&j| !taken[j])
        .filter(|&j| {
            let n = &new.rev.sections[j];
            n.parent == parent && n.level == s.level && new.subtree(j).trim().is_empty()
        })
        .map(|j| {
            (
                strsim::normalized_levenshtein(&s.title, &new.rev.sections[j].title),
                j,
            )
        })
        .filter(|&(score, _)| score >= RENAME_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, j)| j)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: lines are hashed only to be compared within one run, so a fast
/// non-cryptographic hash is enough (a collision at worst pairs two
/// sections for a rename check that the Dice threshold still guards).
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Sorted hashes of the distinct non-blank lines (trailing space ignored).
fn line_set(body: &str) -> Vec<u64> {
    let mut out: Vec<u64> = body
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| fnv(FNV_OFFSET, l.as_bytes()))
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

/// Per old section: did document order really change? Out of a longest
/// increasing run of new positions, and not carried along by its parent.
fn moved_sections(old: &Rev, new: &Rev, to_new: &[Option<usize>]) -> Vec<bool> {
    let matched: Vec<(usize, usize)> = to_new
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|j| (i, j)))
        .collect();
    let positions: Vec<usize> = matched.iter().map(|&(_, j)| j).collect();
    let keep = longest_increasing(&positions);
    let mut out_of_order = vec![false; old.sections.len()];
    for (k, &(i, _)) in matched.iter().enumerate() {
        out_of_order[i] = !keep[k];
    }
    let mut moved = vec![false; old.sections.len()];
    for &(i, j) in &matched {
        let with_parent = old.sections[i].parent.is_some_and(|p| {
            out_of_order[p] && to_new[p].is_some() && to_new[p] == new.sections[j].parent
        });
        moved[i] = out_of_order[i] && !with_parent;
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
    fn a_renamed_chapter_with_an_edited_intro_keeps_its_subsections() {
        let subs =
            "### Install\nrun install\n### Configure\nedit book.toml\n### Build\nrun build\n\
                    ### Serve\nrun serve\n### Test\nrun test\n### Deploy\ncopy book/\n";
        let a = format!("# Guide\n## Getting started\nThis chapter covers setup.\n{subs}");
        let b = format!("# Guide\n## First steps\nThis chapter walks through setup.\n{subs}");
        let got = run(&a, &b);
        let reported: Vec<_> = got
            .iter()
            .filter(|p| p.2 || p.3 || p.0.is_none() || p.1.is_none())
            .collect();
        assert_eq!(
            reported,
            [&(
                s("Guide > Getting started"),
                s("Guide > First steps"),
                true,
                false
            )]
        );
    }

    #[test]
    fn a_repeated_heading_inserted_above_others_is_one_added_section() {
        let a = "# Log\n## Notes\nfirst note\n## Notes\nsecond note\n";
        let b = "# Log\n## Notes\nbrand new\n## Notes\nfirst note\n## Notes\nsecond note\n";
        let got = run(a, b);
        assert_eq!(
            got,
            [
                (s("Log"), s("Log"), false, false),
                (None, s("Log > Notes"), false, false),
                (s("Log > Notes"), s("Log > Notes #2"), false, false),
                (s("Log > Notes #2"), s("Log > Notes #3"), false, false),
            ]
        );
    }

    #[test]
    fn a_heading_promoted_a_level_in_place_is_not_a_move() {
        let a = "# Book\n## Renderers\nintro\n### Markdown Renderer\nmd\n## Other\nx\n";
        let b = "# Book\n## Renderers\nintro\n## Markdown Renderer\nmd\n## Other\nx\n";
        assert!(run(a, b)
            .iter()
            .all(|p| !p.3 && p.0.is_some() && p.1.is_some()));
    }

    #[test]
    fn a_moved_chapter_reports_only_the_chapter() {
        let a = "# A\n## X\nx\n### X1\nx1\n## Y\ny\n## Z\nz\n";
        let b = "# A\n## Y\ny\n## Z\nz\n## X\nx\n### X1\nx1\n";
        let moved: Vec<_> = run(a, b).into_iter().filter(|p| p.3).collect();
        assert_eq!(moved, [(s("A > X"), s("A > X"), false, true)]);
    }

    #[test]
    fn longest_increasing_keeps_the_longest_run() {
        assert_eq!(longest_increasing(&[1, 0, 2, 3]), [false, true, true, true]);
        assert_eq!(longest_increasing(&[0, 3, 1, 2]), [true, false, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
