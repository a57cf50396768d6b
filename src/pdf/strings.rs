//! PDF text strings, the one form every part of the file that holds words
//! for people (document info, bookmarks, alternate text, link contents)
//! writes them in.

use lopdf::{Object, StringFormat};

/// A PDF text string: PDFDocEncoding for ASCII, else UTF-16BE with a BOM.
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        s.encode_utf16().for_each(|u| bytes.extend(u.to_be_bytes()));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_utf16_with_a_bom_when_not_ascii() {
        let bytes = |o: Object| match o {
            Object::String(b, _) => b,
            _ => panic!("not a string"),
        };
        assert_eq!(bytes(text_string("中")), [0xFE, 0xFF, 0x4E, 0x2D]);
        assert_eq!(bytes(text_string("A")), b"A");
    }
}
