//! Hand edits of a built edition's package (EPUB, DOCX), as a person or a
//! broken tool might make them. Every edit asserts that it happened: a
//! pattern that no longer matches what the program writes fails the test
//! instead of leaving the edition as built.

use std::io::{Read, Write};
use std::path::Path;

/// What replaces an entry of the package.
enum Replacement<'a> {
    /// The entry's text, passed through a function.
    Text(Box<dyn FnOnce(String) -> String + 'a>),
    /// The first entry of another zip archive, copied as it is compressed.
    Raw(&'a [u8]),
}

/// Rewrites the entry `entry` of the zip archive at `path` through `edit`;
/// fails the test when there is no such entry or `edit` changes nothing.
pub fn edit_zip(path: &Path, entry: &str, edit: impl FnOnce(String) -> String) {
    rewrite(path, entry, Replacement::Text(Box::new(edit)));
}

/// Puts the first entry of the zip archive `raw`, compressed as it is
/// there, in place of `entry` in the zip archive at `path`; fails the test
/// when there is no such entry.
pub fn put_raw_entry(path: &Path, entry: &str, raw: &[u8]) {
    rewrite(path, entry, Replacement::Raw(raw));
}

/// `text` with every `from` replaced by `to`; fails the test when `from`
/// is not there (for an edit made of several replacements).
pub fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the part");
    text.replace(from, to)
}

/// Copies the archive at `path` with `entry` replaced, every other entry
/// as it is compressed.
fn rewrite(path: &Path, entry: &str, replacement: Replacement) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replacement = Some(replacement);
    for i in 0..zin.len() {
        let name = zin.by_index(i).unwrap().name().to_string();
        if name != entry {
            out.raw_copy_file(zin.by_index_raw(i).unwrap()).unwrap();
            continue;
        }
        match replacement.take().expect("one entry of that name") {
            Replacement::Raw(raw) => {
                let mut bomb = zip::ZipArchive::new(std::io::Cursor::new(raw)).unwrap();
                out.raw_copy_file_rename(bomb.by_index_raw(0).unwrap(), &name)
                    .unwrap();
            }
            Replacement::Text(edit) => {
                let mut text = String::new();
                zin.by_index(i).unwrap().read_to_string(&mut text).unwrap();
                let edited = edit(text.clone());
                assert!(
                    edited != text,
                    "the edit of {entry} in {} changed nothing",
                    path.display()
                );
                out.start_file(name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                out.write_all(edited.as_bytes()).unwrap();
            }
        }
    }
    assert!(replacement.is_none(), "{} has no entry {entry}", path.display());
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn an_edit_that_finds_nothing_fails() {
    let dir = super::scratch("zip-edit");
    let path = dir.join("a.zip");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("a.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<a w:val=\"1\" />").unwrap();
    std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    edit_zip(&path, "a.xml", |t| replaced(&t, "\"1\"", "\"2\""));
    let mut text = String::new();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    archive
        .by_name("a.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "<a w:val=\"2\" />");
    for edit in [
        Box::new(|| edit_zip(&path, "a.xml", |t| t.replace("w:val=\"1\"/>", "x"))) as Box<dyn Fn()>,
        Box::new(|| edit_zip(&path, "b.xml", |t| t + "x")),
        Box::new(|| put_raw_entry(&path, "b.xml", &[])),
        Box::new(|| drop(replaced("<a/>", "<b/>", "<c/>"))),
    ] {
        let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(edit));
        assert!(failed.is_err(), "an edit that found nothing passed");
    }
}
