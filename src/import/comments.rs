//! `word/comments.xml` → note texts: a comment by the source's own author
//! ([`crate::docx::SOURCE_NOTE_AUTHOR`]) is the note it came from; anyone
//! else's reads `批注（author）：text`.

use std::collections::HashMap;

use roxmltree::Document;

use crate::docx::SOURCE_NOTE_AUTHOR;
use crate::model::note_text;
use crate::ooxml::xml::{attr, on};

/// Comment id → the text of the note it becomes.
pub fn read(doc: &Document) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for c in doc.descendants().filter(|n| on(*n, "comment")) {
        let Some(id) = attr(c, "id") else { continue };
        let paragraphs: Vec<String> = c
            .descendants()
            .filter(|n| on(*n, "p"))
            .map(|p| {
                p.descendants()
                    .filter(|n| on(*n, "t"))
                    .filter_map(|t| t.text())
                    .collect::<String>()
            })
            .collect();
        let said = paragraphs.join("\n").trim().to_string();
        let author = attr(c, "author")
            .map(str::trim)
            .filter(|a| !a.is_empty() && *a != SOURCE_NOTE_AUTHOR);
        let author = match (author, attr(c, "author")) {
            (Some(a), _) => Some(a),
            (None, Some(SOURCE_NOTE_AUTHOR)) => None,
            (None, _) => Some("佚名"),
        };
        out.insert(id.to_string(), note_text(author, &said));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_comments_name_their_author() {
        let xml = concat!(
            r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:comment w:id="0" w:author="张三"><w:p><w:r><w:t>此处</w:t></w:r><w:r><w:t>待核。</w:t></w:r></w:p></w:comment>"#,
            r#"<w:comment w:id="1" w:author="zhpress"><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:comment>"#,
            r#"</w:comments>"#
        );
        let notes = read(&Document::parse(xml).unwrap());
        assert_eq!(notes["0"], "批注（张三）：此处待核。");
        assert_eq!(notes["1"], "甲\n乙");
    }
}
