//! Scratch folders for the tests: under Cargo's temp folder for integration
//! tests (inside `target/`, never the system temp folder), and removed when
//! the test is done with them. A test that fails keeps its folder to look at.

use std::path::{Path, PathBuf};

/// A scratch folder, removed when dropped unless its thread is panicking
/// (a failed test leaves its files under `target/tmp` to look at).
#[derive(Debug)]
pub struct Scratch(PathBuf);

impl Scratch {
    /// Where the folder is.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `path`, a path inside this folder, with the folder kept alive as
    /// long as the path is.
    pub fn holding(self, path: PathBuf) -> ScratchPath {
        ScratchPath { path, _dir: self }
    }
}

/// A path inside a scratch folder, which lasts as long as the path.
#[derive(Debug)]
pub struct ScratchPath {
    path: PathBuf,
    _dir: Scratch,
}

impl ScratchPath {
    /// Another path inside the same folder, which it keeps alive instead.
    pub fn moved_to(self, path: PathBuf) -> ScratchPath {
        ScratchPath { path, ..self }
    }
}

impl std::ops::Deref for ScratchPath {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for ScratchPath {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A fresh folder (with an `images/` inside) under Cargo's temp folder for
/// integration tests, unique to this test process and `name`.
pub fn scratch(name: &str) -> Scratch {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("zhpress-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).unwrap();
    Scratch(dir)
}

#[test]
fn a_scratch_folder_lies_under_target_and_goes_when_dropped() {
    let dir = scratch("scratch-itself");
    assert!(dir.starts_with(env!("CARGO_TARGET_TMPDIR")), "{}", dir.display());
    std::fs::write(dir.join("images/a.txt"), "a").unwrap();
    let path = dir.path().to_path_buf();
    assert!(path.join("images/a.txt").is_file());
    let held = dir.holding(path.join("images"));
    assert!(held.join("a.txt").is_file());
    drop(held);
    assert!(!path.exists(), "{} is still there", path.display());
}
