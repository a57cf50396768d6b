//! Writing a set of editions so that the output folder holds either the
//! whole old set or the whole new one.
//!
//! The protocol, for `DIR/<stem>.{pdf,epub,docx}`:
//!
//! 1. The folder is locked ([`OutputLock`], an advisory `flock` on the folder
//!    itself): a second build into it fails at once with a clear message, and
//!    `verify` waits for a build to finish before it reads.
//! 2. Leftovers of an earlier build that was killed are settled
//!    ([`settle`]): a staging folder whose set was complete is moved into
//!    place, an incomplete one is deleted, as are temporary files.
//! 3. The new set is written and synced into the staging folder
//!    `DIR/.zhpress-<stem>.staging/`, then marked complete; only then is each
//!    file renamed over its old version (same file system: atomic), and the
//!    staging folder removed. A full disk or any failure before the mark
//!    leaves the old set untouched; a kill after it is finished by the next
//!    build.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Creates the folder `dir` if needed.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))
}

/// Writes one file (not a set of editions) through a temporary file in the
/// same folder, renamed over `path`: a reader never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes)])
}

/// Writes several files (not a set of editions) so that a failure while
/// writing leaves none of them changed: each goes to a temporary file in
/// its own folder, and only when all are written and synced are they
/// renamed over their paths.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> Result<()> {
    let mut temps: Vec<PathBuf> = Vec::new();
    let remove = |temps: &[PathBuf]| {
        for t in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (path, bytes) in files {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        temps.push(tmp.clone());
        if let Err(e) = write_synced(&tmp, bytes) {
            remove(&temps);
            return Err(e).with_context(|| format!("{}: cannot write", path.display()));
        }
    }
    for (i, ((path, _), tmp)) in files.iter().zip(&temps).enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            remove(&temps[i..]);
            return Err(e).with_context(|| format!("{}: cannot write", path.display()));
        }
    }
    Ok(())
}

/// The name of the file that marks a staged set as complete.
const COMPLETE: &str = "complete";

/// The staging folder of `stem`'s editions inside `dir`.
pub fn staging_dir(dir: &Path, stem: &str) -> PathBuf {
    dir.join(format!(".zhpress-{stem}.staging"))
}

/// An exclusive (build) or shared (verify) lock on an output folder, held
/// until dropped.
pub struct OutputLock {
    _dir: File,
}

/// Creates `dir` if needed and takes the build's exclusive lock on it.
/// Another build holding it is an error naming the folder.
pub fn lock_for_build(dir: &Path) -> Result<OutputLock> {
    ensure_dir(dir)?;
    let file = open_dir(dir)?;
    match flock(&file, Lock::ExclusiveNow) {
        Ok(()) => Ok(OutputLock { _dir: file }),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => bail!(
            "{}: another zhpress build is writing this folder (or a verify is reading it); wait for it to finish",
            dir.display()
        ),
        Err(e) => Err(e).with_context(|| format!("{}: cannot lock the output folder", dir.display())),
    }
}

/// Takes a shared lock on `dir`, waiting while a build writes it, so that a
/// reader sees one whole set of editions.
pub fn lock_for_reading(dir: &Path) -> Result<OutputLock> {
    let file = open_dir(dir)?;
    flock(&file, Lock::SharedWait)
        .with_context(|| format!("{}: cannot lock the folder for reading", dir.display()))?;
    Ok(OutputLock { _dir: file })
}

/// The two locks taken.
enum Lock {
    /// Exclusive, failing at once when held (`WouldBlock`).
    ExclusiveNow,
    /// Shared, waiting for an exclusive holder.
    SharedWait,
}

/// An advisory lock on an open file, released when it is closed.
#[cfg(unix)]
fn flock(file: &File, lock: Lock) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    let op = match lock {
        Lock::ExclusiveNow => libc::LOCK_EX | libc::LOCK_NB,
        Lock::SharedWait => libc::LOCK_SH,
    };
    // SAFETY: the descriptor is open for the duration of the call.
    if unsafe { libc::flock(file.as_raw_fd(), op) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere builds are not locked against each other.
#[cfg(not(unix))]
fn flock(_: &File, _: Lock) -> std::io::Result<()> {
    Ok(())
}

fn open_dir(dir: &Path) -> Result<File> {
    let file = File::open(dir).with_context(|| format!("{}: cannot open the folder", dir.display()))?;
    if !file.metadata()?.is_dir() {
        bail!("{}: is not a folder", dir.display());
    }
    Ok(file)
}

/// Settles what an interrupted build of `stem` left in `dir` (call it with
/// the build lock held): finishes a complete staged set, deletes an
/// incomplete one, and removes temporary files of earlier writers.
pub fn settle(dir: &Path, stem: &str, extensions: &[&str]) -> Result<()> {
    let staging = staging_dir(dir, stem);
    if staging.join(COMPLETE).is_file() {
        move_into_place(&staging, dir, stem, extensions)?;
    }
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("{}: cannot remove a stale staging folder", staging.display()))?;
    }
    for ext in extensions {
        let prefix = format!(".{stem}.{ext}.");
        let Ok(entries) = std::fs::read_dir(dir) else {
            break;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// Whether `dir` holds a set of `stem` that an interrupted build staged but
/// did not finish moving into place.
pub fn interrupted(dir: &Path, stem: &str) -> bool {
    staging_dir(dir, stem).exists()
}

/// Writes `files` (extension, bytes) as `dir/<stem>.<ext>` by the protocol
/// above; the build lock must be held. Returns the paths written.
pub fn publish(dir: &Path, stem: &str, files: &[(&str, &[u8])]) -> Result<Vec<PathBuf>> {
    let staging = staging_dir(dir, stem);
    let staged = (|| -> Result<()> {
        std::fs::create_dir(&staging)
            .with_context(|| format!("{}: cannot create the staging folder", staging.display()))?;
        for (ext, bytes) in files {
            let path = staging.join(format!("{stem}.{ext}"));
            write_synced(&path, bytes).with_context(|| format!("{}: cannot write", path.display()))?;
        }
        write_synced(&staging.join(COMPLETE), b"")
            .with_context(|| format!("{}: cannot write", staging.display()))?;
        sync_dir(&staging);
        Ok(())
    })();
    if let Err(e) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let extensions: Vec<&str> = files.iter().map(|(ext, _)| *ext).collect();
    let paths = move_into_place(&staging, dir, stem, &extensions)?;
    std::fs::remove_dir_all(&staging)
        .with_context(|| format!("{}: cannot remove the staging folder", staging.display()))?;
    Ok(paths)
}

/// Renames each staged `<stem>.<ext>` over its old version in `dir`.
fn move_into_place(staging: &Path, dir: &Path, stem: &str, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for ext in extensions {
        let name = format!("{stem}.{ext}");
        let (from, to) = (staging.join(&name), dir.join(&name));
        if from.exists() {
            std::fs::rename(&from, &to).with_context(|| format!("{}: cannot write", to.display()))?;
        }
        paths.push(to);
    }
    sync_dir(dir);
    Ok(paths)
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes renames in `dir` durable where the platform allows (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::Scratch;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn one_build_at_a_time() {
        let dir = Scratch::new("lock");
        let held = lock_for_build(&dir).unwrap();
        let err = lock_for_build(&dir).err().unwrap().to_string();
        assert!(
            err.contains("another zhpress build is writing this folder"),
            "{err}"
        );
        drop(held);
        assert!(lock_for_build(&dir).is_ok());
    }

    #[test]
    fn publishes_a_whole_set_and_settles_leftovers() {
        let dir = Scratch::new("publish");
        let _lock = lock_for_build(&dir).unwrap();
        publish(&dir, "a", &[("pdf", b"1"), ("epub", b"1")]).unwrap();
        assert_eq!(names(&dir), ["a.epub", "a.pdf"]);
        // A build killed after staging a complete set, before the renames.
        let staging = staging_dir(&dir, "a");
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("a.epub"), b"2").unwrap();
        std::fs::write(staging.join(COMPLETE), b"").unwrap();
        std::fs::write(dir.join("a.pdf"), b"2").unwrap();
        std::fs::write(dir.join(".a.pdf.123.tmp"), b"x").unwrap();
        assert!(interrupted(&dir, "a"));
        settle(&dir, "a", &["pdf", "epub"]).unwrap();
        assert_eq!(names(&dir), ["a.epub", "a.pdf"]);
        assert_eq!(std::fs::read(dir.join("a.epub")).unwrap(), b"2");
        // One killed while staging: the old set stays.
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("a.pdf"), b"3").unwrap();
        settle(&dir, "a", &["pdf", "epub"]).unwrap();
        assert_eq!(names(&dir), ["a.epub", "a.pdf"]);
        assert_eq!(std::fs::read(dir.join("a.pdf")).unwrap(), b"2");
    }
}
