//! Slot names: the normalized key a token, a values-file key and a `--set`
//! name are compared by.
//!
//! In: a name as written (`PROJECT_NAME`, `Project Name`, `project_name`,
//! `projectName`, `project.name`). Out: `project_name` (or, for dotted
//! paths, `project.name`): lower case, words joined by `_`, camelCase split,
//! `%` spelt `pct`, each `.`-separated segment normalized on its own.

/// The normalized key of one path segment (a `.` is a word break here).
pub fn normalize_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut prev: Option<char> = None;
    let word_break = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    };
    for c in name.chars() {
        if c.is_alphanumeric() {
            let camel =
                c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
            if camel {
                word_break(&mut out);
            }
            out.extend(c.to_lowercase());
        } else if c == '%' {
            word_break(&mut out);
            out.push_str("pct");
        } else {
            word_break(&mut out);
        }
        prev = Some(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The normalized key of a name that may be a dotted path (`project.name`).
pub fn normalize_path(name: &str) -> String {
    if !name.contains('.') {
        return normalize_segment(name);
    }
    name.split('.')
        .map(normalize_segment)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::{normalize_path, normalize_segment};

    #[test]
    fn every_spelling_of_a_name_gives_the_same_key() {
        for name in [
            "PROJECT_NAME",
            "Project Name",
            "project_name",
            "projectName",
            "project-name",
        ] {
            assert_eq!(normalize_segment(name), "project_name", "{name}");
        }
    }

    #[test]
    fn percent_digits_and_separators_are_kept_as_words() {
        assert_eq!(normalize_segment("UTIL%"), "util_pct");
        assert_eq!(normalize_segment("Objective 1"), "objective_1");
        assert_eq!(
            normalize_segment("START_DATE - END_DATE"),
            "start_date_end_date"
        );
        assert_eq!(normalize_segment("Sprint/Phase 2:"), "sprint_phase_2");
    }

    #[test]
    fn dotted_paths_are_normalized_segment_by_segment() {
        assert_eq!(
            normalize_path("Project.displayName"),
            "project.display_name"
        );
        assert_eq!(normalize_path("app_name"), "app_name");
    }
}
