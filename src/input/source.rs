//! Reading a source file: a missing file, a folder, a FIFO or device, a file
//! over [`MAX_SOURCE_BYTES`] or invalid UTF-8 is an error that names the
//! file (and, for UTF-8, the line). Line ends are made `\n`: a file saved
//! with `\r\n` or with bare `\r` (classic Mac OS) reads like any other.

use std::path::Path;

use anyhow::{bail, Result};

use crate::files::{read_regular, FileError, MAX_SOURCE_BYTES};

/// Reads `path` as UTF-8 text with `\n` line ends.
pub fn read(path: &Path) -> Result<String> {
    let name = path.display();
    let bytes = match read_regular(path, MAX_SOURCE_BYTES) {
        Ok(b) => b,
        Err(FileError::Folder) => bail!("{name}: is a folder, not a Markdown file"),
        Err(e) => bail!("{name}: {e}"),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(unify_line_ends(text)),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = 1 + bytes[..good].iter().filter(|&&b| b == b'\n').count();
            bail!("{name}:{line}: the file is not valid UTF-8 (byte 0x{:02X} at offset {good}); save it as UTF-8", bytes[good])
        }
    }
}

/// `\r\n` and a bare `\r` become `\n`; CommonMark counts each as one line
/// end, so line numbers stay those an editor shows.
fn unify_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_line_end_reads_as_newline() {
        assert_eq!(super::unify_line_ends("a\r\nb\rc\n\r".into()), "a\nb\nc\n\n");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let dir = crate::scratch::Scratch::new("source");
        let f = dir.join("bad.md");
        std::fs::write(&f, b"---\ntitle: a\n---\n\xff\n").unwrap();
        let msg = super::read(&f).unwrap_err().to_string();
        assert!(
            msg.ends_with("bad.md:4: the file is not valid UTF-8 (byte 0xFF at offset 17); save it as UTF-8"),
            "{msg}"
        );
        assert!(super::read(&dir)
            .unwrap_err()
            .to_string()
            .ends_with("is a folder, not a Markdown file"));
        assert!(super::read(&dir.join("none.md"))
            .unwrap_err()
            .to_string()
            .ends_with("none.md: no such file"));
    }
}
