//! Making input text safe to print on a terminal.
//!
//! In: any text that came from an input (spec keys and values, file
//! contents, file names). Out: the same text with every character that a
//! terminal would interpret instead of show replaced by one visible
//! character, so an OSC "set title", a CSI "clear screen" or a colour
//! sequence in a spec is printed, not obeyed. C0 controls become their
//! Unicode control pictures (`ESC` → `␛`, `BEL` → `␇`), DEL becomes `␡`, C1
//! controls and bidirectional overrides (which reorder what the reader
//! sees, "Trojan Source") become `�`. One character stays one character, so
//! carets under escaped source lines stay aligned.
//!
//! Every terminal message goes through [`terminal`]: the human diagnostic
//! printer, the terminal diff and the CLI's error line.

use std::borrow::Cow;

use super::words;

/// Escapes what a terminal would interpret. `keep_newlines`: leave `\n` and
/// `\t` as they are (multi-line help text); otherwise they are escaped too.
pub fn terminal(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if is_plain(s.as_bytes(), keep_newlines) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| replacement(c, keep_newlines).unwrap_or(c))
            .collect(),
    )
}

/// Does `bytes` (UTF-8) hold nothing [`replacement`] would replace? Eight
/// bytes at a time while they are printable ASCII (the usual case: it runs
/// on every message printed); elsewhere byte by byte, on the UTF-8 encodings
/// of the replaced characters, without decoding.
fn is_plain(bytes: &[u8], keep_newlines: bool) -> bool {
    let mut at = 0;
    for w in bytes.chunks_exact(8) {
        let x = words::word(w);
        if words::any_below(x, 0x20) | words::any_equal(x, 0x7f) | words::any_high(x) {
            break;
        }
        at += 8;
    }
    let b = bytes;
    let mut i = at;
    while i < b.len() {
        let unsafe_here = match b[i] {
            b'\n' | b'\t' => !keep_newlines,
            0x00..=0x1f | 0x7f => true,
            // U+0080..U+009F (C1 controls)
            0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
            // U+061C (Arabic letter mark)
            0xd8 => b.get(i + 1) == Some(&0x9c),
            // U+200E, U+200F, U+202A..U+202E, U+2066..U+2069
            0xe2 => matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
            ),
            _ => false,
        };
        if unsafe_here {
            return false;
        }
        i += 1;
    }
    true
}

/// Appends [`terminal`]`(s, false)` to `out`, with tabs shown as spaces
/// (a source line under a caret: one character stays one column).
pub fn push_line(out: &mut String, s: &str) {
    if is_plain(s.as_bytes(), false) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            c => out.push(replacement(c, false).unwrap_or(c)),
        }
    }
}

fn replacement(c: char, keep_newlines: bool) -> Option<char> {
    match c {
        '\n' | '\t' if keep_newlines => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::terminal;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let hostile = "key\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m";
        let safe = terminal(hostile, true);
        assert_eq!(safe, "key␛]0;owned␇␛[2J\u{fffd}31m");
        assert!(!safe.chars().any(|c| c.is_control()));
    }

    #[test]
    fn ordinary_text_is_borrowed_and_newlines_are_kept_on_request() {
        assert!(matches!(
            terminal("é ü → x", false),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(terminal("a\n\tb\r", true), "a\n\tb␍");
        assert_eq!(terminal("a\nb", false), "a␊b");
        assert_eq!(
            terminal("a\tb\x7f", false),
            "a␉b␡",
            "ASCII controls leave the fast path"
        );
        assert!(matches!(
            terminal("[PROJECT_NAME] {{x}}", false),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_byte_check_agrees_with_the_replacement_table_on_every_character() {
        for c in (0..=0x3000u32)
            .chain(0xfff0..=0x10ffff)
            .filter_map(char::from_u32)
        {
            for keep in [false, true] {
                let s = format!("ab{c}cdefghij{c}");
                let plain = super::is_plain(s.as_bytes(), keep);
                assert_eq!(
                    plain,
                    super::replacement(c, keep).is_none(),
                    "U+{:04X} keep={keep}",
                    c as u32
                );
                assert_eq!(
                    matches!(terminal(&s, keep), std::borrow::Cow::Borrowed(_)),
                    plain
                );
            }
        }
    }

    #[test]
    fn bidirectional_overrides_are_neutralised() {
        assert_eq!(
            terminal("a\u{202e}b\u{2066}c", false),
            "a\u{fffd}b\u{fffd}c"
        );
    }
}
