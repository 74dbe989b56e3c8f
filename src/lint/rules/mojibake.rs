//! `mojibake`: UTF-8 text that was once decoded as Windows-1252, Latin-1 or
//! Mac Roman (`Â±`, `Ã©`, `â€™`, `üöÄ`).
//!
//! In: everything outside code. Out: one finding per garbled sequence, with
//! the character it stands for. Pure-ASCII ranges are skipped at once.

use super::{Ctx, Finding, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "mojibake",
    name: "GarbledEncoding",
    default_severity: Severity::Warning,
    summary:
        "UTF-8 text garbled by a Latin-1 / Windows-1252 / Mac Roman round trip (`Â±`, `â€™`, `üöÄ`)",
    explain: r#"# mojibake (warning)

## What it does
Finds character sequences that are the bytes of one UTF-8 character read
in a legacy encoding: Windows-1252 or Latin-1 (`Â±` for `±`, `Ã©` for `é`,
`â€™` for `’`, `ðŸš€` for 🚀) and Mac Roman (`üöÄ` for 🚀, `‚Äô` for `’`,
`√©` for `é`, `¬∞` for `°`). It reports the character that was meant. A
lone U+F8FF (the private-use Apple logo, what a Mac Roman round trip makes
of an emoji's lead byte) is reported too. Code is not checked.

## Why
Garbled characters make a document look broken and hide meaning: `Â±X%`
was a tolerance, `üöÄ` was an emoji heading marker. Copying between tools
with different default encodings is the usual cause.

## Example
```markdown
### üöÄ Phase 1: Initialization
- **Timeline Adherence**: Â±5% variance
```

## Use instead
```markdown
### 🚀 Phase 1: Initialization
- **Timeline Adherence**: ±5% variance
```
"#,
    needs_kind: false,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for r in &ctx.doc.markup {
        let slice = &ctx.text[r.clone()];
        if slice.is_ascii() {
            continue;
        }
        let chars: Vec<(usize, char)> = slice.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            match garbled_at(&chars[i..]) {
                Some((n, meant, encoding)) => {
                    let start = r.start + chars[i].0;
                    let end = r.start + chars.get(i + n).map_or(slice.len(), |c| c.0);
                    out.push(finding(&ctx.text[start..end], start..end, meant, encoding));
                    i += n;
                }
                None => i += 1,
            }
        }
    }
}

fn finding(
    shown: &str,
    span: std::ops::Range<usize>,
    meant: Option<char>,
    encoding: &str,
) -> Finding {
    match meant {
        Some(meant) => Finding::new(span, format!("mojibake `{shown}`: UTF-8 read as {encoding}"))
            .help(format!("replace it with `{meant}`")),
        // A lone U+F8FF is the Mac Roman Apple logo standing for the lead
        // byte of an emoji whose other bytes were dropped: what was meant
        // cannot be recovered, only that something was lost.
        None => Finding::new(
            span,
            "private-use character U+F8FF (the Apple logo of Mac Roman): the remains of an emoji garbled by a Mac Roman round trip",
        )
        .help("replace it with the character that was meant (usually an emoji), or remove it"),
    }
}

/// If the characters at the start of `chars` are one garbled UTF-8
/// character: how many they are, the character meant (`None` when only a
/// lone Apple logo is left), and the encoding.
fn garbled_at(chars: &[(usize, char)]) -> Option<(usize, Option<char>, &'static str)> {
    let first = chars[0].1;
    if first.is_ascii() {
        return None;
    }
    // Windows-1252 / Latin-1: a lead byte and its continuation bytes.
    if let Some(lead @ 0xC2..=0xF4) = cp1252_byte(first) {
        let n = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => 3,
        };
        let conts = chars[1..].iter().take(n).map(|c| cp1252_byte(c.1));
        if let Some(meant) = decode(lead, conts, n) {
            return Some((n + 1, Some(meant), "Windows-1252"));
        }
    }
    mac_roman_at(chars)
}

/// Mac Roman round trips: `¬∞` (°), `√©` (é), `‚Äô` (’), `Ô∏è` (U+FE0F),
/// an emoji whose lead byte became the Apple logo (``) or was lost
/// (`üöÄ`), and a lone Apple logo.
fn mac_roman_at(chars: &[(usize, char)]) -> Option<(usize, Option<char>, &'static str)> {
    let first = chars[0].1;
    let (skip, lead, n) = match first {
        // Only `¬` and `√` leads (U+0080–U+00FF): other two-byte leads are
        // quotes and dashes that precede real letters (`“École”`).
        '¬' | '√' => (1, mac_roman_byte(first)?, 1),
        '\u{201A}' | 'Ô' => (1, mac_roman_byte(first)?, 2),
        '\u{F8FF}' => (1, 0xF0, 3),
        'ü' => (0, 0xF0, 3),
        _ => return None,
    };
    let conts = chars[skip..].iter().take(n).map(|c| mac_roman_cont(c.1));
    match decode(lead, conts, n) {
        // `√π`, `√∑` and the like are mathematics, not mojibake.
        Some(_) if n == 1 && first == '√' && is_math(chars.get(1).map(|c| c.1)) => None,
        Some(meant) => Some((skip + n, Some(meant), "Mac Roman")),
        None if first == '\u{F8FF}' => Some((1, None, "Mac Roman")),
        None => None,
    }
}

fn is_math(c: Option<char>) -> bool {
    matches!(
        c,
        Some('π' | '∞' | '∑' | '∏' | '∂' | '∫' | 'Ω' | '≠' | '≤' | '≥' | 'µ')
    )
}

/// The Mac Roman byte of a non-ASCII character (0x80–0xFF).
fn mac_roman_byte(c: char) -> Option<u8> {
    const HIGH: &str = concat!(
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø",
        "¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ",
    );
    HIGH.chars().position(|h| h == c).map(|p| 0x80 + p as u8)
}

/// The character that `lead` and exactly `n` continuation bytes encode, if
/// it lies in a range that mojibake plausibly comes from.
fn decode(lead: u8, conts: impl Iterator<Item = Option<u8>>, n: usize) -> Option<char> {
    let mut bytes = [lead, 0, 0, 0];
    let mut len = 1;
    for b in conts {
        bytes[len] = b.filter(|b| (0x80..=0xBF).contains(b))?;
        len += 1;
    }
    if len != n + 1 {
        return None;
    }
    let c = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    let plausible = match len {
        2 => lead != 0xC2 || u32::from(c) >= 0xA0,
        3 => matches!(u32::from(c), 0x2000..=0x2BFF | 0xFE00..=0xFE0F),
        _ => matches!(u32::from(c), 0x1F000..=0x1FAFF),
    };
    plausible.then_some(c)
}

/// The Windows-1252 byte of a character (Latin-1 for 0x80–0xFF).
fn cp1252_byte(c: char) -> Option<u8> {
    const HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8d}Ž\u{8f}\u{90}‘’“”•–—˜™š›œ\u{9d}žŸ";
    match u32::from(c) {
        0x80..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => HIGH.chars().position(|h| h == c).map(|p| 0x80 + p as u8),
    }
}

/// The Mac Roman byte of a character, if it is a UTF-8 continuation byte
/// (0x80–0xBF).
fn mac_roman_cont(c: char) -> Option<u8> {
    mac_roman_byte(c).filter(|b| *b <= 0xBF)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::{findings, flagged};

    #[test]
    fn garbled_sequences_of_the_issue_are_found_with_the_meant_character() {
        let text = "Â± and Ã© and â€™ and üöÄ and ðŸš€ and ‚Äô\n";
        assert_eq!(
            flagged(&RULE, text, None),
            ["Â±", "Ã©", "â€™", "üöÄ", "ðŸš€", "‚Äô"]
        );
        let helps: Vec<_> = findings(&RULE, text, None)
            .into_iter()
            .map(|f| f.help.unwrap())
            .collect();
        assert_eq!(helps[0], "replace it with `±`");
        assert_eq!(helps[3], "replace it with `🚀`");
    }

    #[test]
    fn real_accents_symbols_and_emoji_are_not_mojibake() {
        let text = "Café, naïve, Ærø, Müller, ±5 %, 🚀 “quoted” — à la carte, São Paulo, Ñandú «oui»\n\n`Ã©`\n";
        assert!(
            flagged(&RULE, text, None).is_empty(),
            "{:?}",
            flagged(&RULE, text, None)
        );
    }

    #[test]
    fn mac_roman_round_trips_and_a_lone_apple_logo_are_found() {
        let text = "√©t√© at 20¬∞C, the ‚Äôquote‚Äô, ‚ù§Ô∏è and \u{F8FF} Performance Optimization Patterns\n";
        assert_eq!(
            flagged(&RULE, text, None),
            ["√©", "√©", "¬∞", "‚Äô", "‚Äô", "‚ù§", "Ô∏è", "\u{F8FF}"]
        );
        let found = findings(&RULE, text, None);
        assert_eq!(found[0].help.as_deref(), Some("replace it with `é`"));
        assert_eq!(found[2].help.as_deref(), Some("replace it with `°`"));
        assert!(found[7].message.contains("U+F8FF"), "{}", found[7].message);
    }

    #[test]
    fn mathematics_and_typographic_quotes_before_capitals_are_not_mojibake() {
        let text = "√π ≈ 1.77, √∑x, “École” and “Ñandú”, ‘Über’ – Öl\n";
        assert!(
            flagged(&RULE, text, None).is_empty(),
            "{:?}",
            flagged(&RULE, text, None)
        );
    }
}
