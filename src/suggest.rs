//! "Did you mean ...?": the closest known name to a misspelt one.

/// The candidate closest to `word` by Jaro–Winkler similarity, if close enough
/// to be a plausible typo (similarity ≥ 0.8). Ties go to the earlier candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(_, b)| score > b) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn a_near_miss_is_suggested() {
        assert_eq!(
            did_you_mean("depend_on", ["name", "depends_on", "agent"]),
            Some("depends_on")
        );
    }

    #[test]
    fn an_unrelated_word_gets_no_suggestion() {
        assert_eq!(did_you_mean("zzz", ["name", "depends_on"]), None);
    }
}
