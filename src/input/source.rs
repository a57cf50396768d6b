//! Reading a source file: a missing file, a folder or invalid UTF-8 is an
//! error that names the file (and, for UTF-8, the line).

use std::path::Path;

use anyhow::{bail, Result};

/// Reads `path` as UTF-8 text.
pub fn read(path: &Path) -> Result<String> {
    let name = path.display();
    if path.is_dir() {
        bail!("{name}: is a folder, not a Markdown file");
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!("{name}: no such file"),
        Err(e) => bail!("{name}: cannot be read: {e}"),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = 1 + bytes[..good].iter().filter(|&&b| b == b'\n').count();
            bail!("{name}:{line}: the file is not valid UTF-8 (byte 0x{:02X} at offset {good}); save it as UTF-8", bytes[good])
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn invalid_utf8_names_the_line() {
        let dir = std::env::temp_dir().join(format!("zhpress-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
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
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
