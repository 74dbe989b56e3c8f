//! Text building blocks of the human format: styles as ready escape codes
//! ([`Paint`]), decimal numbers and runs of one character appended to a
//! `String` without `core::fmt` (the printer runs once per finding).
//!
//! In: a [`Palette`] (from the printer) and values. Out: text appended to a
//! buffer.

use anstyle::Style;

use super::printer::Palette;
use super::Severity;

/// A style as the escape codes that switch it on and off (empty for no
/// style), so the diagnostics loop appends strings instead of formatting.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub on: &'static str,
    pub off: &'static str,
}

impl Paint {
    pub const NONE: Paint = Paint { on: "", off: "" };

    /// `s` in this style.
    pub fn push(self, out: &mut String, s: &str) {
        out.push_str(self.on);
        out.push_str(s);
        out.push_str(self.off);
    }
}

/// [`Palette`] rendered to [`Paint`]s.
#[derive(Debug, Clone, Copy)]
pub(super) struct Paints {
    pub bold: Paint,
    pub blue: Paint,
    pub cyan: Paint,
    pub error: Paint,
    pub warning: Paint,
}

impl Paints {
    pub fn new(color: bool) -> Paints {
        static COLOR: std::sync::LazyLock<Paints> = std::sync::LazyLock::new(|| {
            let p = Palette::COLOR;
            let paint = |s: Style| Paint {
                on: String::leak(s.render().to_string()),
                off: String::leak(s.render_reset().to_string()),
            };
            Paints {
                bold: paint(p.bold),
                blue: paint(p.blue),
                cyan: paint(p.cyan),
                error: paint(p.error),
                warning: paint(p.warning),
            }
        });
        if color {
            *COLOR
        } else {
            Paints {
                bold: Paint::NONE,
                blue: Paint::NONE,
                cyan: Paint::NONE,
                error: Paint::NONE,
                warning: Paint::NONE,
            }
        }
    }

    pub fn severity(&self, s: Severity) -> Paint {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
        }
    }
}

/// Appends `n` in decimal.
pub(super) fn push_num(out: &mut String, n: usize) {
    out.push_str(decimal(n, &mut [0; 20]));
}

/// `n` in decimal, written at the end of `digits`.
pub(super) fn decimal(mut n: usize, digits: &mut [u8; 20]) -> &str {
    let mut i = digits.len();
    loop {
        i -= 1;
        // invariant: `n % 10` is below 10, so this is an ASCII digit.
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // invariant: only ASCII digits were written from `i` on.
    std::str::from_utf8(&digits[i..]).unwrap_or("0")
}

/// Appends `c` `n` times.
pub(super) fn push_repeat(out: &mut String, c: char, n: usize) {
    const SPACES: &str = "                                                                ";
    const CARETS: &str = "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^";
    let run = match c {
        ' ' => SPACES,
        '^' => CARETS,
        _ => return out.extend(std::iter::repeat_n(c, n)),
    };
    let mut left = n;
    while left > 0 {
        let take = left.min(run.len());
        out.push_str(&run[..take]);
        left -= take;
    }
}
