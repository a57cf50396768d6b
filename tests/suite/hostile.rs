//! The hostile corpus: inputs crafted as an attacker would, one module per
//! family, each generated here by code. Every case runs the built binary
//! under a memory cap and a time limit and must end in exit 0 with a whole,
//! verifiable set of editions, or exit 1 with a message naming the file —
//! never a signal, a hang, a panic or an output folder holding a mix.

#![cfg(unix)]

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{edit_zip, put_raw_entry, replaced, scratch, Scratch, ScratchPath};

/// The address-space cap every case runs under.
const MEMORY_CAP: u64 = 2 << 30;
/// The time every case must end within (debug build, shared machine).
const TIME_LIMIT: Duration = Duration::from_secs(90);
const FM: &str = "---\ntitle: 标题\n---\n\n";
const EDITIONS: [&str; 3] = ["pdf", "epub", "docx"];

/// How a capped run ended.
struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Extra limits for one run.
#[derive(Default, Clone, Copy)]
struct Limits {
    /// A file-size cap (`RLIMIT_FSIZE`), with `SIGXFSZ` ignored so that a
    /// write past it fails as on a full disk.
    file_size: Option<u64>,
}

/// Runs `zhpress args` under [`MEMORY_CAP`] and [`TIME_LIMIT`] (a hang fails
/// the test), with `SOURCE_DATE_EPOCH` from `env` or unset.
fn run_with(args: &[&str], epoch: Option<&str>, limits: Limits) -> Run {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let logs = scratch(&format!("logs-{}", unique()));
    let (out_path, err_path) = (logs.join("stdout"), logs.join("stderr"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhpress"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    // SAFETY: only async-signal-safe calls (setrlimit, signal) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let cap = libc::rlimit {
                rlim_cur: MEMORY_CAP,
                rlim_max: MEMORY_CAP,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &cap) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if let Some(size) = limits.file_size {
                let cap = libc::rlimit {
                    rlim_cur: size,
                    rlim_max: size,
                };
                libc::setrlimit(libc::RLIMIT_FSIZE, &cap);
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("zhpress starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("zhpress {args:?} hung (killed after {TIME_LIMIT:?})");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        signal: status.signal(),
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap_or_default()).into_owned(),
    };
    let _ = std::fs::remove_dir_all(&logs);
    run
}

fn run(args: &[&str]) -> Run {
    run_with(args, None, Limits::default())
}

fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The file names in `dir`, sorted (none when it does not exist).
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    n.sort();
    n
}

/// Asserts the common ending: no signal, no panic, exit 0 or 1.
fn no_crash(case: &str, r: &Run) {
    assert_eq!(
        r.signal, None,
        "{case}: killed by signal {:?}\n{}",
        r.signal, r.stderr
    );
    assert!(
        matches!(r.code, Some(0 | 1)),
        "{case}: exit {:?}\n{}",
        r.code,
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{case}: {}", r.stderr);
    assert!(
        !r.stderr.contains('\u{1b}'),
        "{case}: a raw escape reached the terminal"
    );
}

/// Asserts exit 1 with a message naming `file` and saying `what`.
fn refused(case: &str, r: &Run, file: &str, what: &str) {
    no_crash(case, r);
    assert_eq!(
        r.code,
        Some(1),
        "{case}: expected a refusal, got exit 0\n{}",
        r.stdout
    );
    assert!(
        r.stderr.contains(file),
        "{case}: `{file}` not named in: {}",
        r.stderr
    );
    assert!(r.stderr.contains(what), "{case}: `{what}` not in: {}", r.stderr);
}

/// Asserts that `out` holds no edition of `stem`, or the whole set of three
/// and nothing else of the build's (no staging folder, no temporary file).
fn whole_set_or_none(case: &str, out: &Path, stem: &str) {
    let ours: Vec<String> = names(out)
        .into_iter()
        .filter(|n| n.contains(stem) || n.starts_with(".zhpress") || n.ends_with(".tmp"))
        .collect();
    let set: Vec<String> = ["docx", "epub", "pdf"]
        .iter()
        .map(|e| format!("{stem}.{e}"))
        .collect();
    assert!(
        ours.is_empty() || ours == set,
        "{case}: the folder holds {ours:?}"
    );
}

/// Builds `src` into `out` and checks the ending: a refusal naming the
/// source with no new files, or a whole set that `verify` accepts.
fn build_ends_well(case: &str, src: &Path, out: &Path) -> Run {
    let before = names(out);
    let r = run(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    no_crash(case, &r);
    let stem = src.file_stem().unwrap().to_string_lossy().into_owned();
    whole_set_or_none(case, out, &stem);
    if r.code == Some(1) {
        assert!(
            r.stderr.contains(&src.display().to_string()),
            "{case}: {}",
            r.stderr
        );
        assert_eq!(names(out), before, "{case}: a failed build changed the folder");
    } else {
        let v = run(&["verify", out.to_str().unwrap(), "--source", src.to_str().unwrap()]);
        no_crash(case, &v);
        assert_eq!(v.code, Some(0), "{case}: verify: {}{}", v.stdout, v.stderr);
    }
    r
}

/// Writes `text` as `<dir>/<name>` and builds it into `<dir>/out`.
fn build_text(case: &str, name: &str, text: &[u8]) -> (Scratch, Run) {
    let dir = scratch(&format!("{case}-{}", unique()));
    let src = dir.join(name);
    std::fs::write(&src, text).unwrap();
    let r = build_ends_well(case, &src, &dir.join("out"));
    (dir, r)
}

/// A source that builds: its set of editions in `<dir>/out`, stem `in`.
fn good_editions(case: &str) -> ScratchPath {
    let (dir, r) = build_text(
        case,
        "in.md",
        format!("{FM}# 第一章\n\n正文一段。\n\n## 第一节\n\n正文二段。\n").as_bytes(),
    );
    assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
    let out = dir.join("out");
    dir.holding(out)
}

/// Runs `verify` on the folder holding `file` (its stem) and checks the ending.
fn verify_ends(case: &str, file: &Path) -> Run {
    let dir = file.parent().unwrap();
    let stem = file.file_stem().unwrap().to_str().unwrap();
    let r = run(&["verify", dir.to_str().unwrap(), "--stem", stem]);
    no_crash(case, &r);
    r
}

/// Makes a FIFO at `path`.
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {}",
        path.display()
    );
}

/// A raw deflate stream that inflates to `size` zero bytes (one literal,
/// then back-references of 258 bytes at distance 1, in a fixed-Huffman
/// block): about 13 bits per 258 bytes.
fn deflate_bomb(size: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, len: u32) {
            for i in (0..len).rev() {
                self.put((code >> i) & 1, 1);
            }
        }
    }
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // BFINAL
    b.put(1, 2); // fixed Huffman
    b.code(0x30, 8); // literal 0
    for _ in 0..(size - 1) / 258 {
        b.code(0b1100_0101, 8); // length 258 (code 285)
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

/// zlib framing around [`deflate_bomb`] (the checksum is never reached).
fn zlib_bomb(size: u64) -> Vec<u8> {
    [&[0x78, 0x01][..], &deflate_bomb(size), &[0, 0, 0, 0]].concat()
}

/// A one-entry zip archive whose `name` is a deflate bomb of `size` bytes.
fn zip_bomb(name: &str, size: u64) -> Vec<u8> {
    let data = deflate_bomb(size);
    let mut z = Vec::new();
    let header = |z: &mut Vec<u8>, central: bool| {
        z.extend_from_slice(if central { b"PK\x01\x02" } else { b"PK\x03\x04" });
        if central {
            z.extend_from_slice(&20u16.to_le_bytes());
        }
        for v in [20u16, 0, 8, 0, 0x21] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(&(data.len() as u32).to_le_bytes());
        z.extend_from_slice(&(size as u32).to_le_bytes());
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        if central {
            for v in [0u16, 0, 0] {
                z.extend_from_slice(&v.to_le_bytes());
            }
            z.extend_from_slice(&0u32.to_le_bytes());
            z.extend_from_slice(&0u32.to_le_bytes());
        }
        z.extend_from_slice(name.as_bytes());
    };
    header(&mut z, false);
    z.extend_from_slice(&data);
    let cd = z.len();
    header(&mut z, true);
    let cd_len = z.len() - cd;
    z.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, 1, 1] {
        z.extend_from_slice(&v.to_le_bytes());
    }
    z.extend_from_slice(&(cd_len as u32).to_le_bytes());
    z.extend_from_slice(&(cd as u32).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z
}

/// The spine XHTML of a zhpress EPUB that holds the body text.
fn first_chapter(epub: &Path) -> String {
    let bytes = std::fs::read(epub).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zin.file_names().map(String::from).collect();
    names
        .into_iter()
        .filter(|n| n.ends_with(".xhtml") && !n.contains("nav"))
        .find(|n| {
            let mut s = String::new();
            zin.by_name(n).unwrap().read_to_string(&mut s).unwrap();
            s.contains("正文一段")
        })
        .expect("a chapter with the body text")
}

/// A PDF of the numbered objects `objects` (object 1 is the catalog), with
/// a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page tagged PDF (its structure tree an empty `Document`) whose
/// catalog has `/Outlines 4 0 R`, page content object 5, page resources
/// `resources`, and `extra` objects from number 6 on.
fn one_page_pdf(outlines: &str, resources: &str, content: Vec<u8>, extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R \
        /StructTreeRoot << /Type /StructTreeRoot /K << /S /Document >> >> >>"
            .to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 5 0 R /Resources {resources} >>"
        )
        .into_bytes(),
        outlines.as_bytes().to_vec(),
        content,
    ];
    objects.extend(extra);
    pdf(&objects)
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    [
        format!("<< {dict} /Length {} >>\nstream\n", data.len()).as_bytes(),
        data,
        b"\nendstream",
    ]
    .concat()
}

/// Writes `bytes` as `<fresh dir>/x.<ext>`.
fn edition_file(case: &str, ext: &str, bytes: &[u8]) -> ScratchPath {
    let dir = scratch(&format!("{case}-{}", unique()));
    let path = dir.join(format!("x.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    dir.holding(path)
}

mod depth {
    use super::*;

    #[test]
    fn nested_markup_in_a_source() {
        let mut cases: Vec<(String, String)> = Vec::new();
        for n in [17, 300, 5000] {
            // Links nested thousands deep take pulldown-cmark quadratic time: 300 at most.
            let link = [("[", "](https://example.org)")];
            let links = if n > 300 { &link[..0] } else { &link[..] };
            for &(open, close) in [("*", "*"), ("**", "**"), ("_", "_")].iter().chain(links) {
                cases.push((
                    format!("{open}x{n}"),
                    format!("{FM}{}强调{}\n", open.repeat(n), close.repeat(n)),
                ));
            }
            // Unmatched stars beside Chinese text, which the parser pairs again.
            cases.push((format!("cjk-stars{n}"), format!("{FM}{}\n", "中*文**".repeat(n))));
            cases.push((format!("quotes{n}"), format!("{FM}{}引文\n", "> ".repeat(n))));
            cases.push((format!("lists{n}"), format!("{FM}{}项\n", "- ".repeat(n))));
            cases.push((
                format!("caption{n}"),
                format!("{FM}![{}图{}](images/none.png)\n", "*".repeat(n), "*".repeat(n)),
            ));
        }
        for (case, text) in cases {
            build_text(&case, "in.md", text.as_bytes());
            // The model printer must not blow up either.
            let dir = scratch(&format!("ast-{case}"));
            std::fs::write(dir.join("in.md"), &text).unwrap();
            no_crash(&case, &run(&["ast", dir.join("in.md").to_str().unwrap()]));
        }
    }

    #[test]
    fn deep_emphasis_is_refused_with_the_line() {
        let (dir, r) = build_text(
            "emphasis",
            "in.md",
            format!("{FM}正文。\n\n{}强调{}\n", "*".repeat(300), "*".repeat(300)).as_bytes(),
        );
        refused(
            "emphasis",
            &r,
            &format!("{}:7:", dir.join("in.md").display()),
            "nested more than 16 deep",
        );
    }

    #[test]
    fn deep_xml_in_editions() {
        let out = good_editions("xml-depth");
        let epub = out.join("in.epub");
        let chapter = first_chapter(&epub);
        let deep = |n: usize| {
            move |t: String| {
                let t = replaced(&t, "<p", &format!("{}<p", "<div>".repeat(n)));
                replaced(&t, "</body>", &format!("{}</body>", "</div>".repeat(n)))
            }
        };
        edit_zip(&epub, &chapter, deep(50_000));
        let r = verify_ends("deep-epub", &epub);
        refused("deep-epub", &r, "in.epub", "nests elements more than 256 deep");
        let out = good_editions("xml-depth-docx");
        let docx = out.join("in.docx");
        edit_zip(&docx, "word/document.xml", |t| {
            let t = replaced(&t, "<w:body>", &format!("<w:body>{}", "<w:sdt>".repeat(50_000)));
            replaced(
                &t,
                "</w:body>",
                &format!("{}</w:body>", "</w:sdt>".repeat(50_000)),
            )
        });
        refused(
            "deep-docx",
            &verify_ends("deep-docx", &docx),
            "in.docx",
            "nests elements more than 256 deep",
        );
    }

    #[test]
    fn deep_pdf_objects_and_outlines() {
        let content = stream("", b"BT ET");
        let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes();
        let f = edition_file(
            "pdf-array",
            "pdf",
            &one_page_pdf("<< >>", "<< >>", content.clone(), vec![deep_array]),
        );
        refused(
            "pdf-array",
            &verify_ends("pdf-array", &f),
            "x.pdf",
            "nested more than 256 deep",
        );
        let deep_dict = format!("{}{}", "<< /A ".repeat(100_000), ">>".repeat(100_000)).into_bytes();
        let f = edition_file(
            "pdf-dict",
            "pdf",
            &one_page_pdf("<< >>", "<< >>", content.clone(), vec![deep_dict]),
        );
        refused(
            "pdf-dict",
            &verify_ends("pdf-dict", &f),
            "x.pdf",
            "nested more than 256 deep",
        );
        let deep_content = stream("", format!("BT {} TJ ET", "[".repeat(100_000)).as_bytes());
        let f = edition_file(
            "pdf-content",
            "pdf",
            &one_page_pdf("<< >>", "<< >>", deep_content, vec![]),
        );
        refused(
            "pdf-content",
            &verify_ends("pdf-content", &f),
            "x.pdf",
            "nested more than 256 deep",
        );
        // An outline 5,000 items deep: each item the first child of the one before.
        let n = 5000;
        let items: Vec<Vec<u8>> = (0..n)
            .map(|i| {
                let child = if i + 1 < n {
                    format!("/First {} 0 R", 7 + i)
                } else {
                    String::new()
                };
                format!(
                    "<< /Title (h{i}) /Parent {} 0 R {child} >>",
                    if i == 0 { 4 } else { 5 + i }
                )
                .into_bytes()
            })
            .collect();
        let f = edition_file(
            "outline-deep",
            "pdf",
            &one_page_pdf("<< /Type /Outlines /First 6 0 R >>", "<< >>", content, items),
        );
        refused(
            "outline-deep",
            &verify_ends("outline-deep", &f),
            "x.pdf",
            "the outline nests more than 255 deep",
        );
    }
}

mod cycles {
    use super::*;

    #[test]
    fn outline_and_page_tree_loops() {
        let content = || stream("", b"BT ET");
        let own_child = vec![b"<< /Title (a) /Parent 4 0 R /First 6 0 R >>".to_vec()];
        let f = edition_file(
            "own-child",
            "pdf",
            &one_page_pdf("<< /First 6 0 R >>", "<< >>", content(), own_child),
        );
        refused(
            "own-child",
            &verify_ends("own-child", &f),
            "x.pdf",
            "the outline loops",
        );
        let siblings = vec![
            b"<< /Title (a) /Next 7 0 R >>".to_vec(),
            b"<< /Title (b) /Next 6 0 R >>".to_vec(),
        ];
        let f = edition_file(
            "sibling-loop",
            "pdf",
            &one_page_pdf("<< /First 6 0 R >>", "<< >>", content(), siblings),
        );
        refused(
            "sibling-loop",
            &verify_ends("sibling-loop", &f),
            "x.pdf",
            "the outline loops",
        );
        // A page whose /Parent is itself, and a page tree that lists itself.
        let mut bytes = one_page_pdf("<< >>", "<< >>", content(), vec![]);
        let at = find(&bytes, b"/Parent 2 0 R").unwrap();
        bytes.splice(at..at + 13, b"/Parent 3 0 R".iter().copied());
        let f = edition_file("page-parent", "pdf", &bytes);
        refused(
            "page-parent",
            &verify_ends("page-parent", &f),
            "x.pdf",
            "the page tree loops",
        );
        let mut bytes = one_page_pdf("<< >>", "<< >>", content(), vec![]);
        let at = find(&bytes, b"/Kids [3 0 R]").unwrap();
        bytes.splice(at..at + 13, b"/Kids [2 0 R]".iter().copied());
        let f = edition_file("kids-loop", "pdf", &bytes);
        verify_ends("kids-loop", &f);
    }

    /// `styles.xml` with the style `id` based on `on` instead of `Normal`.
    fn based_on(styles: &str, id: &str, on: &str) -> String {
        let start = styles
            .find(&format!(r#"w:styleId="{id}""#))
            .unwrap_or_else(|| panic!("no style {id}"));
        let end = start + styles[start..].find("</w:style>").unwrap();
        let style = &styles[start..end];
        let style = replaced(
            style,
            r#"<w:basedOn w:val="Normal" />"#,
            &format!(r#"<w:basedOn w:val="{on}" />"#),
        );
        format!("{}{style}{}", &styles[..start], &styles[end..])
    }

    /// A heading style based on itself, and two heading styles based on
    /// each other: the chain stops where it loops, so the headings keep
    /// their levels: import gives the source back, and verify finds the
    /// set whole.
    #[test]
    fn a_style_based_on_itself() {
        for (case, loops) in [
            ("based-on-itself", &[("Heading1", "Heading1")][..]),
            (
                "based-on-each-other",
                &[("Heading1", "Heading2"), ("Heading2", "Heading1")],
            ),
        ] {
            let out = good_editions(case);
            let docx = out.join("in.docx");
            edit_zip(&docx, "word/styles.xml", |mut t| {
                for (id, on) in loops {
                    t = based_on(&t, id, on);
                }
                t
            });
            let r = verify_ends(case, &docx);
            assert_eq!(r.code, Some(0), "{case}: verify: {}{}", r.stdout, r.stderr);
            assert!(r.stdout.contains("all editions agree"), "{case}: {}", r.stdout);
            let back = super::docx_for_import::import(case, &docx, &[]);
            let text = super::docx_for_import::imported(case, &back, "\n# 第一章\n");
            assert!(
                text.ends_with("\n# 第一章\n\n正文一段。\n\n## 第一节\n\n正文二段。\n"),
                "{case}:\n{text}"
            );
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

mod bombs {
    use super::*;

    #[test]
    fn zip_entries_that_inflate_to_gigabytes() {
        for (case, ext, entry) in [
            ("epub-bomb", "epub", ""),
            ("docx-bomb", "docx", "word/document.xml"),
        ] {
            let out = good_editions(case);
            let file = out.join(format!("in.{ext}"));
            let entry = if entry.is_empty() {
                first_chapter(&file)
            } else {
                entry.to_string()
            };
            put_raw_entry(&file, &entry, &zip_bomb("x", 300 << 20));
            refused(
                case,
                &verify_ends(case, &file),
                &format!("in.{ext}"),
                "inflates to more than 256 MiB",
            );
        }
    }

    #[test]
    fn pdf_streams_that_inflate_to_gigabytes() {
        let bomb = stream("/Filter /FlateDecode", &zlib_bomb(300 << 20));
        let f = edition_file(
            "content-bomb",
            "pdf",
            &one_page_pdf("<< >>", "<< >>", bomb, vec![]),
        );
        refused(
            "content-bomb",
            &verify_ends("content-bomb", &f),
            "x.pdf",
            "inflates to more than 256 MiB",
        );
        // Many bombs each under the cap but over it together: the unit
        // tests of `verify::limits` count that with small caps.
    }

    #[test]
    fn a_tounicode_map_of_huge_ranges() {
        let cmap = "1 beginbfrange\n<0000> <FFFF> <0041>\nendbfrange\n".repeat(50);
        let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /ToUnicode 7 0 R >>".to_vec();
        let f = edition_file(
            "cmap",
            "pdf",
            &one_page_pdf(
                "<< >>",
                "<< /Font << /F1 6 0 R >> >>",
                stream("", b"BT /F1 9 Tf <0001> Tj ET"),
                vec![font, stream("", cmap.as_bytes())],
            ),
        );
        refused("cmap", &verify_ends("cmap", &f), "x.pdf", "ToUnicode map");
    }

    #[test]
    fn xml_entities_repeated() {
        let out = good_editions("entities");
        let epub = out.join("in.epub");
        let chapter = first_chapter(&epub);
        edit_zip(&epub, &chapter, |t| {
            let decl = format!("<!DOCTYPE html [<!ENTITY a \"{}\">]>", "x".repeat(10_000));
            let t = replaced(&t, "<!DOCTYPE html>", &decl);
            replaced(&t, "正文一段", &"&a;".repeat(100_000))
        });
        refused(
            "entities",
            &verify_ends("entities", &epub),
            "in.epub",
            "declares XML entities",
        );
    }
}

mod reads {
    use super::*;

    #[test]
    fn fifos_devices_and_huge_files_as_the_source() {
        let dir = scratch("fifo-source");
        let fifo = dir.join("in.md");
        mkfifo(&fifo);
        let r = run(&[
            "build",
            fifo.to_str().unwrap(),
            "-o",
            dir.join("out").to_str().unwrap(),
        ]);
        refused("fifo", &r, "in.md", "not a regular file");
        let r = run(&["build", "/dev/zero", "-o", dir.join("out").to_str().unwrap()]);
        refused("dev-zero", &r, "/dev/zero", "not a regular file");
        let r = run(&["ast", fifo.to_str().unwrap()]);
        refused("ast-fifo", &r, "in.md", "not a regular file");
        let big = dir.join("big.md");
        std::fs::File::create(&big).unwrap().set_len(65 << 20).unwrap();
        let r = run(&[
            "build",
            big.to_str().unwrap(),
            "-o",
            dir.join("out").to_str().unwrap(),
        ]);
        refused("big", &r, "big.md", "over the limit of 64 MiB");
        assert!(names(&dir.join("out")).is_empty());
    }

    #[test]
    fn fifos_and_devices_as_images_fonts_and_editions() {
        let dir = scratch("fifo-image");
        mkfifo(&dir.join("images/a.png"));
        std::os::unix::fs::symlink("/dev/zero", dir.join("images/z.png")).unwrap();
        let src = dir.join("in.md");
        std::fs::write(&src, format!("{FM}![图](images/a.png)\n")).unwrap();
        refused(
            "fifo-image",
            &build_ends_well("fifo-image", &src, &dir.join("out")),
            "in.md:5",
            "not a regular file",
        );
        std::fs::write(&src, format!("{FM}![图](images/z.png)\n")).unwrap();
        refused(
            "zero-image",
            &build_ends_well("zero-image", &src, &dir.join("out")),
            "in.md:5",
            "outside the source file's folder",
        );
        // A font folder whose serif face is a FIFO, or truncated.
        let fonts = scratch("fifo-fonts");
        for f in ["NotoSerifSC-Bold.ttf", "NotoSansSC-Bold.ttf"] {
            std::fs::copy(Path::new("fonts").join(f), fonts.join(f)).unwrap();
        }
        mkfifo(&fonts.join("NotoSerifSC-Regular.ttf"));
        std::fs::write(&src, format!("{FM}正文。\n")).unwrap();
        let out = dir.join("out");
        let args = [
            "build",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--fonts",
            fonts.to_str().unwrap(),
        ];
        refused(
            "fifo-font",
            &run(&args),
            "NotoSerifSC-Regular.ttf",
            "not a regular file",
        );
        std::fs::remove_file(fonts.join("NotoSerifSC-Regular.ttf")).unwrap();
        let whole = std::fs::read("fonts/NotoSerifSC-Regular.ttf").unwrap();
        std::fs::write(fonts.join("NotoSerifSC-Regular.ttf"), &whole[..whole.len() / 3]).unwrap();
        refused(
            "truncated-font",
            &run(&args),
            "NotoSerifSC-Regular.ttf",
            "is truncated or damaged",
        );
        // An edition that is a FIFO.
        let eds = scratch("fifo-edition");
        mkfifo(&eds.join("x.pdf"));
        refused(
            "fifo-edition",
            &verify_ends("fifo-edition", &eds.join("x.pdf")),
            "x.pdf",
            "not a regular file",
        );
    }
}

/// Fonts that lie about themselves.
mod fonts {
    use super::*;

    /// `data` with the big-endian u16 at `at` within table `tag` set to `value`.
    fn patch_table(data: &mut [u8], tag: &[u8; 4], at: usize, value: u16) {
        let tables = u16::from_be_bytes([data[4], data[5]]) as usize;
        let record = (0..tables)
            .map(|i| 12 + 16 * i)
            .find(|&r| &data[r..r + 4] == tag)
            .expect("the table is there");
        let offset = u32::from_be_bytes(data[record + 8..record + 12].try_into().unwrap()) as usize;
        data[offset + at..offset + at + 2].copy_from_slice(&value.to_be_bytes());
    }

    #[test]
    fn a_cmap_pointing_past_the_glyphs_is_named() {
        let fonts = scratch("short-font");
        for f in ["NotoSerifSC-Bold.ttf", "NotoSansSC-Bold.ttf"] {
            std::fs::copy(Path::new("fonts").join(f), fonts.join(f)).unwrap();
        }
        // 3,000 glyphs claimed (maxp.numGlyphs, and as many metrics in
        // hhea), while the cmap maps characters to glyphs up to 30,000.
        let mut data = std::fs::read("fonts/NotoSerifSC-Regular.ttf").unwrap();
        patch_table(&mut data, b"maxp", 4, 3000);
        patch_table(&mut data, b"hhea", 34, 3000);
        std::fs::write(fonts.join("NotoSerifSC-Regular.ttf"), &data).unwrap();
        let dir = scratch("short-font-src");
        let src = dir.join("in.md");
        std::fs::write(&src, format!("{FM}政协委员读书群。\n")).unwrap();
        let out = dir.join("out");
        for to in ["epub", "pdf", "docx"] {
            let args = [
                "build",
                src.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--fonts",
                fonts.to_str().unwrap(),
                "--to",
                to,
            ];
            refused(to, &run(&args), "NotoSerifSC-Regular.ttf", "has only 3000 glyphs");
        }
    }
}

mod symlinks {
    use super::*;

    #[test]
    fn links_may_not_bring_in_files_from_elsewhere() {
        let secret = scratch("secret");
        let png = image::RgbImage::from_pixel(30, 20, image::Rgb([200, 30, 30]));
        png.save(secret.join("images/s.png")).unwrap();
        let dir = scratch("links");
        std::os::unix::fs::symlink(secret.join("images/s.png"), dir.join("images/file.png")).unwrap();
        std::os::unix::fs::symlink(secret.join("images"), dir.join("folder")).unwrap();
        png.save(dir.join("images/own.png")).unwrap();
        std::os::unix::fs::symlink("own.png", dir.join("images/inside.png")).unwrap();
        let src = dir.join("in.md");
        for (case, path) in [("file-link", "images/file.png"), ("folder-link", "folder/s.png")] {
            std::fs::write(&src, format!("{FM}正文。\n\n![图]({path})\n")).unwrap();
            let r = build_ends_well(case, &src, &dir.join("out"));
            refused(
                case,
                &r,
                "in.md:7",
                "leads outside the source file's folder through a symbolic link",
            );
        }
        std::fs::write(&src, format!("{FM}正文。\n\n![图](images/inside.png)\n")).unwrap();
        let r = build_ends_well("inside-link", &src, &dir.join("out"));
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
}

mod editions {
    use super::*;

    #[test]
    fn an_edition_may_not_overwrite_its_source() {
        let dir = scratch("own-source");
        let src = dir.join("notes.epub");
        std::fs::write(&src, format!("{FM}正文。\n")).unwrap();
        let r = run(&["build", src.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
        refused("own-source", &r, "notes.epub", "would overwrite");
        assert_eq!(std::fs::read_to_string(&src).unwrap(), format!("{FM}正文。\n"));
        assert_eq!(names(&dir), ["images", "notes.epub"]);
    }

    #[test]
    fn stale_temporaries_are_cleaned_and_interrupted_sets_finished() {
        let out = good_editions("stale");
        let src = out.parent().unwrap().join("in.md");
        let staging = out.join(".zhpress-in.staging");
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("in.pdf"), b"half").unwrap();
        std::fs::write(out.join(".in.pdf.4242.tmp"), b"half").unwrap();
        let v = run(&["verify", out.to_str().unwrap(), "--source", src.to_str().unwrap()]);
        refused("interrupted", &v, &out.display().to_string(), "was interrupted");
        build_ends_well("stale", &src, &out);
        assert_eq!(names(&out), ["in.docx", "in.epub", "in.pdf"]);
    }

    #[test]
    fn a_full_disk_leaves_the_old_set() {
        let out = good_editions("full-disk");
        let src = out.parent().unwrap().join("in.md");
        let before: Vec<Vec<u8>> = EDITIONS
            .iter()
            .map(|e| std::fs::read(out.join(format!("in.{e}"))).unwrap())
            .collect();
        std::fs::write(&src, format!("{FM}# 新\n\n{}\n", "新的正文。".repeat(2000))).unwrap();
        let r = run_with(
            &["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()],
            None,
            Limits {
                file_size: Some(20_000),
            },
        );
        refused("full-disk", &r, "in", "cannot write");
        let after: Vec<Vec<u8>> = EDITIONS
            .iter()
            .map(|e| std::fs::read(out.join(format!("in.{e}"))).unwrap())
            .collect();
        assert!(before == after, "the old set changed");
        assert_eq!(names(&out), ["in.docx", "in.epub", "in.pdf"]);
    }

    #[test]
    fn concurrent_builds_leave_one_whole_set() {
        let dir = scratch("concurrent");
        let out = dir.join("out");
        let sources: Vec<PathBuf> = (0..4)
            .map(|i| {
                let src = dir.join(format!("v{i}")).join("in.md");
                std::fs::create_dir_all(src.parent().unwrap()).unwrap();
                std::fs::write(&src, format!("{FM}# 版本{i}\n\n{}\n", "正文。".repeat(3000))).unwrap();
                src
            })
            .collect();
        let runs: Vec<Run> = std::thread::scope(|s| {
            let handles: Vec<_> = sources
                .iter()
                .map(|src| s.spawn(|| run(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()])))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in &runs {
            no_crash("concurrent", r);
            if r.code == Some(1) {
                assert!(r.stderr.contains("another zhpress build"), "{}", r.stderr);
            }
        }
        assert!(runs.iter().any(|r| r.code == Some(0)));
        assert_eq!(names(&out), ["in.docx", "in.epub", "in.pdf"]);
        // The three editions come from one source.
        let v = run(&["verify", out.to_str().unwrap(), "--stem", "in"]);
        assert_eq!(v.code, Some(0), "{}{}", v.stdout, v.stderr);
    }
}

mod memory {
    use super::*;

    #[test]
    fn long_words_and_huge_images_stay_under_the_cap() {
        // A word longer than a page (a debug build sets it slowly; the figures
        // for 400 KB are in the README).
        build_text(
            "word",
            "in.md",
            format!("{FM}{}\n", "a".repeat(30_000)).as_bytes(),
        );
        let dir = scratch("huge-png");
        // Only the header of a 13000 × 13000 PNG: the size is refused before decoding.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&13_000u32.to_be_bytes());
        png.extend_from_slice(&13_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut crc = flate2::Crc::new();
        crc.update(&png[12..]);
        png.extend_from_slice(&crc.sum().to_be_bytes());
        // An empty IDAT and the IEND: the decoder reads the header up to there.
        for chunk in [&b"IDAT"[..], &b"IEND"[..]] {
            png.extend_from_slice(&0u32.to_be_bytes());
            png.extend_from_slice(chunk);
            let mut crc = flate2::Crc::new();
            crc.update(chunk);
            png.extend_from_slice(&crc.sum().to_be_bytes());
        }
        std::fs::write(dir.join("images/big.png"), &png).unwrap();
        let src = dir.join("in.md");
        std::fs::write(&src, format!("{FM}![图](images/big.png)\n")).unwrap();
        let r = build_ends_well("huge-png", &src, &dir.join("out"));
        refused("huge-png", &r, "in.md:5", "13000 × 13000 pixels, over the limit");
    }
}

mod escapes {
    use super::*;

    #[test]
    fn control_characters_from_an_edition_are_shown_escaped() {
        let title = b"(\\033]0;pwned\\007\\033[2J)";
        let outline = [b"<< /Title ".as_slice(), title, b" /Parent 4 0 R >>"].concat();
        let f = edition_file(
            "escape",
            "pdf",
            &one_page_pdf("<< /First 6 0 R >>", "<< >>", stream("", b"BT ET"), vec![outline]),
        );
        let src = f.parent().unwrap().join("x.md");
        std::fs::write(&src, format!("{FM}# 标题\n")).unwrap();
        let r = run(&[
            "verify",
            f.parent().unwrap().to_str().unwrap(),
            "--source",
            src.to_str().unwrap(),
        ]);
        no_crash("escape", &r);
        assert_eq!(r.code, Some(1));
        assert!(
            r.stderr.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"),
            "{}",
            r.stderr
        );
    }
}

mod valid {
    use super::*;

    /// Builds `text` and expects a whole set that `verify` accepts.
    fn builds(case: &str, text: &str) -> Scratch {
        let (dir, r) = build_text(case, "in.md", text.as_bytes());
        assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
        dir
    }

    #[test]
    fn inputs_that_used_to_fail() {
        builds("tab", &format!("{FM}正文\t有制表符。\n\nword\tword\n"));
        builds("no-headings", &format!("{FM}只有正文。\n\n第二段。\n"));
        builds("setext-break", &format!("{FM}标题\\\n第二行\n===\n\n正文。\n"));
        builds(
            "setext-break-spaces",
            &format!("{FM}标题  \n第二行\n===\n\n正文。\n"),
        );
        let dir = scratch("caption-break");
        let png = image::RgbImage::from_pixel(30, 20, image::Rgb([90, 90, 90]));
        png.save(dir.join("images/p.png")).unwrap();
        for (case, caption) in [
            ("caption-break", "第一行\\\n第二行".to_string()),
            ("long-caption", "很长的图片说明".repeat(215)),
        ] {
            let src = dir.join(format!("{case}.md"));
            std::fs::write(&src, format!("{FM}正文。\n\n![{caption}](images/p.png \"摄\")\n")).unwrap();
            let r = build_ends_well(case, &src, &dir.join("out"));
            assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
        }
        builds("bare-cr", &format!("{FM}# 标题\n\n正文。\n").replace('\n', "\r"));
        builds("crlf", &format!("{FM}# 标题\n\n正文。\n").replace('\n', "\r\n"));
        // Found by the fuzz test: emphasis inside emphasis is one span in
        // every edition; a heading's trailing tab is not part of its text.
        builds("emphasis-in-emphasis", &format!("{FM}****甲*乙*丙\n"));
        builds("heading-tab", &format!("{FM}# 标题 \t\n\n正文。\n"));
    }

    #[test]
    fn an_email_autolink_links_to_mailto() {
        let dir = builds("mailto", &format!("{FM}来信请寄 <office@example.org>。\n"));
        let epub = std::fs::read(dir.join("out/in.epub")).unwrap();
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let names: Vec<String> = zin.file_names().map(String::from).collect();
        let all: String = names
            .iter()
            .filter(|n| n.ends_with(".xhtml"))
            .map(|n| {
                let mut s = String::new();
                zin.by_name(n).unwrap().read_to_string(&mut s).unwrap();
                s
            })
            .collect();
        assert!(all.contains("href=\"mailto:office@example.org\""), "{all}");
        let docx = std::fs::read(dir.join("out/in.docx")).unwrap();
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut rels = String::new();
        zin.by_name("word/_rels/document.xml.rels")
            .unwrap()
            .read_to_string(&mut rels)
            .unwrap();
        assert!(rels.contains("mailto:office@example.org"), "{rels}");
    }

    #[test]
    fn dates_outside_four_digit_years_are_refused() {
        let (dir, r) = build_text(
            "plus-year",
            "in.md",
            b"---\ntitle: t\ndate: \"+202-03-01\"\n---\n\nx\n",
        );
        refused(
            "plus-year",
            &r,
            &format!("{}:3:", dir.join("in.md").display()),
            "is not a date written as YYYY-MM-DD",
        );
        let dir = scratch("year-10000");
        let src = dir.join("in.md");
        std::fs::write(&src, format!("{FM}正文。\n")).unwrap();
        let r = run_with(
            &[
                "build",
                src.to_str().unwrap(),
                "-o",
                dir.join("out").to_str().unwrap(),
            ],
            Some("253402300800"),
            Limits::default(),
        );
        refused("year-10000", &r, "SOURCE_DATE_EPOCH", "after the year 9999");
        let r = run_with(
            &[
                "build",
                src.to_str().unwrap(),
                "-o",
                dir.join("out").to_str().unwrap(),
            ],
            Some("253402300799"),
            Limits::default(),
        );
        no_crash("year-9999", &r);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }

    #[test]
    fn an_outline_of_150000_entries_is_read() {
        // 150,000 tagged level-1 headings, each with its bookmark.
        let n = 150_000;
        let mut content = Vec::new();
        let mut elements = String::new();
        for i in 0..n {
            content.extend(format!("/H1 <</MCID {i}>> BDC BT (h{i}) Tj ET EMC\n").bytes());
            elements.push_str(&format!("<< /S /H1 /Pg 3 0 R /K {i} >> "));
        }
        let mut objects = vec![
            format!(
                "<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R /StructTreeRoot \
                 << /Type /StructTreeRoot /K << /S /Document /K [{elements}] >> >> >>"
            )
            .into_bytes(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 5 0 R >>".to_vec(),
            b"<< /Type /Outlines /First 6 0 R >>".to_vec(),
            stream("", &content),
        ];
        objects.extend((0..n).map(|i| {
            let next = if i + 1 < n {
                format!("/Next {} 0 R", 7 + i)
            } else {
                String::new()
            };
            format!("<< /Title (h{i}) /Parent 4 0 R {next} >>").into_bytes()
        }));
        let f = edition_file("big-outline", "pdf", &pdf(&objects));
        let r = verify_ends("big-outline", &f);
        assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("150000"), "{}", r.stdout);
    }
}

/// DOCX files for `import` to read: a zhpress DOCX edited as an attacker
/// would, imported under the caps.
mod docx_for_import {
    use super::*;

    /// The run of paragraph 3 (“正文一段。”) in the DOCX of [`docx`].
    pub const RUN3: &str = r#"<w:r><w:rPr /><w:t xml:space="preserve">正文一段。</w:t></w:r>"#;
    /// The start of paragraph 3.
    pub const PARA3: &str = r#"<w:p w14:paraId="00000008">"#;

    /// A zhpress DOCX in a fresh folder: the title (paragraph 1), a heading
    /// (2), a paragraph with a note (3), one with a link (4), a numbered
    /// list (5, 6).
    pub fn docx(case: &str) -> ScratchPath {
        let dir = scratch(&format!("import-{case}-{}", unique()));
        let src = dir.join("in.md");
        std::fs::write(
            &src,
            format!("{FM}# 第一章\n\n正文一段。<!-- 注 -->\n\n第二段[链接](https://example.org)。\n\n1. 甲\n2. 乙\n"),
        )
        .unwrap();
        let out = dir.join("out");
        let r = run(&[
            "build",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--to",
            "docx",
        ]);
        assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
        dir.holding(out.join("in.docx"))
    }

    /// Imports `docx` into `<its folder>/back/in.md` with `extra` arguments.
    pub fn import(case: &str, docx: &Path, extra: &[&str]) -> (PathBuf, Run) {
        let md = docx.parent().unwrap().join("back/in.md");
        let mut args = vec!["import", docx.to_str().unwrap(), "-o", md.to_str().unwrap()];
        args.extend(extra);
        let r = run(&args);
        no_crash(case, &r);
        (md, r)
    }

    /// [`docx`] with `word/document.xml` edited, imported.
    pub fn edited(case: &str, edit: impl Fn(String) -> String) -> (ScratchPath, Run) {
        let docx = docx(case);
        edit_zip(&docx, "word/document.xml", edit);
        let (md, r) = import(case, &docx, &[]);
        (docx.moved_to(md), r)
    }

    /// Asserts a refusal naming the DOCX, `place` and `what`, with nothing written.
    pub fn refused_at(case: &str, (md, r): &(impl AsRef<Path>, Run), place: &str, what: &str) {
        refused(case, r, "in.docx", what);
        assert!(
            r.stderr.contains(place),
            "{case}: `{place}` not named in: {}",
            r.stderr
        );
        assert!(
            !md.as_ref().parent().unwrap().exists(),
            "{case}: a refused import wrote files"
        );
    }

    /// Asserts a whole import whose source holds `expected`.
    pub fn imported(case: &str, (md, r): &(impl AsRef<Path>, Run), expected: &str) -> String {
        assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
        let text = std::fs::read_to_string(md).unwrap();
        assert!(
            text.contains(expected),
            "{case}: `{expected}` not in:\n{}",
            &text[..text.len().min(2000)]
        );
        text
    }
}

mod import_depth {
    use super::docx_for_import::*;
    use super::*;

    const N: usize = 100_000;

    #[test]
    fn containers_nested_100000_deep_are_refused_naming_the_paragraph() {
        for tag in ["smartTag", "customXml", "hyperlink", "ins"] {
            let r = edited(tag, |t| {
                t.replacen(
                    RUN3,
                    &format!(
                        "{}{RUN3}{}",
                        format!("<w:{tag}>").repeat(N),
                        format!("</w:{tag}>").repeat(N)
                    ),
                    1,
                )
            });
            refused_at(
                tag,
                &r,
                "in paragraph 3 (“正文一段。”)",
                "nests elements more than 256 deep",
            );
        }
        let r = edited("sdt", |t| {
            t.replacen(PARA3, &format!("{}{PARA3}", "<w:sdt><w:sdtContent>".repeat(N)), 1)
                .replacen(
                    "<w:sectPr>",
                    &format!("{}<w:sectPr>", "</w:sdtContent></w:sdt>".repeat(N)),
                    1,
                )
        });
        refused_at(
            "sdt",
            &r,
            "after paragraph 2 (“第一章”)",
            "nests elements more than 256 deep",
        );
        let r = edited("tables", |t| {
            let cell = "<w:tbl><w:tr><w:tc>";
            let end = "</w:tc></w:tr></w:tbl>";
            t.replacen(
                PARA3,
                &format!("{}<w:p/>{}{PARA3}", cell.repeat(N), end.repeat(N)),
                1,
            )
        });
        refused_at(
            "tables",
            &r,
            "after paragraph 2 (“第一章”)",
            "nests elements more than 256 deep",
        );
    }

    #[test]
    fn a_chain_of_100000_deleted_marks_becomes_one_paragraph() {
        let deleted = r#"<w:p><w:pPr><w:rPr><w:del w:id="9" w:author="甲"/></w:rPr></w:pPr><w:r><w:t>字</w:t></w:r></w:p>"#;
        let r = edited("deleted-marks", |t| {
            t.replacen(PARA3, &format!("{}{PARA3}", deleted.repeat(N)), 1)
        });
        imported("deleted-marks", &r, &format!("\n{}正文一段。", "字".repeat(N)));
    }

    #[test]
    fn a_paragraph_with_150000_comments() {
        const M: usize = 150_000;
        let docx = docx("comments");
        edit_zip(&docx, "word/document.xml", |t| {
            let ranges: String = (0..M)
                .map(|i| format!(r#"<w:commentRangeStart w:id="{i}"/><w:commentRangeEnd w:id="{i}"/>"#))
                .collect();
            t.replacen(RUN3, &format!("{RUN3}{ranges}"), 1)
        });
        edit_zip(&docx, "word/comments.xml", |t| {
            let start = t.find("<w:comment ").unwrap();
            let comments: String = (0..M)
                    .map(|i| format!(r#"<w:comment w:id="{i}" w:author="张"><w:p><w:r><w:t>注{i}</w:t></w:r></w:p></w:comment>"#))
                    .collect();
            format!("{}{comments}</w:comments>", &t[..start])
        });
        let r = import("comments", &docx, &[]);
        let text = imported("comments", &r, "正文一段。<!-- 批注（张）：注0 -->");
        assert!(text.contains("<!-- 批注（张）：注149999 -->"));
    }

    #[test]
    fn a_150000_paragraph_document_against_its_old_source() {
        const M: usize = 150_000;
        let many = |edit: usize| {
            move |t: String| {
                let paras: String = (0..M)
                    .map(|i| match i == edit {
                        true => "<w:p><w:r><w:t>改过的一段。</w:t></w:r></w:p>".to_string(),
                        false => format!("<w:p><w:r><w:t>第{i}段。</w:t></w:r></w:p>"),
                    })
                    .collect();
                t.replacen(PARA3, &format!("{paras}{PARA3}"), 1)
            }
        };
        let docx = docx("long-diff");
        let original = std::fs::read(&docx).unwrap();
        edit_zip(&docx, "word/document.xml", many(M));
        imported("long-diff", &import("long-diff", &docx, &[]), "第149999段。");
        std::fs::write(&docx, original).unwrap();
        edit_zip(&docx, "word/document.xml", many(70_000));
        let (_, r) = import("long-diff-again", &docx, &["--force"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(
            r.stdout.contains("paragraphs: 1 changed, 0 added, 0 removed"),
            "{}",
            r.stdout
        );
    }
}

mod import_refusals {
    use super::docx_for_import::*;
    use super::*;

    fn para(style: &str, runs: &str) -> String {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}" /></w:pPr>{runs}</w:p>{PARA3}"#)
    }

    fn run_of(text: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    #[test]
    fn what_a_source_cannot_say_is_refused_naming_the_paragraph() {
        let cases: Vec<(&str, String, &str, &str)> = vec![
            (
                "heading-break",
                para(
                    "Heading2",
                    &format!("{}<w:r><w:br/></w:r>{}", run_of("章"), run_of("名")),
                ),
                "paragraph 3 (“章名”)",
                "a line break inside a heading",
            ),
            (
                "heading-mark",
                para("Heading2", &run_of("■")),
                "paragraph 3 (“■”)",
                "a heading with no text",
            ),
            (
                "c1",
                para("Normal", &run_of("甲\u{85}乙")),
                "paragraph 3 (“甲",
                "control character U+0085",
            ),
        ];
        for (case, xml, place, what) in cases {
            let r = edited(case, |t| t.replacen(PARA3, &xml, 1));
            refused_at(case, &r, place, what);
        }
    }

    /// Literal `**` in a bold run: written escaped inside the bold, and read
    /// back as the same words (it was an internal error naming nothing).
    #[test]
    fn literal_stars_in_a_bold_run_come_back() {
        let xml = para(
            "Normal",
            &format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>**</w:t></w:r>{}"#, run_of("乙")),
        );
        let (md, r) = edited("bold-stars", |t| t.replacen(PARA3, &xml, 1));
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let text = std::fs::read_to_string(&md).unwrap();
        assert!(text.contains("\n**\\*\\***乙\n"), "{text}");
        let doc = zhpress::input::markdown::parse(&text, "in.md").unwrap();
        assert!(
            doc.block_texts().iter().any(|t| t == "**乙"),
            "{:?}",
            doc.block_texts()
        );
    }

    #[test]
    fn a_line_break_in_a_link_address() {
        let docx = docx("url-newline");
        edit_zip(&docx, "word/_rels/document.xml.rels", |t| {
            t.replacen("https://example.org", "https://exa&#10;mple.org", 1)
        });
        let r = import("url-newline", &docx, &[]);
        refused_at(
            "url-newline",
            &r,
            "paragraph 4 (“第二段链接。”)",
            "a link whose address holds a line break",
        );
    }

    #[test]
    fn list_numbers_and_depths_past_what_a_source_holds() {
        for (case, start) in [
            ("start-1e10", "10000000000"),
            ("start-max", "18446744073709551615"),
        ] {
            let docx = docx(case);
            edit_zip(&docx, "word/numbering.xml", |t| {
                t.replace(
                    r#"<w:startOverride w:val="1" />"#,
                    &format!(r#"<w:startOverride w:val="{start}" />"#),
                )
            });
            let r = import(case, &docx, &[]);
            refused_at(
                case,
                &r,
                "paragraph 5 (“甲”)",
                "a source numbers lists up to 999999999",
            );
        }
        let r = edited("levels-40", |t| {
            let items: String = (0..40)
                .map(|i| {
                    format!(
                        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{i}" /><w:numId w:val="3" /></w:numPr></w:pPr><w:r><w:t>项{i}</w:t></w:r></w:p>"#
                    )
                })
                .collect();
            t.replacen(PARA3, &format!("{items}{PARA3}"), 1)
        });
        refused_at(
            "levels-40",
            &r,
            "paragraph 35 (“项32”)",
            "a list nested more than 32 deep",
        );
    }
}

mod import_loss {
    use super::docx_for_import::*;

    fn in_paragraph(runs: &str) -> String {
        format!("<w:p>{runs}</w:p>{PARA3}")
    }

    fn run_of(text: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    #[test]
    fn symbols_ruby_and_alternate_content_are_read() {
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "sym",
                in_paragraph(&format!(
                    r#"{}<w:r><w:sym w:font="Segoe UI Symbol" w:char="2605"/></w:r>{}"#,
                    run_of("前"),
                    run_of("后")
                )),
                "\n前★后\n",
            ),
            (
                "sym-cjk",
                in_paragraph(&format!(
                    r#"{}<w:r><w:sym w:font="SimSun" w:char="4E2D"/></w:r>{}"#,
                    run_of("读"),
                    run_of("文")
                )),
                "\n读中文\n",
            ),
            (
                "ruby",
                in_paragraph(&format!(
                    r#"{}<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhōng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>中</w:t></w:r></w:rubyBase></w:ruby></w:r>{}"#,
                    run_of("读"),
                    run_of("文课本")
                )),
                "\n读中文课本\n",
            ),
            (
                "alternate-content",
                in_paragraph(&format!(
                    r#"{}<mc:AlternateContent><mc:Choice Requires="w14">{}</mc:Choice><mc:Fallback>{}</mc:Fallback></mc:AlternateContent>{}"#,
                    run_of("甲"),
                    run_of("新"),
                    run_of("乙"),
                    run_of("丙")
                )),
                "\n甲乙丙\n",
            ),
        ];
        for (case, xml, expected) in cases {
            imported(case, &edited(case, |t| t.replacen(PARA3, &xml, 1)), expected);
        }
    }

    #[test]
    fn what_has_no_text_in_the_source_is_refused() {
        let wingdings = in_paragraph(&format!(
            r#"{}<w:r><w:sym w:font="Wingdings" w:char="F0AB"/></w:r>"#,
            run_of("前")
        ));
        let r = edited("sym-private", |t| t.replacen(PARA3, &wingdings, 1));
        refused_at(
            "sym-private",
            &r,
            "paragraph 3 (“前”)",
            "a symbol from the font `Wingdings` (code F0AB)",
        );
        let r = edited("alt-chunk", |t| {
            t.replacen(PARA3, &format!(r#"<w:altChunk r:id="rIdHyperlink1"/>{PARA3}"#), 1)
        });
        refused_at(
            "alt-chunk",
            &r,
            "after paragraph 2 (“第一章”)",
            "a document embedded as a whole (`altChunk`)",
        );
    }

    #[test]
    fn a_comment_in_the_title_becomes_a_note() {
        let r = edited("title-comment", |t| {
            let start = t.find("<w:commentRangeStart").unwrap();
            let end = t
                .find("</w:p>")
                .map(|_| t[start..].find("</w:r></w:p>").unwrap() + start + 6)
                .unwrap();
            let comment = t[start..end].to_string();
            let without = format!("{}{}", &t[..start], &t[end..]);
            let title_end = r#"标题</w:t></w:r>"#;
            without.replacen(title_end, &format!("{title_end}{comment}"), 1)
        });
        let text = imported("title-comment", &r, "title: 标题\n");
        assert!(text.contains("<!-- 注 -->"), "{text}");
    }
}

mod import_photos {
    use super::docx_for_import::import;
    use super::*;

    /// A PNG of one colour.
    pub fn png(shade: u8) -> Vec<u8> {
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(40, 30, image::Rgb([shade, 90, 160])))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageOutputFormat::Png)
            .unwrap();
        out
    }

    /// The DOCX of a source with two figures of different photos, the
    /// photos' bytes.
    pub fn two_photos(case: &str) -> (ScratchPath, [Vec<u8>; 2]) {
        photos_docx(case, [png(10), png(200)])
    }

    /// The DOCX of a source with two figures of `photos` (PNG).
    pub fn photos_docx(case: &str, photos: [Vec<u8>; 2]) -> (ScratchPath, [Vec<u8>; 2]) {
        let dir = scratch(&format!("photos-{case}-{}", unique()));
        std::fs::write(dir.join("images/a.png"), &photos[0]).unwrap();
        std::fs::write(dir.join("images/b.png"), &photos[1]).unwrap();
        let src = dir.join("in.md");
        std::fs::write(&src, format!("{FM}![甲](images/a.png)\n\n![乙](images/b.png)\n")).unwrap();
        let out = dir.join("out");
        let r = run(&[
            "build",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--to",
            "docx",
        ]);
        assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
        (dir.holding(out.join("in.docx")), photos)
    }

    /// The image paths of the figures of a source, in order.
    fn figure_paths(text: &str) -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix("![")?.split_once("](").map(|(_, rest)| rest))
            .map(|rest| rest.trim_end_matches(')').split(' ').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn titles_that_name_one_file_twice_or_a_default_name_keep_each_photo() {
        let cases = [
            ("dot", Some("./x.png"), Some("x.png")),
            ("parent", Some("a/../x.png"), Some("x.png")),
            ("slashes", Some("//x.png"), Some("x.png")),
            ("upper", Some("images/X.png"), Some("images/x.png")),
            ("default", Some("images/figure-2.png"), None),
        ];
        for (case, first, second) in cases {
            let (docx, photos) = two_photos(case);
            edit_zip(&docx, "word/document.xml", |t| {
                let mut t = t.replacen(
                    r#"title="images/a.png""#,
                    &first.map_or(String::new(), |f| format!(r#"title="{f}""#)),
                    1,
                );
                t = t.replacen(
                    r#"title="images/b.png""#,
                    &second.map_or(String::new(), |f| format!(r#"title="{f}""#)),
                    1,
                );
                t
            });
            let (md, r) = import(case, &docx, &[]);
            assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
            let paths = figure_paths(&std::fs::read_to_string(&md).unwrap());
            assert_eq!(paths.len(), 2, "{case}: {paths:?}");
            for (path, photo) in paths.iter().zip(&photos) {
                let back = std::fs::read(md.parent().unwrap().join(path)).unwrap();
                assert!(back == *photo, "{case}: `{path}` shows another photo ({paths:?})");
            }
        }
    }

    #[test]
    fn a_title_naming_the_source_itself_is_not_written_over_it() {
        let (docx, photos) = two_photos("source-name");
        edit_zip(&docx, "word/document.xml", |t| {
            t.replacen(r#"title="images/a.png""#, r#"title="in.png""#, 1)
        });
        let md = docx.parent().unwrap().join("back/in.png");
        let r = run(&["import", docx.to_str().unwrap(), "-o", md.to_str().unwrap()]);
        no_crash("source-name", &r);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let text = std::fs::read_to_string(&md).expect("the source is text, not a photo");
        let paths = figure_paths(&text);
        assert!(!paths.contains(&"in.png".to_string()), "{paths:?}");
        let back = std::fs::read(md.parent().unwrap().join(&paths[0])).unwrap();
        assert!(back == photos[0]);
    }
}

mod import_files {
    use super::docx_for_import::{docx, import};
    use super::import_photos::{photos_docx, png, two_photos};
    use super::*;

    #[test]
    fn fifos_and_devices_are_refused_not_waited_on() {
        let dir = scratch("import-fifo");
        let fifo = dir.join("in.docx");
        mkfifo(&fifo);
        let md = dir.join("back/in.md");
        let r = run(&["import", fifo.to_str().unwrap(), "-o", md.to_str().unwrap()]);
        refused("fifo", &r, "in.docx", "not a regular file");
        let r = run(&["import", "/dev/zero", "-o", md.to_str().unwrap()]);
        refused("dev-zero", &r, "/dev/zero", "not a regular file");
        assert!(!dir.join("back").exists());
        // An existing photo that is a FIFO.
        let (docx, _) = two_photos("photo-fifo");
        let back = docx.parent().unwrap().join("back");
        std::fs::create_dir_all(back.join("images")).unwrap();
        mkfifo(&back.join("images/a.png"));
        let (md, r) = import("photo-fifo", &docx, &["--force"]);
        refused("photo-fifo", &r, "images/a.png", "not a regular file");
        assert!(!md.exists());
    }

    #[test]
    fn a_huge_existing_source_is_not_read_into_memory() {
        let docx = docx("huge-source");
        let md = docx.parent().unwrap().join("back/in.md");
        std::fs::create_dir_all(md.parent().unwrap()).unwrap();
        std::fs::File::create(&md).unwrap().set_len(3 << 30).unwrap();
        let (_, r) = import("huge-source", &docx, &[]);
        refused("huge-source", &r, "in.md", "exists and would change");
        let (_, r) = import("huge-source-force", &docx, &["--force"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(std::fs::read_to_string(&md).unwrap().contains("正文一段。"));
    }

    #[test]
    fn the_docx_itself_is_never_the_output() {
        let docx = docx("same-file");
        let before = std::fs::read(&docx).unwrap();
        let r = run(&[
            "import",
            docx.to_str().unwrap(),
            "-o",
            docx.to_str().unwrap(),
            "--force",
        ]);
        refused("same-file", &r, "in.docx", "is the DOCX being imported");
        assert!(std::fs::read(&docx).unwrap() == before, "the DOCX was replaced");
    }

    #[test]
    fn an_images_link_does_not_lead_writes_outside() {
        let (docx, _) = two_photos("images-link");
        let top = docx.parent().unwrap().parent().unwrap();
        let elsewhere = top.join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        let back = top.join("back");
        std::fs::create_dir_all(&back).unwrap();
        std::os::unix::fs::symlink(&elsewhere, back.join("images")).unwrap();
        let md = back.join("in.md");
        let r = run(&[
            "import",
            docx.to_str().unwrap(),
            "-o",
            md.to_str().unwrap(),
            "--force",
        ]);
        refused("images-link", &r, "images", "is a symbolic link");
        assert!(names(&elsewhere).is_empty(), "{:?}", names(&elsewhere));
        assert!(!md.exists());
    }

    #[test]
    fn a_failed_write_changes_no_file() {
        // The first photo fits under the file-size cap below, the second does not.
        let noisy = |seed: u32| {
            let mut out = Vec::new();
            image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 64, |x, y| {
                let v = (x * 7919 + y * 104_729 + seed).wrapping_mul(2_654_435_761);
                image::Rgb([(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8])
            }))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageOutputFormat::Png)
            .unwrap();
            out
        };
        let (docx, _) = photos_docx("fsize", [png(10), noisy(2)]);
        let back = docx.parent().unwrap().join("back");
        std::fs::create_dir_all(back.join("images")).unwrap();
        let old = png(99);
        std::fs::write(back.join("images/a.png"), &old).unwrap();
        let md = back.join("in.md");
        let r = run_with(
            &[
                "import",
                docx.to_str().unwrap(),
                "-o",
                md.to_str().unwrap(),
                "--force",
            ],
            None,
            Limits {
                file_size: Some(4096),
            },
        );
        refused("fsize", &r, "b.png", "cannot write");
        assert!(
            std::fs::read(back.join("images/a.png")).unwrap() == old,
            "the old photo changed"
        );
        assert!(!md.exists(), "a source was written");
        assert_eq!(
            names(&back.join("images")),
            ["a.png"],
            "stray or half-written files"
        );
    }

    #[test]
    fn a_folder_as_the_output_is_refused() {
        let (docx, _) = two_photos("out-folder");
        let sub = docx.parent().unwrap().parent().unwrap().join("sub");
        std::fs::create_dir_all(sub.join("back")).unwrap();
        let dot = format!("{}/.", sub.join("back").display());
        let back = sub.join("back").display().to_string();
        let slash = format!("{}/", sub.join("new").display());
        for out in [dot.as_str(), back.as_str(), slash.as_str()] {
            let r = run(&["import", docx.to_str().unwrap(), "-o", out]);
            refused(out, &r, out.trim_end_matches(['/', '.']), "folder");
            assert_eq!(names(&sub), ["back"], "{out}: stray files");
            assert!(names(&sub.join("back")).is_empty(), "{out}: stray files");
        }
    }
}

mod zip_names {
    use super::*;

    /// A stored (uncompressed) zip of `entries`: central directory name,
    /// an Info-ZIP Unicode Path field when given, and data.
    fn stored_zip(entries: &[(String, Option<String>, Vec<u8>)]) -> Vec<u8> {
        let mut z = Vec::new();
        let mut cd = Vec::new();
        for (name, unicode, data) in entries {
            let extra = unicode.as_ref().map_or(Vec::new(), |u| {
                let mut e = 0x7075u16.to_le_bytes().to_vec();
                e.extend_from_slice(&((5 + u.len()) as u16).to_le_bytes());
                e.push(1);
                let mut crc = flate2::Crc::new();
                crc.update(name.as_bytes());
                e.extend_from_slice(&crc.sum().to_le_bytes());
                e.extend_from_slice(u.as_bytes());
                e
            });
            let mut crc = flate2::Crc::new();
            crc.update(data);
            let offset = z.len() as u32;
            let common = |out: &mut Vec<u8>| {
                for v in [20u16, 0, 0, 0, 0x21] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
                out.extend_from_slice(&crc.sum().to_le_bytes());
                out.extend_from_slice(&(data.len() as u32).to_le_bytes());
                out.extend_from_slice(&(data.len() as u32).to_le_bytes());
                out.extend_from_slice(&(name.len() as u16).to_le_bytes());
                out.extend_from_slice(&(extra.len() as u16).to_le_bytes());
            };
            z.extend_from_slice(b"PK\x03\x04");
            common(&mut z);
            z.extend_from_slice(name.as_bytes());
            z.extend_from_slice(&extra);
            z.extend_from_slice(data);
            cd.extend_from_slice(b"PK\x01\x02");
            cd.extend_from_slice(&20u16.to_le_bytes());
            common(&mut cd);
            for v in [0u16, 0, 0] {
                cd.extend_from_slice(&v.to_le_bytes());
            }
            cd.extend_from_slice(&0u32.to_le_bytes());
            cd.extend_from_slice(&offset.to_le_bytes());
            cd.extend_from_slice(name.as_bytes());
            cd.extend_from_slice(&extra);
        }
        let cd_offset = z.len() as u32;
        z.extend_from_slice(&cd);
        z.extend_from_slice(b"PK\x05\x06");
        for v in [0u16, 0, entries.len() as u16, entries.len() as u16] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(&(cd.len() as u32).to_le_bytes());
        z.extend_from_slice(&cd_offset.to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z
    }

    /// `zip` rewritten stored, with a decoy entry `word/decoy.xml` whose
    /// Unicode Path field names `target`, holding `target` with `from`
    /// replaced by `to`.
    fn with_decoy(zip: &[u8], target: &str, from: &str, to: &str) -> Vec<u8> {
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
        let mut entries = Vec::new();
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            entries.push((f.name().to_string(), None, data));
        }
        let original = entries.iter().find(|e| e.0 == target).unwrap().2.clone();
        let decoy = String::from_utf8(original).unwrap().replace(from, to);
        assert!(decoy.contains(to));
        entries.push(("word/decoy.xml".into(), Some(target.into()), decoy.into_bytes()));
        stored_zip(&entries)
    }

    #[test]
    fn an_entry_with_two_names_is_refused_by_import_and_verify() {
        let out = good_editions("zip-names");
        let docx = out.join("in.docx");
        let ambiguous = with_decoy(
            &std::fs::read(&docx).unwrap(),
            "word/document.xml",
            "正文一段。",
            "伪造的一段。",
        );
        std::fs::write(&docx, ambiguous).unwrap();
        let md = out.join("back/in.md");
        let r = run(&["import", docx.to_str().unwrap(), "-o", md.to_str().unwrap()]);
        refused("import", &r, "in.docx", "is also named `word/document.xml`");
        assert!(!md.exists());
        let r = verify_ends("verify", &docx);
        refused("verify", &r, "in.docx", "is also named `word/document.xml`");
    }
}
