//! Deliverable patterns expanded per target.
//!
//! In: a deliverable pattern (`stories/{story_id}/requirements.md`) and the
//! target it is expanded for (its path and the text its glob's first `*`
//! matched). Out: a root-relative path, or why the pattern cannot be
//! expanded. Variables:
//!
//! - `{target}`: the target path (`stories/login.md`);
//! - `{stem}`: the target's file name without its last extension (`login`);
//! - `{dir}`: the target's directory (`stories`; `.` at the root);
//! - any other `{name}` (`{story_id}`, `{id}`, ...): the text the first `*`
//!   of the target's glob matched, or the stem when the glob has no `*`.
//!
//! `{` not followed by a name and `}` is kept as written. Substituted text
//! is not expanded again. The result is normalized (`.` and empty
//! components dropped) and must stay inside the root.

use crate::validate::escapes;

/// The target a deliverable is expanded for.
#[derive(Debug, Clone, Copy)]
pub struct TargetVars<'a> {
    pub path: &'a str,
    pub capture: Option<&'a str>,
}

/// `login.md` → `login`, `a.tar.gz` → `a.tar`, `.env` → `.env`.
pub fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

fn dir(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => ".",
    }
}

/// The `{name}` at the start of `s`, if any: (name, length including braces).
fn variable(s: &str) -> Option<(&str, usize)> {
    let rest = s.strip_prefix('{')?;
    let end = rest.find('}')?;
    let name = &rest[..end];
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some((name, end + 2))
}

/// Whether `pattern` uses any variable.
pub fn has_variables(pattern: &str) -> bool {
    pattern
        .char_indices()
        .any(|(i, _)| variable(&pattern[i..]).is_some())
}

/// Expands `pattern` for `target` (`None`: an agent without targets, which
/// may not use variables).
pub fn expand(pattern: &str, target: Option<TargetVars<'_>>) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut i = 0;
    while i < pattern.len() {
        if let Some((name, len)) = variable(&pattern[i..]) {
            let Some(t) = target else {
                return Err(format!(
                    "uses `{{{name}}}`, but the agent has no targets to take it from"
                ));
            };
            out.push_str(match name {
                "target" => t.path,
                "stem" => stem(t.path),
                "dir" => dir(t.path),
                _ => t.capture.unwrap_or_else(|| stem(t.path)),
            });
            i += len;
        } else {
            // `i` is on a char boundary: it only moves by whole chars or variables.
            let c = pattern[i..].chars().next().unwrap_or('\0');
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    let normalized: Vec<&str> = out
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let path = normalized.join("/");
    if path.is_empty() {
        return Err(format!(
            "expands to an empty path{}",
            target
                .map(|t| format!(" for `{}`", t.path))
                .unwrap_or_default()
        ));
    }
    if escapes(&path) {
        return Err(format!(
            "expands to `{path}`, which leaves the root directory"
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t<'a>(path: &'a str, capture: Option<&'a str>) -> Option<TargetVars<'a>> {
        Some(TargetVars { path, capture })
    }

    #[test]
    fn story_id_is_the_text_the_first_star_matched() {
        assert_eq!(
            expand(
                "stories/{story_id}/requirements.md",
                t("stories/login.md", Some("login"))
            )
            .unwrap(),
            "stories/login/requirements.md"
        );
        assert_eq!(
            expand(
                "stories/{story_id}/test-plan.md",
                t("stories/login/requirements.md", Some("login"))
            )
            .unwrap(),
            "stories/login/test-plan.md"
        );
    }

    #[test]
    fn without_a_star_names_take_the_stem() {
        assert_eq!(
            expand("out/{id}.md", t("docs/api.v2.md", None)).unwrap(),
            "out/api.v2.md"
        );
    }

    #[test]
    fn target_stem_and_dir_are_always_available() {
        let v = t("src/auth/oauth2.rs", Some("auth"));
        assert_eq!(
            expand("reviews/{target}.md", v).unwrap(),
            "reviews/src/auth/oauth2.rs.md"
        );
        assert_eq!(
            expand("{dir}/{stem}.review.md", v).unwrap(),
            "src/auth/oauth2.review.md"
        );
        assert_eq!(
            expand("{dir}/x.md", t("top.md", Some("top"))).unwrap(),
            "x.md"
        );
    }

    #[test]
    fn braces_that_are_not_variables_stay() {
        assert_eq!(
            expand("a/{ not }/{1x}/b.md", t("s.md", None)).unwrap(),
            "a/{ not }/{1x}/b.md"
        );
        assert!(!has_variables("a/{ not }.md"));
        assert!(has_variables("a/{story_id}.md"));
    }

    #[test]
    fn agents_without_targets_cannot_use_variables() {
        assert_eq!(expand("design.md", None).unwrap(), "design.md");
        assert!(expand("{story_id}.md", None)
            .unwrap_err()
            .contains("no targets"));
    }

    #[test]
    fn expansions_may_not_leave_the_root_or_be_empty() {
        assert!(expand("{story_id}/x.md", t("s/...md", Some("..")))
            .unwrap_err()
            .contains("leaves the root"));
        assert!(expand("{story_id}", t("s/.md", Some("")))
            .unwrap_err()
            .contains("empty path"));
        assert_eq!(expand("./a//b.md", None).unwrap(), "a/b.md");
    }

    #[test]
    fn substituted_text_is_not_expanded_again() {
        assert_eq!(
            expand("x/{id}.md", t("s/{stem}.md", Some("{stem}"))).unwrap(),
            "x/{stem}.md"
        );
    }
}
