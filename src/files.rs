//! Opening the files a build or `verify` is given — the source, images,
//! fonts, editions — the one careful way: regular files only (a FIFO, a
//! device or a socket is refused before anything waits on it), each under a
//! size cap checked before and while reading, and image paths resolved
//! through symbolic links and kept inside the source file's folder.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest Markdown source read: 64 MiB.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;
/// The largest image file read: 64 MiB.
pub const MAX_IMAGE_BYTES: u64 = 64 << 20;
/// The largest font file mapped: 256 MiB.
pub const MAX_FONT_BYTES: u64 = 256 << 20;

/// Why a file could not be opened or read; shown after the file's name.
#[derive(Debug)]
pub enum FileError {
    /// Nothing at that path.
    Missing,
    /// A folder where a file was expected.
    Folder,
    /// A FIFO, device or socket.
    NotRegular,
    /// Larger than the cap (size, cap).
    TooLarge(u64, u64),
    /// Any other I/O error.
    Io(std::io::Error),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Missing => write!(f, "no such file"),
            FileError::Folder => write!(f, "is a folder, not a file"),
            FileError::NotRegular => write!(
                f,
                "is not a regular file (a FIFO, a device or a socket); give a file"
            ),
            FileError::TooLarge(size, cap) => write!(
                f,
                "is {} bytes or more, over the limit of {} MiB",
                size,
                cap >> 20
            ),
            FileError::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

impl std::error::Error for FileError {}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> FileError {
        match e.kind() {
            std::io::ErrorKind::NotFound => FileError::Missing,
            std::io::ErrorKind::IsADirectory => FileError::Folder,
            _ => FileError::Io(e),
        }
    }
}

/// Opens `path` for reading when it is a regular file of at most `cap`
/// bytes. The open itself cannot block on a FIFO (it is non-blocking on
/// Unix), and the type and size are checked on the opened file, so a file
/// swapped after a check is caught too.
pub fn open_regular(path: &Path, cap: u64) -> Result<File, FileError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(FileError::Folder);
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    if meta.len() > cap {
        return Err(FileError::TooLarge(meta.len(), cap));
    }
    Ok(file)
}

/// Reads the whole regular file `path`, at most `cap` bytes (a file that
/// grows past the cap while being read is refused too).
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
    let file = open_regular(path, cap)?;
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut data = Vec::with_capacity(hint as usize);
    file.take(cap + 1).read_to_end(&mut data)?;
    if data.len() as u64 > cap {
        return Err(FileError::TooLarge(data.len() as u64, cap));
    }
    Ok(data)
}

/// Resolves `relative` against `dir` through every symbolic link and checks
/// that the file it names lies inside `dir` (itself resolved): a link
/// inside the source folder may not bring in a file from elsewhere.
pub fn confined(dir: &Path, relative: &str) -> Result<PathBuf, ConfineError> {
    // The folder of a bare file name (`in.md`) is the empty path: the current one.
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let base = dir.canonicalize().map_err(|_| ConfineError::Missing)?;
    let full = base
        .join(relative)
        .canonicalize()
        .map_err(|_| ConfineError::Missing)?;
    if !full.starts_with(&base) {
        return Err(ConfineError::Outside);
    }
    Ok(full)
}

/// Why [`confined`] refused a path.
#[derive(Debug, PartialEq, Eq)]
pub enum ConfineError {
    /// The path (or a link on it) leads nowhere.
    Missing,
    /// A symbolic link leads outside the folder.
    Outside,
}

/// Whether two paths name the same file (device and inode on Unix; the
/// resolved paths elsewhere). A path that does not exist names no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::Scratch;

    #[test]
    fn regular_files_under_the_cap_only() {
        let dir = Scratch::new("regular");
        let f = dir.join("a.txt");
        std::fs::write(&f, b"12345").unwrap();
        assert_eq!(read_regular(&f, 5).unwrap(), b"12345");
        assert!(matches!(read_regular(&f, 4), Err(FileError::TooLarge(5, 4))));
        assert!(matches!(read_regular(&dir, 9), Err(FileError::Folder)));
        assert!(matches!(
            read_regular(&dir.join("none"), 9),
            Err(FileError::Missing)
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 9),
            Err(FileError::NotRegular)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_may_not_leave_the_folder() {
        let dir = Scratch::new("links");
        std::fs::create_dir_all(dir.join("src/images")).unwrap();
        std::fs::write(dir.join("secret"), b"x").unwrap();
        std::fs::write(dir.join("src/images/a.png"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.join("secret"), dir.join("src/images/s.png")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("src/up")).unwrap();
        std::os::unix::fs::symlink("a.png", dir.join("src/images/b.png")).unwrap();
        let src = dir.join("src");
        assert!(confined(&src, "images/a.png").is_ok());
        // A source named without a folder: its folder is the current one.
        assert!(confined(Path::new(""), "Cargo.toml").is_ok());
        assert!(confined(&src, "images/b.png").is_ok());
        assert_eq!(confined(&src, "images/s.png"), Err(ConfineError::Outside));
        assert_eq!(confined(&src, "up/secret"), Err(ConfineError::Outside));
        assert_eq!(confined(&src, "images/none.png"), Err(ConfineError::Missing));
        assert!(same_file(
            &dir.join("src/images/b.png"),
            &dir.join("src/images/a.png")
        ));
        assert!(!same_file(&dir.join("secret"), &dir.join("src/images/a.png")));
    }
}
