//! Target globs: parsing, matching and the capture that names a target.
//!
//! In: a target pattern as written in the spec (`stories/*.md`). Out: a
//! [`TargetGlob`] that matches `/`-separated paths relative to the root and
//! returns, for a match, the text its first `*` matched (the value of
//! `{story_id}` in deliverable patterns). The syntax is small on purpose:
//!
//! - `*` matches any run of characters within one path component;
//! - `**` as a whole component matches zero or more directories;
//! - `?` matches one character other than `/`;
//! - `[abc]`, `[a-z]`, `[!abc]` match one character of (not of) a class;
//! - everything else matches itself.
//!
//! A pattern without wildcards names one file. The "first `*`" is the
//! first single `*` (never a `**`), so `src/**/*.rs` captures the file stem
//! part of `src/auth/oauth2.rs`, `oauth2`.

use regex::Regex;

/// A parsed target pattern.
#[derive(Debug, Clone)]
pub struct TargetGlob {
    /// The pattern as written.
    pub pattern: String,
    regex: Regex,
    /// Whether a single `*` is captured (group 1).
    captures: bool,
    /// Leading components without wildcards: the directory to walk.
    pub prefix: String,
    /// Components below `prefix` a match can have, `None` when `**` makes
    /// the depth unbounded.
    pub depth: Option<usize>,
}

/// A match of a target glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobMatch {
    /// Text the first `*` matched; `None` when the pattern has no `*`.
    pub capture: Option<String>,
}

fn is_wild(component: &str) -> bool {
    component.contains(['*', '?', '['])
}

impl TargetGlob {
    /// Parses `pattern`; the error says what is wrong with it.
    pub fn new(pattern: &str) -> Result<TargetGlob, String> {
        let components: Vec<&str> = pattern
            .split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .collect();
        if components.is_empty() {
            return Err("names no file".into());
        }
        let literal = components.iter().take_while(|c| !is_wild(c)).count();
        // A fully literal pattern is walked from its parent directory.
        let prefix_len = if literal == components.len() {
            literal.saturating_sub(1)
        } else {
            literal
        };
        let prefix = components[..prefix_len].join("/");
        let rest = &components[prefix_len..];
        let depth = if rest.contains(&"**") {
            None
        } else {
            Some(rest.len())
        };
        let mut re = String::from("^");
        let mut captures = false;
        for (i, comp) in components.iter().enumerate() {
            let last = i + 1 == components.len();
            if *comp == "**" {
                // Zero or more whole directories (or, last, anything below).
                re.push_str(if last {
                    "(?:[^/]+/)*[^/]+"
                } else {
                    "(?:[^/]+/)*"
                });
                continue;
            }
            translate_component(comp, &mut re, &mut captures)?;
            if !last {
                re.push('/');
            }
        }
        re.push('$');
        let regex = Regex::new(&re).map_err(|e| format!("cannot be matched: {e}"))?;
        Ok(TargetGlob {
            pattern: pattern.to_string(),
            regex,
            captures,
            prefix,
            depth,
        })
    }

    /// Matches a root-relative path.
    pub fn matches(&self, path: &str) -> Option<GlobMatch> {
        let caps = self.regex.captures(path)?;
        let capture = if self.captures {
            caps.get(1).map(|m| m.as_str().to_string())
        } else {
            None
        };
        Some(GlobMatch { capture })
    }
}

fn translate_component(comp: &str, re: &mut String, captures: &mut bool) -> Result<(), String> {
    let chars: Vec<char> = comp.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => {
                if chars.get(i + 1) == Some(&'*') {
                    return Err("`**` must be a whole path component, as in `src/**/*.rs`".into());
                }
                if *captures {
                    re.push_str("[^/]*");
                } else {
                    re.push_str("([^/]*)");
                    *captures = true;
                }
            }
            '?' => re.push_str("[^/]"),
            '[' => {
                let close = chars[i + 1..]
                    .iter()
                    .enumerate()
                    .position(|(j, &c)| c == ']' && !(j == 0 || (j == 1 && chars[i + 1] == '!')))
                    .map(|j| i + 1 + j)
                    .ok_or_else(|| "has a `[` without its closing `]`".to_string())?;
                re.push_str(&class(&chars[i + 1..close]));
                i = close;
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    Ok(())
}

/// `[!a-z]` → `[^/a-z]`; punctuation is escaped except `-` between two members.
fn class(members: &[char]) -> String {
    let (negated, members) = match members.first() {
        Some('!') => (true, &members[1..]),
        _ => (false, members),
    };
    let mut out = String::from(if negated { "[^/" } else { "[" });
    for (j, &c) in members.iter().enumerate() {
        let range = c == '-' && j > 0 && j + 1 < members.len();
        if range {
            out.push('-');
        } else if c.is_ascii_punctuation() && !matches!(c, '<' | '>') {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    if !negated {
        // A class never matches the separator.
        out.push_str("&&[^/]");
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::TargetGlob;

    fn cap(pattern: &str, path: &str) -> Option<Option<String>> {
        TargetGlob::new(pattern)
            .unwrap()
            .matches(path)
            .map(|m| m.capture)
    }

    #[test]
    fn a_star_stays_inside_one_component_and_is_captured() {
        assert_eq!(
            cap("stories/*.md", "stories/login.md"),
            Some(Some("login".into()))
        );
        assert_eq!(cap("stories/*.md", "stories/login/requirements.md"), None);
        assert_eq!(
            cap("stories/*/requirements.md", "stories/login/requirements.md"),
            Some(Some("login".into()))
        );
    }

    #[test]
    fn double_star_spans_directories_and_is_not_captured() {
        assert_eq!(
            cap("src/**/*.rs", "src/auth/oauth2.rs"),
            Some(Some("oauth2".into()))
        );
        assert_eq!(cap("src/**/*.rs", "src/main.rs"), Some(Some("main".into())));
        assert_eq!(cap("src/**", "src/a/b/c.rs"), Some(None));
        assert_eq!(cap("**/*.md", "a.md"), Some(Some("a".into())));
    }

    #[test]
    fn literal_patterns_match_only_themselves() {
        assert_eq!(cap("docs/a.md", "docs/a.md"), Some(None));
        assert_eq!(cap("docs/a.md", "docs/abmd"), None);
        let g = TargetGlob::new("docs/a.md").unwrap();
        assert_eq!((g.prefix.as_str(), g.depth), ("docs", Some(1)));
    }

    #[test]
    fn classes_and_question_marks_match_one_character() {
        assert_eq!(cap("s/[a-c]?.md", "s/bx.md"), Some(None));
        assert_eq!(cap("s/[!a-c]?.md", "s/bx.md"), None);
        assert_eq!(cap("s/?.md", "s//.md"), None);
    }

    #[test]
    fn prefix_and_depth_bound_the_walk() {
        let g = TargetGlob::new("stories/*/requirements.md").unwrap();
        assert_eq!((g.prefix.as_str(), g.depth), ("stories", Some(2)));
        let g = TargetGlob::new("src/**/*.rs").unwrap();
        assert_eq!((g.prefix.as_str(), g.depth), ("src", None));
        let g = TargetGlob::new("*.md").unwrap();
        assert_eq!((g.prefix.as_str(), g.depth), ("", Some(1)));
    }

    #[test]
    fn dot_and_empty_components_are_ignored() {
        assert_eq!(
            cap("./stories//*.md", "stories/a.md"),
            Some(Some("a".into()))
        );
    }

    #[test]
    fn malformed_patterns_are_refused_with_a_reason() {
        assert!(TargetGlob::new("./").unwrap_err().contains("no file"));
        assert!(TargetGlob::new("a/[bc").unwrap_err().contains("`[`"));
        assert!(TargetGlob::new("a/x**.md").unwrap_err().contains("`**`"));
    }
}
