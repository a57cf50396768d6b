//! What the command line prints, and how: every line escaped so that no
//! text from a source or an edition reaches a terminal as a control
//! sequence, and a closed standard output ends the program quietly.

use std::io::{self, Write};

use anyhow::{Context, Result};

/// The exit status when standard output is closed under the program
/// (`zhpress ast | head -1`): 128 + SIGPIPE, what a shell reports for a
/// program the closed pipe stopped.
pub const BROKEN_PIPE_STATUS: u8 = 141;

/// `text` with control characters (C0, DEL, C1) and the bidirectional
/// controls written as `\u{…}` escapes, so that text taken from a source or
/// an edition cannot move the cursor, retitle the window or reorder a
/// message when printed to a terminal. Line breaks are shown as `\n`.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            c if c.is_control() || is_bidi_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The invisible marks that reorder the text around them (Unicode's
/// bidirectional formatting characters).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Standard output, buffered, every line written [`printable`]. A failed
/// write (a closed pipe, a full disk) is an error [`is_broken_pipe`] tells
/// apart.
pub struct Out {
    w: io::BufWriter<io::StdoutLock<'static>>,
}

impl Out {
    /// Takes standard output for the rest of the command.
    pub fn new() -> Out {
        Out {
            w: io::BufWriter::new(io::stdout().lock()),
        }
    }

    /// Writes each line of `text`, escaped.
    pub fn text(&mut self, text: &str) -> Result<()> {
        for line in text.lines() {
            let written = match line.chars().any(|c| c.is_control() || is_bidi_control(c)) {
                true => writeln!(self.w, "{}", printable(line)),
                false => writeln!(self.w, "{line}"),
            };
            written.context("writing to standard output")?;
        }
        Ok(())
    }

    /// Writes `json` with the characters [`printable`] escapes written as
    /// JSON escapes (`\u202e`), so that it stays JSON that reads back to the
    /// same strings (serde_json leaves C1 and bidirectional controls raw).
    pub fn json(&mut self, json: &str) -> Result<()> {
        self.text(&json_escaped(json))
    }

    /// Writes out what is buffered.
    pub fn finish(mut self) -> Result<()> {
        self.w.flush().context("writing to standard output")
    }
}

impl Default for Out {
    fn default() -> Out {
        Out::new()
    }
}

/// Writes `text` to standard output, each of its lines made [`printable`].
pub fn out(text: &str) -> Result<()> {
    let mut out = Out::new();
    out.text(text)?;
    out.finish()
}

/// Writes `json` to standard output as [`Out::json`] does.
pub fn out_json(json: &str) -> Result<()> {
    let mut out = Out::new();
    out.json(json)?;
    out.finish()
}

/// `json` with every control and bidirectional character but its line
/// breaks written as a JSON `\uXXXX` escape (they can stand only inside
/// strings, and all are in the Basic Multilingual Plane).
fn json_escaped(json: &str) -> String {
    let mut escaped = String::with_capacity(json.len());
    for c in json.chars() {
        if c != '\n' && (c.is_control() || is_bidi_control(c)) {
            escaped.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// Writes `text` to standard error, each of its lines made [`printable`].
/// Nothing is left to tell if standard error itself is closed: the write
/// is given up.
pub fn warn(text: &str) {
    let mut stderr = io::stderr().lock();
    for line in text.lines() {
        if writeln!(stderr, "{}", printable(line)).is_err() {
            return;
        }
    }
}

/// Whether `e` comes from writing to a pipe that was closed.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_marks() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(printable("abc\u{202E}fed"), "abc\\u{202e}fed");
        assert_eq!(printable("一\n二"), "一\\n二");
        assert_eq!(printable("图1　说明"), "图1　说明");
    }

    #[test]
    fn json_keeps_its_strings() {
        let json = serde_json::to_string_pretty(&["a\u{9b}b\u{202e}c\u{1b}"]).unwrap();
        let escaped = json_escaped(&json);
        assert!(escaped
            .chars()
            .all(|c| c == '\n' || !c.is_control() && !is_bidi_control(c)));
        assert!(escaped.contains("\\u009b") && escaped.contains("\\u202e"));
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&escaped).unwrap(),
            ["a\u{9b}b\u{202e}c\u{1b}"]
        );
    }

    #[test]
    fn tells_a_closed_pipe_from_other_failures() {
        let pipe = anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&pipe));
        let full = anyhow::Error::from(io::Error::from(io::ErrorKind::StorageFull)).context("writing");
        assert!(!is_broken_pipe(&full));
    }
}
