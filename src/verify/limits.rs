//! The bounds `verify` reads an edition within. An edition handed to
//! `verify` may be hostile, so nothing in it is trusted to be small or
//! shallow: every inflation has a cap, every nesting a depth limit, every
//! XML document a node limit and no entity declarations, and every text
//! taken from an edition is shown with its control characters escaped.

use std::io::Read;

use anyhow::{bail, Result};

/// The largest edition read: 512 MiB.
pub const MAX_EDITION_BYTES: u64 = 512 << 20;
/// The most bytes one zip entry or PDF stream may inflate to: 256 MiB.
pub const MAX_INFLATED: u64 = 256 << 20;
/// The most bytes all the streams of one PDF may inflate to, together: 1 GiB.
pub const MAX_INFLATED_TOTAL: u64 = 1 << 30;
/// How deeply PDF arrays and dictionaries, XML elements and PDF outline
/// items may nest.
pub const MAX_DEPTH: usize = 256;
/// The most nodes an XML document may have: 20 million.
pub const MAX_XML_NODES: u32 = 20_000_000;
/// The most codes a ToUnicode map may give text for (a font has at most
/// 65,536 glyphs).
pub const MAX_CMAP_ENTRIES: usize = 1 << 17;

/// Inflates zlib data (`FlateDecode`) up to [`MAX_INFLATED`] bytes.
pub fn inflate(data: &[u8], what: &str) -> Result<Vec<u8>> {
    inflate_capped(data, what, MAX_INFLATED)
}

fn inflate_capped(data: &[u8], what: &str, cap: u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| anyhow::anyhow!("{what} cannot be inflated: {e}"))?;
    if out.len() as u64 > cap {
        bail!("{what} inflates to more than {}", size(cap));
    }
    Ok(out)
}

/// A cap in words: `256 MiB`, or bytes when it is smaller than a MiB.
fn size(cap: u64) -> String {
    if cap >= 1 << 20 {
        format!("{} MiB", cap >> 20)
    } else {
        format!("{cap} bytes")
    }
}

/// The caps [`scan`] applies: per stream, and for all streams together.
#[derive(Clone, Copy)]
struct Caps {
    stream: u64,
    total: u64,
}

const CAPS: Caps = Caps {
    stream: MAX_INFLATED,
    total: MAX_INFLATED_TOTAL,
};

/// Reads a zip entry's content, at most [`MAX_INFLATED`] bytes, as UTF-8.
pub fn zip_text<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    kind: &str,
) -> Result<String> {
    let entry = zip
        .by_name(name)
        .map_err(|_| anyhow::anyhow!("the {kind} has no `{}`", printable(name)))?;
    let mut bytes = Vec::new();
    entry
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("`{}` cannot be read: {e}", printable(name)))?;
    if bytes.len() as u64 > MAX_INFLATED {
        bail!(
            "`{}` inflates to more than {} MiB",
            printable(name),
            MAX_INFLATED >> 20
        );
    }
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("`{}` is not UTF-8", printable(name)))
}

/// Refuses a zip archive whose entries could be read under two names: an
/// entry whose Info-ZIP Unicode Path field (0x7075) names another entry
/// than its central directory name (a UTF-8 or plain ASCII name has one
/// reading; the zip reader would take the field's), or two entries with
/// one name. An archive whose central directory cannot be found is left to
/// the zip reader to refuse.
pub fn check_zip_names(bytes: &[u8]) -> Result<()> {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64)
    };
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    };
    let tail = bytes.len().saturating_sub(22 + 65_535);
    let Some(eocd) = (tail..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
    else {
        return Ok(());
    };
    let mut cd = u32_at(eocd + 16).unwrap_or(0);
    if cd == 0xFFFF_FFFF && eocd >= 20 && bytes[eocd - 20..].starts_with(b"PK\x06\x07") {
        cd = u64_at(eocd - 20 + 8)
            .and_then(|record| u64_at(record as usize + 48))
            .unwrap_or(u64::MAX);
    }
    let mut at = usize::try_from(cd).unwrap_or(usize::MAX);
    let mut seen = std::collections::HashSet::new();
    while bytes.get(at..).is_some_and(|b| b.starts_with(b"PK\x01\x02")) {
        let (Some(flags), Some(name_len), Some(extra_len), Some(comment_len)) =
            (u16_at(at + 8), u16_at(at + 28), u16_at(at + 30), u16_at(at + 32))
        else {
            break;
        };
        let Some(name) = bytes.get(at + 46..at + 46 + name_len) else {
            break;
        };
        let extra = bytes
            .get(at + 46 + name_len..at + 46 + name_len + extra_len)
            .unwrap_or(&[]);
        let definite = flags & 0x800 != 0 || name.is_ascii();
        let mut read_as = String::from_utf8_lossy(name).into_owned();
        let mut e = 0;
        while e + 4 <= extra.len() {
            let id = u16::from_le_bytes([extra[e], extra[e + 1]]);
            let size = u16::from_le_bytes([extra[e + 2], extra[e + 3]]) as usize;
            let data = extra.get(e + 4..e + 4 + size).unwrap_or(&[]);
            if id == 0x7075 && data.len() > 5 {
                let unicode = String::from_utf8_lossy(&data[5..]).into_owned();
                if definite && unicode != read_as {
                    bail!(
                        "the entry `{}` is also named `{}` (a Unicode Path field); an archive whose entries have two names is ambiguous, refusing to read it",
                        printable(&read_as),
                        printable(&unicode)
                    );
                }
                read_as = unicode;
            }
            e += 4 + size;
        }
        if !seen.insert(read_as.clone()) {
            bail!(
                "two entries are named `{}`; an archive whose names are ambiguous is refused",
                printable(&read_as)
            );
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(())
}

/// Parses XML within the bounds: no entity declarations (an entity used
/// a thousand times is a thousandfold expansion), at most
/// [`MAX_XML_NODES`] nodes, elements at most [`MAX_DEPTH`] deep. A
/// `<!DOCTYPE>` without an internal subset is allowed (XHTML has one).
pub fn parse_xml<'a>(text: &'a str, what: &str) -> Result<roxmltree::Document<'a>> {
    if text.contains("<!ENTITY") {
        bail!("{what} declares XML entities, which no edition needs");
    }
    check_xml_depth(text).map_err(|_| anyhow::anyhow!("{what} nests elements more than {MAX_DEPTH} deep"))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_XML_NODES,
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| anyhow::anyhow!("{what} is not well-formed XML: {e}"))?;
    // Nodes come in document order, each after its parent: one pass.
    let mut depths: Vec<usize> = Vec::new();
    for n in doc.descendants() {
        let depth = n
            .parent()
            .map_or(0, |p| depths.get(p.id().get() as usize).copied().unwrap_or(0) + 1);
        if depth > MAX_DEPTH {
            bail!("{what} nests elements more than {MAX_DEPTH} deep");
        }
        let id = n.id().get() as usize;
        if id >= depths.len() {
            depths.resize(id + 1, 0);
        }
        depths[id] = depth;
    }
    Ok(doc)
}

/// Counts element nesting in XML text before a parser builds it: an open
/// tag adds a level, a close tag removes one; comments, CDATA, processing
/// instructions, declarations and quoted attribute values are skipped.
/// The error is the byte offset of the first tag past [`MAX_DEPTH`].
pub fn check_xml_depth(text: &str) -> Result<(), usize> {
    let b = text.as_bytes();
    let skip_past = |from: usize, end: &[u8]| find(&b[from..], end).map_or(b.len(), |p| from + p + end.len());
    let (mut i, mut depth) = (0usize, 0usize);
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        i += p;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = skip_past(i, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_past(i, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_past(i, b"?>");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_past(i, b">");
        } else if rest.starts_with(b"<!") {
            i = skip_past(i, b">");
        } else {
            let mut quote = None;
            let mut j = i + 1;
            while j < b.len() {
                match (quote, b[j]) {
                    (None, q @ (b'"' | b'\'')) => quote = Some(q),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            if b.get(j.wrapping_sub(1)) != Some(&b'/') {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(i);
                }
            }
            i = j + 1;
        }
        if i >= b.len() {
            break;
        }
    }
    Ok(())
}

pub use crate::terminal::printable;

/// Checks a PDF's raw bytes before a parser sees them: arrays and
/// dictionaries nest at most [`MAX_DEPTH`] deep (in the file and in its
/// object streams), and every `FlateDecode` stream inflates to at most
/// [`MAX_INFLATED`] bytes, all of them together to [`MAX_INFLATED_TOTAL`].
pub fn check_pdf(bytes: &[u8]) -> Result<()> {
    scan(bytes, &mut 0, Some(CAPS))
}

/// Checks the nesting of a content stream (or any PDF syntax without streams).
pub fn check_pdf_syntax(bytes: &[u8]) -> Result<()> {
    scan(bytes, &mut 0, None)
}

/// Walks PDF syntax counting nesting; with `caps`, also inflates streams.
fn scan(bytes: &[u8], total: &mut u64, caps: Option<Caps>) -> Result<()> {
    let mut depth = 0usize;
    let mut dict_start: Vec<usize> = Vec::new();
    let mut last_dict = 0..0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                while i < bytes.len() && !matches!(bytes[i], b'\r' | b'\n') {
                    i += 1;
                }
            }
            b'(' => i = skip_string(bytes, i),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                dict_start.push(i);
                i += 1;
            }
            b'<' => {
                while i < bytes.len() && bytes[i] != b'>' {
                    i += 1;
                }
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                if let Some(start) = dict_start.pop() {
                    last_dict = start..i + 2;
                }
                i += 1;
            }
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b's' if caps.is_some() && bytes[i..].starts_with(b"stream") && !bytes[..i].ends_with(b"end") => {
                let mut start = i + 6;
                if bytes.get(start) == Some(&b'\r') {
                    start += 1;
                }
                if bytes.get(start) == Some(&b'\n') {
                    start += 1;
                }
                let end = find(&bytes[start..], b"endstream").map_or(bytes.len(), |p| start + p);
                if let Some(caps) = caps {
                    check_stream(&bytes[last_dict.clone()], &bytes[start..end], total, caps)?;
                }
                i = end + 8;
            }
            _ => {}
        }
        if depth > MAX_DEPTH {
            bail!("arrays or dictionaries are nested more than {MAX_DEPTH} deep");
        }
        i += 1;
    }
    Ok(())
}

/// Inflates one stream to count its bytes; an object stream is also
/// checked for nesting, since the parser reads the objects inside it.
fn check_stream(dict: &[u8], data: &[u8], total: &mut u64, caps: Caps) -> Result<()> {
    if find(dict, b"/LZWDecode").is_some() {
        bail!("a stream is LZW-compressed; zhpress reads FlateDecode streams only");
    }
    if find(dict, b"/FlateDecode").is_none() {
        return Ok(());
    }
    let object_stream = find(dict, b"/ObjStm").is_some();
    let mut decoder = flate2::read::ZlibDecoder::new(data).take(caps.stream + 1);
    // A damaged stream counts as far as it inflates; the reader reports it.
    let inflated = if object_stream {
        let mut out = Vec::new();
        let _ = decoder.read_to_end(&mut out);
        if out.len() as u64 <= caps.stream {
            scan(&out, total, None)?;
        }
        out.len() as u64
    } else {
        let mut counted = 0u64;
        let mut buf = [0u8; 1 << 16];
        while let Ok(n @ 1..) = decoder.read(&mut buf) {
            counted += n as u64;
        }
        counted
    };
    if inflated > caps.stream {
        bail!("a stream inflates to more than {}", size(caps.stream));
    }
    *total += inflated;
    if *total > caps.total {
        bail!("the streams inflate to more than {} together", size(caps.total));
    }
    Ok(())
}

/// The index after a literal string `( … )` that starts at `i` (nested
/// parentheses and backslash escapes followed).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    let mut level = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => level += 1,
            b')' => {
                level -= 1;
                if level == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("1 0 obj {}{} endobj", "[".repeat(300), "]".repeat(300));
        assert!(check_pdf(deep.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("nested more than 256"));
        let dicts = "<<".repeat(300);
        assert!(check_pdf(dicts.as_bytes()).is_err());
        // Brackets inside strings and comments are not nesting.
        let quoted = format!("({}) %{}\n<< /A [1 2] >>", "[".repeat(300), "[".repeat(300));
        assert!(check_pdf(quoted.as_bytes()).is_ok());
        let hidden = deflate(format!("1 0 {}", "[".repeat(300)).as_bytes());
        let objstm = [
            b"5 0 obj << /Type /ObjStm /Filter /FlateDecode /N 1 /First 4 >>\nstream\n".as_slice(),
            &hidden,
            b"\nendstream endobj",
        ]
        .concat();
        assert!(check_pdf(&objstm).is_err());
    }

    #[test]
    fn inflation_is_bounded() {
        let bomb = deflate(&[0u8; 5000]);
        let stream = |data: &[u8]| {
            [
                b"4 0 obj << /Filter /FlateDecode /Length 9 >>\nstream\n".as_slice(),
                data,
                b"\nendstream\nendobj\n",
            ]
            .concat()
        };
        let caps = Caps {
            stream: 4000,
            total: 9000,
        };
        let err = scan(&stream(&bomb), &mut 0, Some(caps)).unwrap_err().to_string();
        assert!(err.contains("a stream inflates to more than 4000 bytes"), "{err}");
        let three = stream(&deflate(&[0u8; 3500])).repeat(3);
        let err = scan(&three, &mut 0, Some(caps)).unwrap_err().to_string();
        assert!(err.contains("9000 bytes together"), "{err}");
        assert!(scan(&three[..three.len() / 3 * 2], &mut 0, Some(caps)).is_ok());
        assert!(inflate_capped(&bomb, "the map", 4000).is_err());
        assert_eq!(inflate(&deflate(b"abc"), "x").unwrap(), b"abc");
    }

    #[test]
    fn xml_without_entities_or_deep_nesting() {
        assert!(parse_xml("<!DOCTYPE html><a><b/></a>", "x").is_ok());
        let bomb = "<!DOCTYPE a [<!ENTITY e \"xxxxxxxx\">]><a>&e;&e;</a>";
        assert!(parse_xml(bomb, "x").unwrap_err().to_string().contains("entities"));
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(parse_xml(&deep, "x")
            .unwrap_err()
            .to_string()
            .contains("more than 256"));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            printable("a\u{1b}]0;x\u{7}b\n\u{202e}"),
            "a\\u{1b}]0;x\\u{7}b\\n\\u{202e}"
        );
        assert_eq!(printable("图1\u{3000}说明"), "图1\u{3000}说明");
    }
}
