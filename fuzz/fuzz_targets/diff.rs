//! diff of two arbitrary Markdown documents (the input split at the first
//! NUL): no panic, every format writes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planforge::diff::{self, DiffOptions, DocKind, Document, Side};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (old, new) = text.split_once('\0').unwrap_or((&text, ""));
    let side = |name: &str, text: &str| {
        Side::Document(Document {
            display: name.into(),
            kind: DocKind::Markdown,
            text: text.into(),
            dir: None,
        })
    };
    let Ok(report) = diff::diff(&side("old", old), &side("new", new), DiffOptions::default())
    else {
        return;
    };
    for format in [
        diff::format::Format::Terminal,
        diff::format::Format::Markdown,
        diff::format::Format::Json,
    ] {
        let opts = diff::format::Options {
            format,
            stat: false,
            context: 3,
        };
        diff::format::write(&mut Vec::new(), &report, opts).unwrap();
    }
});
