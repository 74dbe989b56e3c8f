//! The advisory lock that serialises compiles into one output directory.
//!
//! In: the output directory. Out: a [`Lock`] held until dropped. On Unix
//! the directory itself is locked (`flock` on its descriptor), so no lock
//! file appears among the generated files; elsewhere a `.planforge.lock`
//! file in OUT is locked. The lock is released by the OS when the process
//! ends, `kill -9` included, so a crashed compile never leaves OUT locked.

use std::fs::File;
use std::path::Path;

/// An exclusive lock on an output directory.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

#[cfg(unix)]
fn lock_file(out: &Path) -> std::io::Result<File> {
    File::open(out)
}

#[cfg(not(unix))]
fn lock_file(out: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".planforge.lock"))
}

/// Takes the lock on `out`; when another process holds it, calls `on_wait`
/// once and waits for it.
pub fn acquire(out: &Path, on_wait: &dyn Fn()) -> std::io::Result<Lock> {
    let file = lock_file(out)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            on_wait();
            file.lock()?;
        }
        // A file system without locks (some network mounts): go on
        // unlocked, as cargo does, rather than refuse to compile at all.
        Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {}
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(Lock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn a_second_lock_waits_until_the_first_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), &|| panic!("nobody holds it yet")).unwrap();
        let path = dir.path().to_path_buf();
        let waited = std::sync::Arc::new(AtomicBool::new(false));
        let w = waited.clone();
        let t = std::thread::spawn(move || {
            let _second = acquire(&path, &|| w.store(true, Ordering::SeqCst)).unwrap();
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        drop(first);
        t.join().unwrap();
        assert!(waited.load(Ordering::SeqCst));
    }
}
