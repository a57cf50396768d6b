//! XHTML content documents: the title page and one chapter per top-level
//! section, written straight from the model.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};

use crate::model::{Block, Document, Figure, Heading, Inline};
pub use crate::pack::xml::escape;

/// A chapter: a top-level heading and the blocks up to the next one.
pub struct Chapter<'a> {
    /// The heading that opens the chapter (its id names the file).
    pub heading: &'a Heading,
    /// The chapter's blocks, its heading first.
    pub blocks: &'a [Block],
}

impl Chapter<'_> {
    /// The chapter's file name inside the EPUB, e.g. `sec-1.xhtml`.
    pub fn file_name(&self) -> String {
        format!("{}.xhtml", self.heading.id)
    }
}

/// Splits the body into the blocks before the first chapter (the opening)
/// and the chapters. A chapter opens at each top-level heading
/// of the smallest level present (level 1 in a usual document) and at the
/// first top-level heading, so no top-level heading is left in the opening.
pub fn chapters(doc: &Document) -> (&[Block], Vec<Chapter<'_>>) {
    let top = |b: &Block| match b {
        Block::Heading(h) => Some(h.level),
        _ => None,
    };
    let Some(level) = doc.blocks.iter().filter_map(top).min() else {
        return (&doc.blocks, Vec::new());
    };
    let starts: Vec<usize> = (0..doc.blocks.len())
        .filter(|&i| match top(&doc.blocks[i]) {
            Some(l) => l == level || !doc.blocks[..i].iter().any(|b| top(b).is_some()),
            None => false,
        })
        .collect();
    let chapters = starts
        .iter()
        .enumerate()
        .filter_map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(doc.blocks.len());
            match &doc.blocks[start] {
                Block::Heading(heading) => Some(Chapter {
                    heading,
                    blocks: &doc.blocks[start..end],
                }),
                _ => None,
            }
        })
        .collect();
    (&doc.blocks[..starts[0]], chapters)
}

/// Where each figure's image lives inside the EPUB, with its pixel size.
pub struct ImageRef {
    /// Path relative to the content documents, e.g. `images/figure-1.jpg`.
    pub href: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Writes XHTML for blocks of one document.
pub struct Writer<'a> {
    images: &'a BTreeMap<String, ImageRef>,
    out: String,
}

impl<'a> Writer<'a> {
    /// A writer that resolves figure images through `images` (keyed by
    /// [`Figure::src`]).
    pub fn new(images: &'a BTreeMap<String, ImageRef>) -> Writer<'a> {
        Writer {
            images,
            out: String::new(),
        }
    }

    /// The XHTML written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// Appends raw, already well-formed XHTML.
    pub fn raw(&mut self, xhtml: &str) {
        self.out.push_str(xhtml);
    }

    /// Appends `blocks`, one element per line.
    pub fn blocks(&mut self, blocks: &[Block]) -> Result<()> {
        blocks.iter().try_for_each(|b| self.block(b))
    }

    fn block(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Heading(h) => {
                let n = h.level.clamp(1, 6);
                self.out.push_str(&format!("<h{n} id=\"{}\">", escape(&h.id)));
                self.inlines(&h.content);
                self.out.push_str(&format!("</h{n}>\n"));
            }
            Block::Paragraph(p) => {
                self.out.push_str("<p>");
                self.inlines(&p.content);
                self.out.push_str("</p>\n");
            }
            Block::List(l) => {
                let tag = if l.start.is_some() { "ol" } else { "ul" };
                match l.start {
                    Some(n) if n != 1 => self.out.push_str(&format!("<ol start=\"{n}\">\n")),
                    _ => self.out.push_str(&format!("<{tag}>\n")),
                }
                for item in &l.items {
                    self.out.push_str("<li>\n");
                    self.blocks(item)?;
                    self.out.push_str("</li>\n");
                }
                self.out.push_str(&format!("</{tag}>\n"));
            }
            Block::Quote(q) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(&q.blocks)?;
                self.out.push_str("</blockquote>\n");
            }
            Block::Figure(f) => self.figure(f)?,
            Block::Note(_) => {}
        }
        Ok(())
    }

    fn figure(&mut self, f: &Figure) -> Result<()> {
        let image = self
            .images
            .get(&f.src)
            .ok_or_else(|| anyhow!("figure {}: image `{}` was not loaded", f.number, f.src))?;
        self.out.push_str(&format!(
            "<figure id=\"fig-{}\">\n<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"/>\n\
             <figcaption>{}</figcaption>\n</figure>\n",
            f.number,
            escape(&image.href),
            escape(&f.caption_text()),
            image.width,
            image.height,
            escape(&f.caption_line()),
        ));
        Ok(())
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Text(t) => self.out.push_str(&escape(t)),
                Inline::Strong(c) => self.wrap("strong", c),
                Inline::Emphasis(c) => self.wrap("em", c),
                Inline::Code(t) => self.out.push_str(&format!("<code>{}</code>", escape(t))),
                Inline::Link { url, content } => {
                    self.out.push_str(&format!("<a href=\"{}\">", escape(url)));
                    self.inlines(content);
                    self.out.push_str("</a>");
                }
                Inline::LineBreak => self.out.push_str("<br/>"),
                Inline::Note(_) => {}
            }
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(content);
        self.out.push_str(&format!("</{tag}>"));
    }
}

/// A complete XHTML content document around `body` (already XHTML).
/// `body_type` is the body's `epub:type` (`frontmatter`, `bodymatter`).
pub fn page(lang: &str, title: &str, body_type: &str, body: &str) -> String {
    let lang = escape(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n</head>\n\
         <body epub:type=\"{body_type}\">\n{body}</body>\n</html>\n",
        escape(title),
        super::STYLESHEET,
    )
}

/// The title page: title, subtitle and author.
pub fn title_page(doc: &Document) -> String {
    let meta = &doc.meta;
    let mut out = String::from("<section epub:type=\"titlepage\" class=\"titlepage\">\n");
    out.push_str(&format!("<h1 class=\"title\">{}</h1>\n", escape(&meta.title)));
    if let Some(s) = &meta.subtitle {
        out.push_str(&format!("<p class=\"subtitle\">{}</p>\n", escape(s)));
    }
    if let Some(a) = &meta.author {
        out.push_str(&format!("<p class=\"author\">{}</p>\n", escape(a)));
    }
    out.push_str("</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metadata, Paragraph};

    fn heading(level: u8, id: &str) -> Block {
        Block::Heading(Heading {
            level,
            number: vec![],
            id: id.into(),
            content: vec![Inline::Text(id.into())],
            line: 1,
        })
    }

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            content: vec![Inline::Text(text.into())],
            line: 1,
        })
    }

    #[test]
    fn chapters_open_at_the_smallest_top_level_heading() {
        let doc = Document {
            source_name: "t.md".into(),
            meta: Metadata::titled("t"),
            blocks: vec![
                para("前言"),
                heading(3, "a"),
                heading(2, "b"),
                para("x"),
                heading(3, "c"),
                heading(2, "d"),
            ],
        };
        let (pre, chapters) = chapters(&doc);
        assert_eq!(pre.len(), 1);
        let files: Vec<_> = chapters.iter().map(|c| c.file_name()).collect();
        assert_eq!(files, ["a.xhtml", "b.xhtml", "d.xhtml"]);
        assert_eq!(chapters[1].blocks.len(), 3);
    }

    #[test]
    fn inline_markup_becomes_semantic_elements() {
        let images = BTreeMap::new();
        let mut w = Writer::new(&images);
        w.blocks(&[Block::Paragraph(Paragraph {
            content: vec![
                Inline::Strong(vec![Inline::Text("一是<重点>。".into())]),
                Inline::Text("A&B".into()),
                Inline::LineBreak,
            ],
            line: 1,
        })])
        .unwrap();
        assert_eq!(
            w.finish(),
            "<p><strong>一是&lt;重点&gt;。</strong>A&amp;B<br/></p>\n"
        );
    }
}
