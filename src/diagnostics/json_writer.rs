//! A pretty-printed JSON object written field by field.
//!
//! In: keys and values, in order. Out: bytes laid out exactly as
//! `serde_json::to_writer_pretty` lays out the same object (two-space
//! indent, `"key": value`), nested `depth` levels deep, so a diagnostic can
//! be appended to a worker's buffer without building a value, a struct to
//! serialize, or a re-indented copy. Strings are escaped by `serde_json`.

use std::io;

use super::words;

/// An open JSON object; [`Object::close`] writes its `}`.
pub(super) struct Object<'o> {
    out: &'o mut Vec<u8>,
    depth: usize,
    empty: bool,
}

impl<'o> Object<'o> {
    /// Writes `{`; the caller has placed the cursor (indented) already.
    pub fn open(out: &'o mut Vec<u8>, depth: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            depth,
            empty: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'\n');
        pad(self.out, self.depth + 1);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    pub fn string(&mut self, key: &str, value: &str) -> io::Result<()> {
        self.key(key);
        // Nothing to escape (no `"`, `\\` or control character): the bytes
        // as they are, which is what serde_json writes for them.
        if !needs_escape(value.as_bytes()) {
            self.out.push(b'"');
            self.out.extend_from_slice(value.as_bytes());
            self.out.push(b'"');
            return Ok(());
        }
        serde_json::to_writer(&mut *self.out, value).map_err(io::Error::from)
    }

    pub fn number(&mut self, key: &str, value: usize) {
        self.key(key);
        let mut digits = [0; 20];
        let digits = super::paint::decimal(value, &mut digits);
        self.out.extend_from_slice(digits.as_bytes());
    }

    /// A nested object under `key`.
    pub fn object(&mut self, key: &str) -> Object<'_> {
        self.key(key);
        Object::open(self.out, self.depth + 1)
    }

    /// An array holding one object, under `key`.
    pub fn array_of_one(&mut self, key: &str) -> Object<'_> {
        self.key(key);
        self.out.extend_from_slice(b"[\n");
        pad(self.out, self.depth + 2);
        Object::open(self.out, self.depth + 2)
    }

    /// Closes an object made by [`Object::array_of_one`] and its array.
    pub fn close_in_array(self) {
        let depth = self.depth;
        let out = self.close();
        out.push(b'\n');
        pad(out, depth - 1);
        out.push(b']');
    }

    /// Writes `}` (on its own line unless the object is empty).
    pub fn close(self) -> &'o mut Vec<u8> {
        if !self.empty {
            self.out.push(b'\n');
            pad(self.out, self.depth);
        }
        self.out.push(b'}');
        self.out
    }
}

/// Does JSON need an escape anywhere in `bytes` (a `"`, a `\\` or a
/// control character)? Eight bytes at a time: it runs on every string of
/// every record.
fn needs_escape(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    for w in &mut chunks {
        let x = words::word(w);
        if words::any_below(x, 0x20) | words::any_equal(x, b'"') | words::any_equal(x, b'\\') {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Two spaces per level.
pub(super) fn pad(out: &mut Vec<u8>, depth: usize) {
    const SPACES: &[u8; 32] = b"                                ";
    let mut n = depth * 2;
    while n > 0 {
        let k = n.min(SPACES.len());
        out.extend_from_slice(&SPACES[..k]);
        n -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_padding_are_written_as_serde_json_writes_them() {
        for value in [
            "plain",
            "",
            "a\"b",
            "back\\slash",
            "tab\tnew\nline\u{1}",
            "é → \u{7f}",
            "a long plain value of more than eight bytes, é → \u{7f}",
            "a long value of more than eight bytes with a \" in it",
            "a long value of more than eight bytes with a \\ in it",
            "a long value of more than eight bytes with a \u{1f} in it",
            "\u{80}\u{a0}\u{ff} high bytes are not control characters",
        ] {
            let mut out = Vec::new();
            let mut o = Object::open(&mut out, 20);
            o.string("k", value).unwrap();
            o.close();
            let expected = format!(
                "{{\n{}\"k\": {}\n{}}}",
                " ".repeat(42),
                serde_json::to_string(value).unwrap(),
                " ".repeat(40)
            );
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}
