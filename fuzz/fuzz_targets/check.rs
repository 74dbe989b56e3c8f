//! YAML loading + check on arbitrary bytes: no panic, spans inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let diags = match planforge::spec::load::from_bytes("fuzz.yaml", data.to_vec()) {
        Ok(file) => match planforge::spec::check_source(&file) {
            Ok(checked) => checked.warnings,
            Err(diags) => diags,
        },
        Err(d) => vec![d],
    };
    for d in &diags {
        assert!(d.span.start <= d.span.end && d.span.end <= d.file.text.len());
        let _ = (d.start(), d.end());
    }
});
