//! Standard output that a closed pipe does not turn into an error.
//!
//! In: bytes a command prints. Out: the same bytes on stdout, until the
//! reader goes away (`planforge diff … | head`); from then on writes are
//! dropped quietly, so the command finishes its work and exits with the
//! status it would have had, without an `error: Broken pipe` line.

use std::io::{self, Write};

/// A writer that swallows `BrokenPipe` and everything after it.
pub struct PipeGuard<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> PipeGuard<W> {
    pub fn new(inner: W) -> Self {
        PipeGuard {
            inner,
            closed: false,
        }
    }

    fn guard(&mut self, r: io::Result<()>) -> io::Result<()> {
        match r {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl<W: Write> Write for PipeGuard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.guard(r)
    }
}

/// Stdout behind a [`PipeGuard`], coloured as `anstream::stdout()` would be.
pub fn stdout() -> anstream::AutoStream<Box<dyn Write>> {
    let choice = anstream::AutoStream::choice(&io::stdout());
    let raw: Box<dyn Write> = Box::new(PipeGuard::new(io::stdout().lock()));
    anstream::AutoStream::new(raw, choice)
}

/// [`stdout`] with a buffer below the guard, for a command that writes a
/// long report at once and flushes it at the end (stdout alone is line
/// buffered: one system call per line).
pub fn stdout_buffered() -> anstream::AutoStream<Box<dyn Write>> {
    let choice = anstream::AutoStream::choice(&io::stdout());
    let buffered = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let raw: Box<dyn Write> = Box::new(PipeGuard::new(buffered));
    anstream::AutoStream::new(raw, choice)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_pipe_swallows_writes_but_other_errors_pass() {
        let mut w = PipeGuard::new(Closed);
        assert!(writeln!(w, "a line nobody reads").is_ok());
        assert!(w.flush().is_ok());
        let mut buf = [0u8; 2];
        let mut full = PipeGuard::new(&mut buf[..]);
        assert!(full.write_all(b"too long").is_err());
    }
}
