//! lint on arbitrary bytes: no panic, spans inside the text.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use planforge::lint::{LintConfig, Linter};

fuzz_target!(|data: &[u8]| {
    let Ok(file) = planforge::lint::read("fuzz.md", data.to_vec()) else {
        return;
    };
    let linter = Linter::new(LintConfig::default(), None).unwrap();
    for d in linter.lint_file(&Arc::new(file), None) {
        assert!(d.span.start <= d.span.end && d.span.end <= d.file.text.len());
        let _ = (d.start(), d.end());
    }
});
