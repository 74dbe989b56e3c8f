//! Brace slots: `{{name}}`, `{name}`, `${NAME}`, told apart from the
//! template and site-generator syntax that uses the same braces (Hugo
//! shortcodes, mdBook directives, Handlebars blocks, Liquid/Jinja/Go
//! expressions, GitHub Actions `${{ }}`), and the code-block languages
//! that template themselves.
//!
//! In: a candidate with its delimiters and its [`Context`], or a range to
//! scan. Out: a [`Kind`] or nothing; [`Token`]s for a scan.

use std::ops::Range;

use memchr::{memchr, memmem};

use super::{CodeLang, Context, Kind, Place, Token};

/// Template keywords that stand alone in braces (`{{ end }}`, `{{else}}`,
/// `{{ content }}`): syntax, not slots.
const KEYWORDS: &[&str] = &[
    "block", "break", "content", "continue", "define", "each", "else", "end", "endblock", "endfor",
    "endif", "endraw", "false", "if", "nil", "raw", "range", "super", "template", "this", "true",
    "unless", "with", "yield",
];

const SHELL: &[&str] = &[
    "bash",
    "bat",
    "batch",
    "cmd",
    "console",
    "dos",
    "doscon",
    "fish",
    "posh",
    "powershell",
    "ps",
    "ps1",
    "pwsh",
    "sh",
    "sh-session",
    "shell",
    "shell-session",
    "shellsession",
    "terminal",
    "zsh",
];
const TEXT: &[&str] = &[
    "",
    "dotenv",
    "env",
    "json",
    "json5",
    "jsonc",
    "log",
    "none",
    "output",
    "plain",
    "plaintext",
    "text",
    "txt",
];
const TEMPLATING: &[&str] = &[
    "astro",
    "django",
    "ejs",
    "erb",
    "go-html-template",
    "go-template",
    "go-text-template",
    "gotemplate",
    "gotmpl",
    "handlebars",
    "hbs",
    "helm",
    "htm",
    "html",
    "htmldjango",
    "hugo",
    "j2",
    "jinja",
    "jinja2",
    "jsx",
    "liquid",
    "mustache",
    "njk",
    "nunjucks",
    "svelte",
    "svg",
    "tmpl",
    "tpl",
    "tsx",
    "twig",
    "vue",
    "xhtml",
    "xml",
];

pub(super) fn code_lang(lang: &str) -> CodeLang {
    if SHELL.contains(&lang) {
        CodeLang::Shell
    } else if TEXT.contains(&lang) {
        CodeLang::Text
    } else if matches!(lang, "yaml" | "yml") {
        CodeLang::Yaml
    } else if lang == "toml" {
        CodeLang::Toml
    } else if matches!(lang, "md" | "markdown" | "mdx") {
        CodeLang::Markdown
    } else if TEMPLATING.contains(&lang) {
        CodeLang::Templating
    } else {
        CodeLang::Other
    }
}

/// Which documentation or template syntax a brace candidate is.
pub(super) fn site_syntax(candidate: &str) -> Option<&'static str> {
    if candidate.starts_with("${{") {
        return Some("a GitHub Actions expression");
    }
    if candidate.starts_with("{%") {
        return Some("a Liquid/Jinja tag");
    }
    let inner = candidate.strip_prefix("{{")?;
    let mdbook = ["#include", "#rustdoc_include", "#playground", "#title"];
    Some(match inner.as_bytes().first()? {
        b'<' | b'%' => "a Hugo shortcode",
        b'#' if mdbook.iter().any(|d| inner.starts_with(d)) => "an mdBook directive",
        b'#' | b'/' | b'>' | b'!' | b'^' | b'&' | b'~' | b'@' | b'{' => "a Handlebars block",
        b'-' => "a Go template action",
        _ if is_expression(inner.trim_end_matches('}').trim()) => "a template expression",
        _ => return None,
    })
}

/// Dotted paths, filters, calls, strings, variables, operators: an
/// expression of the template language, not a slot name.
fn is_expression(t: &str) -> bool {
    t.bytes().any(|b| {
        matches!(
            b,
            b'.' | b'|'
                | b'('
                | b')'
                | b'"'
                | b'\''
                | b'$'
                | b':'
                | b'='
                | b'['
                | b']'
                | b','
                | b'+'
                | b'*'
                | b'/'
                | b'\\'
                | b'<'
                | b'>'
                | b'!'
                | b'?'
                | b'&'
                | b'%'
                | b'#'
                | b'`'
                | b'{'
                | b'}'
        )
    })
}

/// Words of letters and digits, single spaces between them.
fn words(t: &str) -> Option<Vec<&str>> {
    let ws: Vec<&str> = t.split(' ').collect();
    let ok = ws.iter().all(|w| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }) && ws.len() <= 8;
    ok.then_some(ws)
}

/// `snake_case`, `SCREAMING_CASE`, `camelCase` or `Title Case`: a name only
/// a template would hold.
fn is_slot_name(ws: &[&str]) -> bool {
    let title = ws
        .iter()
        .all(|w| w.as_bytes()[0].is_ascii_uppercase() && !w.contains('_'));
    let [w] = ws else {
        return title;
    };
    let b = w.as_bytes();
    let snake = w.contains('_') && b[0].is_ascii_alphabetic();
    let camel = b[0].is_ascii_lowercase() && b.iter().any(u8::is_ascii_uppercase);
    title || snake || camel
}

pub(super) fn double(candidate: &str, ctx: &Context<'_>) -> Option<Kind> {
    if site_syntax(candidate).is_some() {
        return None;
    }
    let raw = candidate.strip_prefix("{{")?.strip_suffix("}}")?;
    let t = raw.trim();
    let ws = words(t)?;
    let keyword = ws.len() == 1 && KEYWORDS.contains(&t);
    // `{{ name }}` with spaces is how Liquid, Jinja and Go write a variable;
    // JAEGIS-style slots are `{{app_name}}`. Spaced forms count in prose
    // unless the document uses such a language, and in code only in a
    // document that is visibly a template (and then not a lone lower-case
    // word, which is what template languages write).
    let spaced = raw != t;
    if keyword || (spaced && ctx.templating) {
        return None;
    }
    match ctx.place {
        Place::Prose | Place::Heading => Some(Kind::DoubleBrace),
        Place::Code { lang, template_doc } => {
            // A lone `{{name}}` is Mustache in a text block, a leftover in
            // a shell script.
            let named = is_slot_name(&ws);
            let shape = if spaced {
                template_doc && named
            } else {
                named || template_doc || lang == CodeLang::Shell
            };
            (lang.checks_braces(template_doc) && shape).then_some(Kind::DoubleBrace)
        }
    }
}

pub(super) fn single(candidate: &str, ctx: &Context<'_>) -> Option<Kind> {
    let t = candidate.strip_prefix('{')?.strip_suffix('}')?;
    if t.trim() != t || matches!(ctx.place, Place::Code { .. }) {
        return None;
    }
    let ws = words(t)?;
    let b = t.as_bytes();
    let snake = ws.len() == 1 && t.contains('_') && b[0].is_ascii_alphabetic() && {
        let lower = b.iter().all(|c| !c.is_ascii_uppercase());
        let upper = b.iter().all(|c| !c.is_ascii_lowercase());
        (lower || upper) && !t.contains('-') && !t.split('_').any(str::is_empty)
    };
    let title = t.len() >= 2
        && ws
            .iter()
            .all(|w| w.as_bytes()[0].is_ascii_uppercase() && !w.contains(['_', '-']));
    let heading_word = ctx.place == Place::Heading
        && ws.len() == 1
        && b[0].is_ascii_alphabetic()
        && !t.contains('-');
    (snake || title || heading_word).then_some(Kind::SingleBrace)
}

pub(super) fn dollar(candidate: &str, ctx: &Context<'_>) -> Option<Kind> {
    let t = candidate.strip_prefix("${")?.strip_suffix('}')?;
    let b = t.as_bytes();
    let name = b.first().is_some_and(u8::is_ascii_alphabetic)
        && t.contains('_')
        && !t.split('_').any(str::is_empty)
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        && (b.iter().all(|c| !c.is_ascii_lowercase()) || b.iter().all(|c| !c.is_ascii_uppercase()));
    (name && !matches!(ctx.place, Place::Code { .. }) && !mentions_shell(ctx))
        .then_some(Kind::Dollar)
}

/// `Shell users can write ${HOME_DIR}`: a line about the shell or the
/// environment shows a variable, not a slot.
fn mentions_shell(ctx: &Context<'_>) -> bool {
    let line = format!("{} {}", ctx.before, ctx.after).to_ascii_lowercase();
    [
        "shell",
        "environment",
        "env var",
        "variable",
        "export ",
        "bash",
        "expand",
        "interpolat",
    ]
    .iter()
    .any(|w| line.contains(w))
}

/// Brace slots in `text[range]` at `place`.
pub(super) fn scan(
    text: &str,
    range: Range<usize>,
    place: Place,
    templating: bool,
    out: &mut Vec<Token>,
) {
    if let Place::Code { lang, template_doc } = place {
        if !lang.checks_braces(template_doc) {
            return;
        }
    }
    let bytes = text.as_bytes();
    let mut i = range.start;
    while let Some(off) = memchr(b'{', &bytes[i..range.end]) {
        let at = i + off;
        i = at + 1;
        let line_end = super::line_end(bytes, at, range.end);
        let prev = at.checked_sub(1).map(|p| bytes[p]);
        // Within the range: a range may end between the two braces.
        let double = at + 1 < line_end && bytes[at + 1] == b'{';
        if double {
            // `{{ ... }}` as a whole: what is inside is never a `{x}` slot.
            let Some(close) = memmem::find(&bytes[at + 2..line_end], b"}}") else {
                continue;
            };
            let end = at + 2 + close + 2;
            i = end;
            if matches!(prev, Some(b'$' | b'\\' | b'{' | b'@' | b'%' | b'#')) {
                continue;
            }
            push(text, at..end, place, templating, out);
            continue;
        }
        // `\{x}`, `@{x}`, `#{x}`, and LaTeX (`\hat{y}_c`, `x^{n}`, `{a}{b}`).
        let glued =
            prev.is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, b'}' | b'^' | b'_'));
        if glued || matches!(prev, Some(b'\\' | b'@' | b'%' | b'#' | b'{')) {
            continue;
        }
        let Some(close) = memchr(b'}', &bytes[at + 1..line_end]) else {
            continue;
        };
        // `/users/{user_id}/posts`: an API path parameter, not a slot.
        if prev == Some(b'/') {
            continue;
        }
        let start = if prev == Some(b'$') { at - 1 } else { at };
        push(text, start..at + close + 2, place, templating, out);
    }
}

fn push(text: &str, span: Range<usize>, place: Place, templating: bool, out: &mut Vec<Token>) {
    let ctx = Context::around(text, &span, place).templating(templating);
    if let Some(kind) = super::classify(&text[span.clone()], &ctx) {
        out.push(Token { span, kind });
    }
}
