//! Matching a document's headings against its kind's section manifest.
//!
//! In: the document's headings and a [`SectionManifest`]. Out: a
//! [`SectionReport`]: which manifest entry each heading satisfies, which are
//! missing (only the highest missing level: a missing section's subsections
//! are implied), near misses, and siblings out of order. Sections are
//! identified by heading path, not title alone (the JAEGIS template has two
//! `## Executive Summary`). Shared by the missing-section, empty-section and
//! section-order rules, computed once per document.

use crate::lint::doc::Heading;
use crate::manifest::{normalize_title, SectionManifest};
use crate::suggest::did_you_mean;

/// The outcome of matching one document against one manifest.
#[derive(Debug, Default)]
pub struct SectionReport {
    /// (manifest section index, heading index) for every satisfied entry.
    pub matched: Vec<(usize, usize)>,
    pub missing: Vec<Missing>,
    /// (heading index, index of the heading it should follow).
    pub out_of_order: Vec<(usize, usize)>,
}

/// A required section with no heading.
#[derive(Debug)]
pub struct Missing {
    /// Manifest section index.
    pub section: usize,
    /// Heading of the enclosing section, `None` at the top level.
    pub parent: Option<usize>,
    /// The matched sibling it should follow, if any.
    pub after: Option<usize>,
    /// A sibling heading that looks like a misspelling of it.
    pub near_miss: Option<usize>,
}

/// Matches `headings` against `manifest`.
pub fn check(headings: &[Heading], manifest: &SectionManifest) -> SectionReport {
    let keys: Vec<String> = headings.iter().map(|h| normalize_title(&h.title)).collect();
    let doc_kids = by_parent(headings.len(), heading_parents(headings));
    let manifest_kids = by_parent(
        manifest.sections.len(),
        manifest.sections.iter().map(|s| s.parent).collect(),
    );
    let mut m = Matcher {
        keys: &keys,
        doc_kids: &doc_kids,
        manifest_kids: &manifest_kids,
        manifest,
        used: vec![false; headings.len()],
        report: SectionReport::default(),
    };
    m.children(None, None);
    m.report
}

/// For each heading, the index of the nearest earlier heading of a lower
/// level (its parent in the document tree).
fn heading_parents(headings: &[Heading]) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            while stack.last().is_some_and(|&j| headings[j].level >= h.level) {
                stack.pop();
            }
            let parent = stack.last().copied();
            stack.push(i);
            parent
        })
        .collect()
}

/// The children of each node, in order: index 0 holds the top level,
/// index `i + 1` the children of node `i`.
fn by_parent(len: usize, parents: Vec<Option<usize>>) -> Vec<Vec<usize>> {
    let mut kids = vec![Vec::new(); len + 1];
    for (i, p) in parents.into_iter().enumerate() {
        kids[p.map_or(0, |p| p + 1)].push(i);
    }
    kids
}

struct Matcher<'a> {
    /// Normalized titles, by heading index.
    keys: &'a [String],
    /// The document's headings under each heading ([`by_parent`]).
    doc_kids: &'a [Vec<usize>],
    /// The manifest's sections under each section ([`by_parent`]).
    manifest_kids: &'a [Vec<usize>],
    manifest: &'a SectionManifest,
    used: Vec<bool>,
    report: SectionReport,
}

impl Matcher<'_> {
    /// Matches the manifest children of `section` among the document
    /// children of `heading` (both `None`: the top level).
    fn children(&mut self, section: Option<usize>, heading: Option<usize>) {
        let (keys, manifest) = (self.keys, self.manifest);
        let (doc_kids, manifest_kids) = (self.doc_kids, self.manifest_kids);
        let kids: &[usize] = &doc_kids[heading.map_or(0, |h| h + 1)];
        let wanted: &[usize] = &manifest_kids[section.map_or(0, |s| s + 1)];
        // Which kid matches which wanted entry, row by row: each pair is
        // compared once.
        let mut hits: Vec<bool> = Vec::with_capacity(wanted.len() * kids.len());
        for &w in wanted {
            let entry = &manifest.sections[w];
            hits.extend(kids.iter().map(|&h| entry.matches(&keys[h])));
        }
        // Headings matching no wanted entry: the only near-miss candidates.
        let strays: Vec<usize> = (0..kids.len())
            .filter(|&k| !hits.iter().skip(k).step_by(kids.len()).any(|&b| b))
            .map(|k| kids[k])
            .collect();
        let mut last: Option<usize> = None;
        for (row, &s) in wanted.iter().enumerate() {
            let entry = &manifest.sections[s];
            let hits = &hits[row * kids.len()..(row + 1) * kids.len()];
            let found: Vec<usize> = kids
                .iter()
                .zip(hits)
                .filter(|&(&h, &hit)| hit && !self.used[h])
                .map(|(&h, _)| h)
                .take(if entry.repeat { usize::MAX } else { 1 })
                .collect();
            if found.is_empty() {
                if entry.optional {
                    continue;
                }
                let near_miss = self.near_miss(s, &strays);
                self.report.missing.push(Missing {
                    section: s,
                    parent: heading,
                    after: last,
                    near_miss,
                });
                // A near miss stands in for the section so that its own
                // subsections are still checked, not reported as missing.
                if let Some(h) = near_miss {
                    self.used[h] = true;
                    self.children(Some(s), Some(h));
                }
                continue;
            }
            for &h in &found {
                self.used[h] = true;
                self.report.matched.push((s, h));
                if let Some(prev) = last.filter(|&p| p > h) {
                    self.report.out_of_order.push((h, prev));
                } else {
                    last = Some(h);
                }
                self.children(Some(s), Some(h));
            }
        }
    }

    /// An unused sibling heading that matches no manifest entry but is close
    /// to entry `s`'s title.
    fn near_miss(&self, s: usize, strays: &[usize]) -> Option<usize> {
        let pattern = &self.manifest.sections[s].pattern;
        let target: std::borrow::Cow<'_, str> = if pattern.contains('*') {
            pattern.replace('*', "").into()
        } else {
            pattern.as_str().into()
        };
        let bound = Bound::new(&target);
        let free = strays
            .iter()
            .copied()
            .filter(|&h| !self.used[h] && bound.could_be_close(&self.keys[h]));
        let best = did_you_mean(&target, free.clone().map(|h| self.keys[h].as_str()))?;
        free.into_iter().find(|&h| self.keys[h] == best)
    }
}

/// A cheap upper bound on Jaro–Winkler similarity from the characters two
/// strings share (order ignored) and their common prefix: pairs that cannot
/// reach the 0.8 that "did you mean" asks for are skipped without running
/// Jaro. Thousands of missing sections then cost little. Case is ignored,
/// as `did_you_mean` ignores it; non-ASCII pairs are always scored. Built
/// once per wanted title, then asked about each candidate.
struct Bound<'a> {
    target: &'a [u8],
    /// Count of each (lowercased) ASCII byte in `target`.
    bag: [u8; 128],
    /// No bound: `target` is not ASCII, or a count saturated (over 255 of
    /// one byte), so every candidate is scored.
    unbounded: bool,
}

impl<'a> Bound<'a> {
    fn new(target: &'a str) -> Self {
        let target = target.as_bytes();
        let mut bag = [0u8; 128];
        if target.is_ascii() {
            for &c in target {
                let slot = &mut bag[usize::from(c.to_ascii_lowercase())];
                *slot = slot.saturating_add(1);
            }
        }
        let unbounded = !target.is_ascii() || bag.contains(&u8::MAX);
        Bound {
            target,
            bag,
            unbounded,
        }
    }

    fn could_be_close(&self, other: &str) -> bool {
        let (a, b) = (self.target, other.as_bytes());
        if a.is_empty() || b.is_empty() {
            return false;
        }
        if self.unbounded || !b.is_ascii() {
            return true;
        }
        let mut bag = self.bag;
        let mut common = 0usize;
        for &c in b {
            let slot = &mut bag[usize::from(c.to_ascii_lowercase())];
            if *slot > 0 {
                *slot -= 1;
                common += 1;
            }
        }
        let (la, lb) = (a.len() as f64, b.len() as f64);
        let m = common as f64;
        // Jaro with no transpositions: at most this.
        let jaro = (m / la + m / lb + 1.0) / 3.0;
        // Winkler's boost applies only above 0.7 and grows with the common
        // prefix (at most 4 characters); without it Jaro itself must reach 0.8.
        if jaro <= 0.7 {
            return false;
        }
        let prefix = a
            .iter()
            .zip(b)
            .take(4)
            .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
            .count() as f64;
        jaro + 0.1 * prefix * (1.0 - jaro) >= 0.8
    }
}

/// [`Bound::could_be_close`] for one pair.
#[cfg(test)]
fn could_be_close(a: &str, b: &str) -> bool {
    Bound::new(a).could_be_close(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::doc::MdDoc;
    use crate::manifest::SectionManifest;

    fn manifest() -> SectionManifest {
        SectionManifest::from_toml(
            r#"kind = "t"
headings = """
# Plan*
## Summary
### Overview
## Agents
### Role Matrix
## Notes {optional}
### Details
"""
"#,
        )
        .unwrap()
    }

    fn run(md: &str) -> (SectionReport, MdDoc) {
        let doc = MdDoc::parse(md);
        (check(&doc.headings, &manifest()), doc)
    }

    #[test]
    fn the_cheap_bound_never_skips_a_pair_that_did_you_mean_would_accept() {
        // Strings over a small alphabet, so many pairs are close.
        let mut next = crate::test_rng::xorshift(0x2545_f491_u32);
        let words: Vec<String> = (0..400)
            .map(|_| {
                let len = 1 + next() % 12;
                (0..len)
                    .map(|_| char::from(b"abcAB e"[next() % 7]))
                    .collect()
            })
            .collect();
        let mut accepted = 0;
        for a in &words {
            for b in words.iter().take(60) {
                let score = strsim::jaro_winkler(&a.to_lowercase(), &b.to_lowercase());
                if score >= 0.8 {
                    accepted += 1;
                    assert!(could_be_close(a, b), "{a:?} {b:?} scores {score}");
                }
            }
        }
        assert!(
            accepted > 1000,
            "the test pairs should include many close ones"
        );
    }

    #[test]
    fn a_complete_document_has_nothing_missing() {
        let (r, _) = run("# Plan: X\n## Summary\n### Overview\n## Agents\n### Role Matrix\n");
        assert!(r.missing.is_empty() && r.out_of_order.is_empty());
        assert_eq!(r.matched.len(), 5);
    }

    #[test]
    fn a_missing_section_is_reported_once_at_its_highest_level() {
        let (r, _) = run("# Plan: X\n## Summary\n### Overview\n");
        let missing: Vec<_> = r.missing.iter().map(|m| m.section).collect();
        assert_eq!(missing, [3], "`### Role Matrix` is implied by `## Agents`");
    }

    #[test]
    fn sections_are_identified_by_path_not_title() {
        let (r, _) =
            run("# Other\n## Summary\n### Overview\n# Plan: X\n## Agents\n### Role Matrix\n");
        let missing: Vec<_> = r.missing.iter().map(|m| m.section).collect();
        assert_eq!(missing, [1]);
    }

    #[test]
    fn a_near_miss_is_offered_and_its_children_still_match() {
        let (r, doc) = run("# Plan: X\n## Sumary\n### Overview\n## Agents\n### Role Matrix\n");
        assert_eq!(r.missing.len(), 1);
        let near = r.missing[0].near_miss.unwrap();
        assert_eq!(doc.headings[near].title, "Sumary");
    }

    #[test]
    fn siblings_out_of_order_are_reported() {
        let (r, doc) = run("# Plan: X\n## Agents\n### Role Matrix\n## Summary\n### Overview\n");
        assert_eq!(r.out_of_order.len(), 1);
        let (h, after) = r.out_of_order[0];
        assert_eq!(doc.headings[h].title, "Agents");
        assert_eq!(doc.headings[after].title, "Summary");
    }

    #[test]
    fn optional_sections_and_their_subsections_may_be_absent_or_bare() {
        let (r, _) =
            run("# Plan: X\n## Summary\n### Overview\n## Agents\n### Role Matrix\n## Notes\n");
        assert!(r.missing.is_empty());
    }
}
