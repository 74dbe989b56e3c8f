//! "Did you mean ...?": the closest known name to a misspelt one.
//!
//! In: the misspelt word and the known names. Out: the best plausible
//! match, if any. A lookup costs at most [`MAX_SCORED`] similarity scores
//! whatever the number of names, so a spec with thousands of unknown
//! references against thousands of ids stays fast: candidates of a very
//! different length are skipped by a cheap length test first (a typo keeps
//! roughly the length), then scoring stops after [`MAX_SCORED`] names.

/// Most candidates scored for one word.
pub const MAX_SCORED: usize = 500;

/// The candidate closest to `word` by Jaro–Winkler similarity, if close enough
/// to be a plausible typo (similarity ≥ 0.8). Ties go to the earlier candidate.
/// Candidates more than about twice as long or half as short as `word` are
/// not considered.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = lower.chars().count();
    let plausible = |c: &str| {
        // Byte length bounds the character count from above: a cheap first cut.
        let upper = 2 * len + 2;
        if c.len() > 4 * upper {
            return false;
        }
        let n = c.chars().count();
        n <= upper && 2 * n + 2 >= len
    };
    let mut best: Option<(&str, f64)> = None;
    for c in candidates
        .into_iter()
        .filter(|c| plausible(c))
        .take(MAX_SCORED)
    {
        let score = if !c.is_ascii() || !lower.is_ascii() {
            strsim::jaro_winkler(&lower, &c.to_lowercase())
        } else if c.bytes().any(|b| b.is_ascii_uppercase()) {
            similarity(lower.as_bytes(), c.to_ascii_lowercase().as_bytes())
        } else {
            similarity(lower.as_bytes(), c.as_bytes())
        };
        if score >= 0.8 && best.is_none_or(|(_, b)| score > b) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// Jaro–Winkler over ASCII bytes: the same score as
/// [`strsim::jaro_winkler`] on the same text (a byte is a character, and the
/// same operations in the same order give the same bits), without decoding
/// characters. Names up to 64 bytes, nearly all of them, keep their match
/// flags in two words and look only inside the match window; longer ones go
/// to strsim.
fn similarity(a: &[u8], b: &[u8]) -> f64 {
    if a.len() > 64 || b.len() > 64 {
        return strsim::generic_jaro_winkler(&Bytes(a), &Bytes(b));
    }
    let sim = jaro(a, b);
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// strsim's `generic_jaro` for at most 64 bytes a side.
fn jaro(a: &[u8], b: &[u8]) -> f64 {
    let (la, lb) = (a.len(), b.len());
    if la == 0 && lb == 0 {
        return 1.0;
    } else if la == 0 || lb == 0 {
        return 0.0;
    }
    let range = (la.max(lb) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, &x) in a.iter().enumerate() {
        let (lo, hi) = (i.saturating_sub(range), lb.min(i + range + 1));
        for (j, &y) in b.iter().enumerate().take(hi).skip(lo) {
            if y == x && b_flags & (1 << j) == 0 {
                a_flags |= 1 << i;
                b_flags |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut matched_b = (0..lb).filter(|&j| b_flags & (1 << j) != 0).map(|j| b[j]);
    let mut transpositions = 0usize;
    for (i, &x) in a.iter().enumerate() {
        if a_flags & (1 << i) != 0 && matched_b.next().is_some_and(|y| y != x) {
            transpositions += 1;
        }
    }
    transpositions /= 2;
    ((matches as f64 / la as f64)
        + (matches as f64 / lb as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// A byte slice as `strsim`'s generic functions iterate it.
struct Bytes<'a>(&'a [u8]);

impl<'a> IntoIterator for &Bytes<'a> {
    type Item = u8;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, u8>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, similarity};

    #[test]
    fn the_byte_similarity_scores_exactly_as_strsim_does_on_ascii() {
        let words = [
            "",
            "a",
            "executive summary",
            "executive sumary",
            "risk assesment matrix",
            "risk assessment matrix",
            "agent ecosystem overveiw",
            "notes",
            "timeline",
            "multi-agent coordination architcture",
            "depends_on",
            "depend_on",
            "abcabc",
            "cba",
        ];
        for a in words {
            for b in words {
                let want = strsim::jaro_winkler(a, b);
                let got = similarity(a.as_bytes(), b.as_bytes());
                assert!(
                    want.to_bits() == got.to_bits(),
                    "{a:?} {b:?}: {want} vs {got}"
                );
            }
        }
    }

    #[test]
    fn the_word_sized_jaro_scores_exactly_as_strsim_on_many_pairs() {
        let mut next = crate::test_rng::xorshift(0x9e37_79b9_u32);
        let words: Vec<String> = (0..300)
            .map(|_| {
                let len = next() % 70;
                (0..len)
                    .map(|_| char::from(b"abcde -"[next() % 7]))
                    .collect()
            })
            .collect();
        for a in &words {
            for b in words.iter().take(80) {
                let want = strsim::jaro_winkler(a, b);
                let got = similarity(a.as_bytes(), b.as_bytes());
                assert_eq!(want.to_bits(), got.to_bits(), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_near_miss_is_suggested() {
        assert_eq!(
            did_you_mean("depend_on", ["name", "depends_on", "agent"]),
            Some("depends_on")
        );
    }

    #[test]
    fn an_abbreviation_still_finds_its_word() {
        assert_eq!(did_you_mean("dur", ["duration", "agent"]), Some("duration"));
    }

    #[test]
    fn a_lookup_among_very_many_names_is_bounded_and_still_finds_an_early_match() {
        let names: Vec<String> = (0..200_000).map(|i| format!("task-{i:06}")).collect();
        let start = std::time::Instant::now();
        let found = did_you_mean("task-00001x", names.iter().map(String::as_str));
        assert!(found.is_some_and(|f| f.starts_with("task-0000")));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn an_unrelated_word_gets_no_suggestion() {
        assert_eq!(did_you_mean("zzz", ["name", "depends_on"]), None);
    }
}
