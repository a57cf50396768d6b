//! `check`: the proofreader's first pass over the model's text, before
//! anything is printed.
//!
//! Every text the editions show — the title, subtitle and author, headings,
//! paragraphs, figure captions and credits, table captions, cells and notes — is read as the reader sees it
//! (inline code masked), each rule family reports what it finds as character
//! spans, and [`position`] maps each span back to its line and column in the
//! source. The families:
//!
//! - [`doubled`]: doubled words and characters that are not reduplication;
//! - [`pairs`]: paired marks unbalanced or crossed within a paragraph;
//! - [`punct`]: GB/T 15834 punctuation (widths, quotes, 省略号, 破折号, doubled marks);
//! - [`spacing`]: spaces between Chinese characters;
//! - [`numbers`]: GB/T 15835 full-width digits and letters, and number ranges.
//!
//! Findings the editor keeps are silenced by [`allow`].

pub mod allow;
pub mod doubled;
pub mod finding;
pub mod numbers;
pub mod pairs;
pub mod position;
pub mod punct;
pub mod spacing;
pub mod words;

use anyhow::Result;

pub use finding::{Finding, Report, Rule, Severity};

use crate::input::markdown::Parsed;
use crate::model::{walk, Block, Figure, Inline};
use allow::Allowances;
use position::{SourceMap, CODE};

/// What a rule found in one text: a character span and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The rule.
    pub rule: Rule,
    /// First character of the span.
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl Hit {
    /// A hit of `rule` over characters `start..end`.
    pub fn new(rule: Rule, start: usize, end: usize, message: String) -> Hit {
        Hit {
            rule,
            start,
            end,
            message,
        }
    }
}

/// One text of the document as the rules read it.
struct Piece {
    /// The line of the block it belongs to (what `check: allow` names).
    line: usize,
    /// Byte offset in the source where its text starts.
    from: usize,
    /// Its characters, inline code replaced by [`CODE`].
    chars: Vec<char>,
    /// What kind of text it is.
    kind: Kind,
}

/// What kind of text a [`Piece`] is: what the rules look for in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text the reader reads: every rule.
    Text,
    /// A photo credit, whose parts (`本报记者 齐波 摄`) are separated by
    /// spaces by convention: every rule but spacing.
    Credit,
    /// The label a table caption types (`表2　`): the typed-label rule only.
    TypedLabel,
}

/// Checks a parsed source. `text` is the source file's text, as parsed.
pub fn check(text: &str, parsed: &Parsed) -> Result<Report> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let name = &parsed.doc.source_name;
    let map = SourceMap::new(text);
    let allowances = Allowances::read(&map, name, &parsed.doc.meta.check_allow)?;
    let pieces = pieces(&map, parsed);
    let mut seg = doubled::Segmenter::new();
    let mut report = Report::default();
    let place = Placer {
        map: &map,
        allowances: &allowances,
        file: name.as_str().into(),
    };
    let mut ranges = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let chars = &piece.chars;
        let mut found = Vec::new();
        if piece.kind == Kind::TypedLabel {
            let label: String = chars.iter().collect();
            found.push(Hit::new(
                Rule::TypedLabel,
                0,
                chars.len(),
                format!("the caption types its label “{label}”: the editions number tables themselves (表1, 表2…); leave it out"),
            ));
            place.findings(piece, found, &mut report);
            continue;
        }
        doubled::find(chars, &mut seg, &mut found);
        pairs::find(chars, &mut found);
        punct::find(chars, &mut found);
        if piece.kind != Kind::Credit {
            spacing::find(chars, &mut found);
        }
        numbers::fullwidth(chars, &mut found);
        ranges.extend(numbers::ranges(chars).into_iter().map(|r| (i, r)));
        // Each text's hits become findings at once: a text with many
        // findings holds its hits only while it is read.
        place.findings(piece, found, &mut report);
    }
    let mut late: std::collections::BTreeMap<usize, Vec<Hit>> = Default::default();
    for (i, hit) in numbers::inconsistent(&ranges) {
        late.entry(i).or_default().push(hit);
    }
    for (i, found) in late {
        place.findings(&pieces[i], found, &mut report);
    }
    report.findings.sort_by_key(|f| (f.line, f.column, f.rule));
    Ok(report)
}

/// Turns the hits of a text into findings placed in the source.
struct Placer<'a> {
    map: &'a SourceMap<'a>,
    allowances: &'a Allowances,
    /// The source file's name, shared by its findings.
    file: std::sync::Arc<str>,
}

impl Placer<'_> {
    /// Adds the hits of `piece` not silenced to `report` as findings.
    fn findings(&self, piece: &Piece, mut found: Vec<Hit>, report: &mut Report) {
        if found.is_empty() {
            return;
        }
        let offsets = self.map.align(piece.from, &piece.chars);
        // In order along the text, each place is counted from the one before.
        found.sort_by_key(|h| h.start);
        let mut known = None;
        for hit in found {
            if self
                .allowances
                .allows(hit.rule, piece.line, &piece.chars, (hit.start, hit.end))
            {
                report.silenced += 1;
                continue;
            }
            let offset = offsets[hit.start];
            let place = self.map.place_after(known, offset);
            known = Some((offset, place));
            report.findings.push(Finding {
                file: self.file.clone(),
                line: place.line,
                column: place.column,
                rule: hit.rule,
                severity: hit.rule.severity(),
                message: hit.message,
                excerpt: piece.chars[hit.start..hit.end].iter().collect(),
                quote: self.map.quote(offset, (hit.end - hit.start).max(1)),
            });
        }
    }
}

/// Every text of the document, in source order.
fn pieces(map: &SourceMap, parsed: &Parsed) -> Vec<Piece> {
    let mut out = Vec::new();
    let meta = &parsed.doc.meta;
    for (key, value) in [
        ("title", Some(&meta.title)),
        ("subtitle", meta.subtitle.as_ref()),
        ("author", meta.author.as_ref()),
    ] {
        if let (Some(value), Some(from)) = (value, map.front_matter_value(key)) {
            out.push(Piece {
                line: map.place(from).line,
                from,
                chars: value.chars().collect(),
                kind: Kind::Text,
            });
        }
    }
    walk(&parsed.doc.blocks, &mut |b| {
        let (line, inlines) = match b {
            Block::Heading(h) => (h.line, &h.content),
            Block::Paragraph(p) => (p.line, &p.content),
            Block::Figure(f) => return figure_pieces(map, f, &mut out),
            Block::FigureRow(r) => return r.figures.iter().for_each(|f| figure_pieces(map, f, &mut out)),
            Block::Table(t) => return table_pieces(map, t, &mut out),
            Block::List(_) | Block::Quote(_) | Block::Note(_) => return,
        };
        let from = map.content_start(line);
        let mut chars = Vec::new();
        checked_text(inlines, &mut chars);
        out.push(Piece {
            line,
            from,
            chars,
            kind: Kind::Text,
        });
    });
    out
}

/// The texts of a captioned figure: its caption words and its credit,
/// placed where the image that carries them is written.
fn figure_pieces(map: &SourceMap, f: &Figure, out: &mut Vec<Piece>) {
    let Some(c) = &f.caption else { return };
    let (caption_from, credit_from) = image_starts(map, f.line, &f.src);
    let mut chars = Vec::new();
    checked_text(&c.content, &mut chars);
    out.push(Piece {
        line: f.line,
        from: caption_from,
        chars,
        kind: Kind::Text,
    });
    if let Some(credit) = &c.credit {
        out.push(Piece {
            line: f.line,
            from: credit_from,
            chars: credit.chars().collect(),
            kind: Kind::Credit,
        });
    }
}

/// The texts of a table: the label its caption types, if any, the caption,
/// each cell (placed from its row's first line) and each note.
fn table_pieces(map: &SourceMap, t: &crate::model::Table, out: &mut Vec<Piece>) {
    let text = |line: usize, from: usize, inlines: &[Inline]| {
        let mut chars = Vec::new();
        checked_text(inlines, &mut chars);
        Piece {
            line,
            from,
            chars,
            kind: Kind::Text,
        }
    };
    if let Some(c) = &t.caption {
        let source = map.line(c.line);
        let words = crate::input::table::CAPTION_MARKERS
            .iter()
            .find_map(|m| source.strip_prefix(m))
            .unwrap_or(source);
        let words = words.trim_start();
        let at = map.line_start(c.line) + (source.len() - words.len());
        let mut from = at;
        if let Some((Some(_), after)) =
            crate::model::caption::parse_label_with(crate::model::table::TABLE_PREFIX, words)
        {
            let label = &words[..words.len() - after.len()];
            out.push(Piece {
                line: c.line,
                from: at,
                chars: label.trim_end().chars().collect(),
                kind: Kind::TypedLabel,
            });
            from = at + label.len();
        }
        out.push(text(c.line, from, &c.content));
    }
    for row in t.rows() {
        for cell in &row.cells {
            out.push(text(t.line, map.line_start(row.line), &cell.content));
        }
    }
    for n in &t.notes {
        out.push(text(n.line, map.content_start(n.line), &n.content));
    }
}

/// The text of `inlines` as the reader sees it, inline code masked.
fn checked_text(inlines: &[Inline], out: &mut Vec<char>) {
    for i in inlines {
        match i {
            Inline::Text(t) => out.extend(t.chars()),
            Inline::Code(_) => out.push(CODE),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => checked_text(c, out),
            Inline::LineBreak => out.push('\n'),
            // A picture in the line is no text: it stands in as code does.
            Inline::Image(_) => out.push(CODE),
            // Notes are for the editors; no edition prints them.
            Inline::Note(_) => {}
        }
    }
}

/// Where the caption (the alt text) and the credit (the title) of the
/// image `src` on `line` start: after the `![` before its `](src`, and
/// after the quote that opens the title, as in `![caption](src "credit")`.
/// Either falls back to the line's content when the line does not read so.
fn image_starts(map: &SourceMap, line: usize, src: &str) -> (usize, usize) {
    let text = map.line(line);
    let start = map.line_start(line);
    let fallback = map.content_start(line);
    let Some(target) = text.find(&format!("]({src}")) else {
        return (fallback, fallback);
    };
    let caption = text[..target].rfind("![").map_or(fallback, |i| start + i + 2);
    let after = &text[target + 2 + src.len()..];
    let title = after.trim_start_matches([' ', '\t']);
    let credit = match title.chars().next() {
        Some('"' | '\'' | '(') => start + text.len() - title.len() + 1,
        _ => fallback,
    };
    (caption, credit)
}
