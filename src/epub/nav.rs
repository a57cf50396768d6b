//! Navigation: the EPUB 3 navigation document (table of contents, print
//! page list, landmarks) and the NCX that older reading systems read.

use super::xhtml::{escape, page_id, PlacedPage};

/// An entry of the table of contents.
pub struct TocEntry {
    /// Its depth in the tree, 1 for the top level.
    pub depth: usize,
    /// The text shown.
    pub label: String,
    /// The target, e.g. `sec-1.xhtml#sec-1-2`.
    pub href: String,
}

/// A landmark of the navigation document.
pub struct Landmark {
    /// Its `epub:type`, e.g. `bodymatter`.
    pub kind: &'static str,
    /// The text shown.
    pub label: String,
    /// The target.
    pub href: String,
}

/// What the navigation document shows.
pub struct Navigation<'a> {
    /// The book's language.
    pub lang: &'a str,
    /// The book's title (the NCX's `docTitle`).
    pub title: &'a str,
    /// The book's identifier (the NCX's `dtb:uid`).
    pub identifier: &'a str,
    /// The heading of the table of contents.
    pub toc_name: &'a str,
    /// The heading of the page list.
    pub pages_name: &'a str,
    /// The table of contents, in reading order.
    pub toc: &'a [TocEntry],
    /// The print page breaks, in reading order.
    pub pages: &'a [PlacedPage],
    /// The landmarks.
    pub landmarks: &'a [Landmark],
}

/// Writes `entries` as nested lists: `list` opens and closes a list,
/// `item(i, depth)` opens entry `i` and `end` closes an entry. An entry is
/// at most one deeper than the one before it, as in the model's heading
/// tree ([`crate::model::HeadingTree`]).
fn tree(
    entries: &[TocEntry],
    list: (&str, &str),
    mut item: impl FnMut(usize, usize) -> String,
    end: &str,
) -> String {
    let mut out = String::new();
    let mut open = 0;
    for (i, depth) in entries.iter().map(|e| e.depth).enumerate() {
        if depth > open {
            out.push_str(list.0);
            open = depth;
        } else {
            out.push_str(end);
            while open > depth {
                out.push_str(list.1);
                out.push_str(end);
                open -= 1;
            }
        }
        out.push_str(&item(i, depth));
    }
    while open > 0 {
        out.push_str(end);
        out.push_str(list.1);
        open -= 1;
    }
    out
}

/// The navigation document (`nav.xhtml`).
pub fn document(nav: &Navigation, stylesheet: &str) -> String {
    let lang = escape(nav.lang);
    let toc = tree(
        nav.toc,
        ("\n<ol>", "\n</ol>"),
        |i, _| {
            let e = &nav.toc[i];
            format!("\n<li><a href=\"{}\">{}</a>", escape(&e.href), escape(&e.label))
        },
        "</li>",
    );
    let mut pages = String::new();
    for p in nav.pages {
        pages.push_str(&format!(
            "<li><a href=\"{}#{}\">{}</a></li>\n",
            escape(&p.file),
            page_id(p.number),
            p.number
        ));
    }
    let mut landmarks = String::new();
    for l in nav.landmarks {
        landmarks.push_str(&format!(
            "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
            l.kind,
            escape(&l.href),
            escape(&l.label)
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{toc_name}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"{stylesheet}\"/>\n\
         </head>\n<body>\n\
         <nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n\
         <h1 id=\"toc-title\">{toc_name}</h1>{toc}\n</nav>\n\
         <nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" aria-labelledby=\"page-list-title\" \
         hidden=\"hidden\">\n<h2 id=\"page-list-title\">{pages_name}</h2>\n<ol>\n{pages}</ol>\n</nav>\n\
         <nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n{landmarks}</ol>\n</nav>\n\
         </body>\n</html>\n",
        toc_name = escape(nav.toc_name),
        pages_name = escape(nav.pages_name),
    )
}

/// The NCX (`toc.ncx`): the book's title, the real depth of the table of
/// contents and every entry of it, nested as in the navigation document.
pub fn ncx(nav: &Navigation) -> String {
    let depth = nav.toc.iter().map(|e| e.depth).max().unwrap_or(1);
    let points = tree(
        nav.toc,
        ("", ""),
        |i, _| {
            let e = &nav.toc[i];
            format!(
                "\n<navPoint id=\"nav-{n}\" playOrder=\"{n}\"><navLabel><text>{}</text></navLabel>\
                 <content src=\"{}\"/>",
                escape(&e.label),
                escape(&e.href),
                n = i + 1
            )
        },
        "</navPoint>",
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n<head>\n\
         <meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n\
         </head>\n<docTitle><text>{}</text></docTitle>\n<navMap>{points}\n</navMap>\n</ncx>\n",
        escape(nav.lang),
        escape(nav.identifier),
        escape(nav.title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(depth: usize, label: &str) -> TocEntry {
        TocEntry {
            depth,
            label: label.into(),
            href: format!("{label}.xhtml"),
        }
    }

    #[test]
    fn entries_nest_by_their_depth() {
        let entries = [
            entry(1, "a"),
            entry(1, "b"),
            entry(2, "c"),
            entry(2, "d"),
            entry(1, "e"),
        ];
        let xml = tree(
            &entries,
            ("<ol>", "</ol>"),
            |i, _| format!("<li>{}", entries[i].label),
            "</li>",
        );
        assert_eq!(
            xml,
            "<ol><li>a</li><li>b<ol><li>c</li><li>d</li></ol></li><li>e</li></ol>"
        );
    }

    #[test]
    fn the_ncx_names_the_book_and_its_depth() {
        let toc = [entry(1, "甲"), entry(2, "乙"), entry(3, "丙")];
        let nav = Navigation {
            lang: "zh-CN",
            title: "书名 & <副>",
            identifier: "urn:uuid:x",
            toc_name: "目录",
            pages_name: "页码",
            toc: &toc,
            pages: &[],
            landmarks: &[],
        };
        let ncx = ncx(&nav);
        assert!(ncx.contains("<docTitle><text>书名 &amp; &lt;副&gt;</text></docTitle>"));
        assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"3\"/>"));
        roxmltree::Document::parse(&ncx).unwrap();
        roxmltree::Document::parse_with_options(
            &document(&nav, "s.css"),
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
    }
}
