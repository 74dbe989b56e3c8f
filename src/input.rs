//! Reading input files: one size limit, regular files only, no blocking.
//!
//! In: a path named on the command line or met in a directory walk. Out:
//! its bytes, or an [`InputError`] saying why it was not read. Every command
//! that reads an input (`check`, `compile`, `diff`, `diff --textconv`,
//! `lint`) reads through [`read`], so they share one limit,
//! [`DEFAULT_MAX_SIZE`] (16 MiB) unless `--max-size` sets another. The file
//! type is checked before the file is opened: a FIFO, socket or device
//! (`/dev/zero`) is refused without being opened, so nothing blocks or reads
//! forever; a file that grows past the limit while being read is cut off at
//! limit + 1 bytes and refused. A file a directory walk listed as regular
//! is opened (non-blocking) before it is checked: [`read_listed`].

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The size limit when `--max-size` is not given: far above any real spec
/// or plan document, far below what would exhaust memory.
pub const DEFAULT_MAX_SIZE: u64 = 16 * 1024 * 1024;

/// The process-wide limit; set once by the CLI from `--max-size`.
static MAX_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_SIZE);

/// Sets the size limit of every later [`read`].
pub fn set_max_size(bytes: u64) {
    MAX_SIZE.store(bytes, Ordering::Relaxed);
}

/// The size limit in force.
pub fn max_size() -> u64 {
    MAX_SIZE.load(Ordering::Relaxed)
}

/// Why an input was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Missing, a directory, no permission, ...: an I/O error (exit 2).
    #[error("{0}")]
    Io(String),
    /// A FIFO, socket or device: refused unopened (exit 2).
    #[error("it is {0}, not a regular file; pass a file")]
    NotRegular(&'static str),
    /// Larger than the limit: a bad input, reported like one.
    #[error("it is larger than {}", size_text(*limit))]
    TooLarge { limit: u64 },
}

impl InputError {
    /// The help line for a [`InputError::TooLarge`].
    pub fn too_large_help() -> &'static str {
        "check that this is the right file, or raise the limit with `--max-size` (e.g. `--max-size 64MiB`)"
    }
}

/// Reads a regular file of at most [`max_size`] bytes.
pub fn read(path: &Path) -> Result<Vec<u8>, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::Io(io_reason(&e)))?;
    check(&meta)?;
    let file = std::fs::File::open(path).map_err(|e| InputError::Io(io_reason(&e)))?;
    read_file(file, &meta)
}

/// [`read`] for a file that a directory walk listed as regular: opened
/// first and then checked (`fstat` on the open file), one path lookup
/// fewer per file. It is opened non-blocking, so a FIFO put in its place
/// since the walk cannot block the open, and anything but a regular file
/// is still refused unread. (A device cannot appear there without the
/// right to create device nodes; a path named on the command line goes
/// through [`read`], which never opens one.)
pub fn read_listed(path: &Path) -> Result<Vec<u8>, InputError> {
    let file = open_nonblocking(path).map_err(|e| InputError::Io(io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| InputError::Io(io_reason(&e)))?;
    check(&meta)?;
    read_file(file, &meta)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// A regular file within the limit, or why not.
fn check(meta: &std::fs::Metadata) -> Result<(), InputError> {
    if meta.is_dir() {
        return Err(InputError::Io("it is a directory".into()));
    }
    if !meta.is_file() {
        return Err(InputError::NotRegular(special_kind(meta)));
    }
    let limit = max_size();
    if meta.len() > limit {
        return Err(InputError::TooLarge { limit });
    }
    Ok(())
}

/// Reads an open regular file that [`check`] accepted.
fn read_file(file: std::fs::File, meta: &std::fs::Metadata) -> Result<Vec<u8>, InputError> {
    // Sized from the metadata, so a small file is one `read` (plus the one
    // that sees the end) instead of a probe and several growths.
    let capacity = usize::try_from(meta.len()).unwrap_or(0).saturating_add(1);
    read_into(file, max_size(), Vec::with_capacity(capacity))
}

/// Reads at most `limit` bytes from a stream (standard input).
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, InputError> {
    read_into(reader, limit, Vec::new())
}

fn read_into(reader: impl Read, limit: u64, mut bytes: Vec<u8>) -> Result<Vec<u8>, InputError> {
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Io(io_reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { limit });
    }
    Ok(bytes)
}

/// An I/O error in the words the CLI prints.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        // `tempfile` appends ` at path "<dir>/.tmpXXXXXX"` (the temporary
        // file the user never asked for) to the OS error: keep the cause.
        _ => {
            let text = e.to_string();
            match text.split_once(" at path \"") {
                Some((cause, _)) => cause.to_string(),
                None => text,
            }
        }
    }
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "a special file"
}

/// `16 MiB`, `512 KiB`, `100 bytes`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// Parses a `--max-size` value: a byte count with an optional binary unit
/// (`K`/`KiB`, `M`/`MiB`, `G`/`GiB`; case-insensitive; `KB` means KiB too).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (write e.g. 16MiB, 512K or 1000000)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert_eq!(size_text(16 << 20), "16 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }

    #[test]
    fn a_stream_past_the_limit_is_refused() {
        assert_eq!(
            read_limited(&b"abcdef"[..], 5),
            Err(InputError::TooLarge { limit: 5 })
        );
        assert_eq!(read_limited(&b"abcde"[..], 5), Ok(b"abcde".to_vec()));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_reading() {
        let err = read(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(err, InputError::NotRegular("a device"));
        let err = read_listed(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(err, InputError::NotRegular("a device"));
    }

    #[test]
    fn a_listed_file_reads_like_a_named_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "# Plan\n").unwrap();
        assert_eq!(read_listed(&path), Ok(b"# Plan\n".to_vec()));
        assert_eq!(read_listed(&path), read(&path));
        assert_eq!(
            read_listed(dir.path()),
            Err(InputError::Io("it is a directory".into()))
        );
        assert_eq!(
            read_listed(&dir.path().join("gone.md")),
            Err(InputError::Io("no such file or directory".into()))
        );
    }

    /// A FIFO swapped in for a listed file after the walk: the open does
    /// not wait for a writer (the test would hang if it did).
    #[cfg(unix)]
    #[test]
    fn a_fifo_in_place_of_a_listed_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("swapped.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(
            read_listed(&path),
            Err(InputError::NotRegular("a FIFO (named pipe)"))
        );
    }
}
