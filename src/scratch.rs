//! Scratch folders for the unit tests: in the system temp folder, and
//! removed when dropped, whether the test passed or failed, so that a test
//! run leaves nothing behind there.

use std::path::{Path, PathBuf};

/// A fresh, empty folder unique to this test process and a name; removed
/// with everything in it when dropped.
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    /// Makes the folder for `name` (emptied if a killed run left it).
    pub(crate) fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("zhpress-test-{}-unit-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
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
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_scratch_folder_goes_when_dropped_even_by_a_failing_test() {
    let path = std::panic::catch_unwind(|| {
        let dir = Scratch::new("failing");
        std::fs::write(dir.join("a"), "a").unwrap();
        let path = dir.to_path_buf();
        assert!(path.join("a").is_file());
        std::panic::panic_any(path);
    })
    .unwrap_err();
    let path = path.downcast::<PathBuf>().unwrap();
    assert!(!path.exists(), "{} is still there", path.display());
}
