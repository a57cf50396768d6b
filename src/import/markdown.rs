//! Model → Markdown in the source conventions of the README: the canonical
//! layout of a source.
//!
//! Front matter keys in the order `title`, `subtitle`, `author`, `lang`,
//! `date`, `punctuation` (only when not `quanjiao`), `cover`, `check-allow`
//! (one `  - RULE` or `  - RULE: TEXT` line an entry); blocks separated by one blank line; each paragraph, heading and
//! figure on one line (a hard break is `\` and a new line); lists tight
//! unless an item holds more than one block; `- ` bullets, `1. ` numbers;
//! `> ` quotes. Text is escaped only where Markdown would read it otherwise.
//! For any model the parser can produce, parsing the result gives the model
//! back, so `build` then `import` of a canonical source gives the same bytes.

use saphyr::{LoadableYamlNode, Scalar, Yaml};

use super::grid::{self, GridCell};
use crate::docx::properties::punctuation_name;
use crate::model::{Align, Block, Document, Figure, Inline, List, Metadata, Punctuation, Table};

/// The whole source: front matter and body, ending in one newline.
pub fn write(doc: &Document) -> String {
    let mut out = front_matter(&doc.meta);
    let body = blocks(&doc.blocks);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
    }
    out
}

/// The `---` block.
fn front_matter(meta: &Metadata) -> String {
    let mut out = String::from("---\n");
    let fields = [
        ("title", Some(meta.title.as_str())),
        ("subtitle", meta.subtitle.as_deref()),
        ("author", meta.author.as_deref()),
        ("lang", Some(meta.lang.as_str())),
        ("date", meta.date.as_deref()),
        (
            "punctuation",
            (meta.punctuation != Punctuation::default()).then(|| punctuation_name(meta.punctuation)),
        ),
        ("cover", meta.cover.as_deref()),
    ];
    for (key, value) in fields {
        if let Some(v) = value {
            out.push_str(&format!("{key}: {}\n", yaml_string(v)));
        }
    }
    if !meta.check_allow.is_empty() {
        out.push_str("check-allow:\n");
        for entry in &meta.check_allow {
            out.push_str(&format!("  - {}", yaml_string(&entry.rule)));
            if let Some(text) = &entry.text {
                out.push_str(&format!(": {}", yaml_string(text)));
            }
            out.push('\n');
        }
    }
    out.push_str("---\n");
    out
}

/// `value` as a YAML scalar that reads back as this string: plain when YAML
/// reads it so, else double-quoted.
fn yaml_string(value: &str) -> String {
    let plain_reads_back = !value.contains(['\n', '\r', '\t', '"', '\\'])
        && matches!(
            Yaml::load_from_str(&format!("k: {value}")).ok().as_deref(),
            Some([Yaml::Mapping(m)]) if m.len() == 1
                && matches!(m.values().next(), Some(Yaml::Value(Scalar::String(s))) if s == value)
        );
    if plain_reads_back {
        return value.to_string();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Blocks, each followed by a newline, separated by blank lines.
fn blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous: Option<&Block> = None;
    for block in blocks {
        if previous.is_some() {
            out.push('\n');
        }
        out.push_str(&self::block(block, previous));
        previous = Some(block);
    }
    out
}

/// One block and its newline; `previous` is the sibling before it (two
/// lists of one kind in a row need different markers not to merge).
fn block(block: &Block, previous: Option<&Block>) -> String {
    match block {
        Block::Heading(h) => {
            let mut text = inlines(&h.content, Context::Line, false);
            // A trailing run of `#` would read as the closing sequence.
            if text.ends_with('#') {
                let hashes = text.len() - text.trim_end_matches('#').len();
                text.truncate(text.len() - hashes);
                text.push_str(&"\\#".repeat(hashes));
            }
            format!("{} {text}\n", "#".repeat(usize::from(h.level)))
        }
        Block::Paragraph(p) => format!("{}\n", inlines(&p.content, Context::Line, true)),
        Block::Figure(f) => format!("{}\n", figure(f)),
        // One image a line: the lines are one paragraph, so one row.
        Block::FigureRow(r) => r.figures.iter().map(|f| figure(f) + "\n").collect(),
        Block::Note(n) => format!("<!-- {} -->\n", comment_safe(&n.text)),
        Block::Table(t) => {
            // Directly under a table with neither caption nor notes, a
            // caption above would read as that table's caption below.
            let below =
                matches!(previous, Some(Block::Table(p)) if p.caption.is_none() && p.notes.is_empty());
            table(t, below)
        }
        Block::Quote(q) => {
            let inner = blocks(&q.blocks);
            let mut out = String::new();
            for line in inner.lines() {
                out.push_str(if line.is_empty() { ">" } else { "> " });
                out.push_str(line);
                out.push('\n');
            }
            if inner.is_empty() {
                out.push_str(">\n");
            }
            out
        }
        Block::List(l) => {
            let same_kind_before =
                matches!(previous, Some(Block::List(p)) if p.start.is_some() == l.start.is_some());
            list(l, same_kind_before)
        }
    }
}

/// A list: `- ` (or `* ` after a bullet list) items, or `N. ` (or `N) `)
/// numbers from the list's start; continuation lines indented to the text.
fn list(l: &List, alternate: bool) -> String {
    let loose = l.items.iter().any(|item| item.len() > 1);
    let mut out = String::new();
    for (i, item) in l.items.iter().enumerate() {
        if loose && i > 0 {
            out.push('\n');
        }
        let marker = match l.start {
            Some(start) => format!("{}{}", start + i as u64, if alternate { ")" } else { "." }),
            None => (if alternate { "*" } else { "-" }).to_string(),
        };
        let inner = blocks(item);
        if inner.is_empty() {
            out.push_str(&marker);
            out.push('\n');
            continue;
        }
        let indent = " ".repeat(marker.len() + 1);
        for (k, line) in inner.lines().enumerate() {
            if k == 0 {
                out.push_str(&marker);
                out.push(' ');
            } else if !line.is_empty() {
                out.push_str(&indent);
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A table: its caption as a `Table: ` paragraph above it and a blank
/// line (below it, before the notes, when `caption_below`), the table — a
/// GFM pipe table when it has one header row (not all empty: that reads
/// as none), no spans and no line breaks in its cells, else a pandoc grid
/// table ([`grid`]) — then each note as a paragraph of its own.
fn table(t: &Table, caption_below: bool) -> String {
    let mut out = String::new();
    let caption = t.caption.as_ref().map(|c| {
        let text = inlines(&c.content, Context::Line, false);
        format!("Table: {text}\n")
    });
    if let Some(c) = caption.as_ref().filter(|_| !caption_below) {
        out.push_str(c);
        out.push('\n');
    }
    let piped = t.head.len() == 1
        && t.head[0].cells.iter().any(|c| !c.content.is_empty())
        && t.rows()
            .flat_map(|r| &r.cells)
            .all(|c| c.row_span == 1 && c.col_span == 1 && !has_break(&c.content));
    if piped {
        out.push_str(&pipe_table(t));
    } else {
        let cells: Vec<GridCell> = t
            .grid()
            .into_iter()
            .map(|p| {
                let text = inlines(&p.cell.content, Context::Line, true);
                GridCell {
                    row: p.row,
                    column: p.column,
                    row_span: p.cell.row_span as usize,
                    col_span: p.cell.col_span as usize,
                    lines: if text.is_empty() {
                        Vec::new()
                    } else {
                        text.split('\n').map(str::to_string).collect()
                    },
                }
            })
            .collect();
        let aligns: Vec<Align> = t.columns.iter().map(|c| c.align).collect();
        out.push_str(&grid::draw(
            &cells,
            t.row_count(),
            t.column_count(),
            t.head.len(),
            &aligns,
        ));
    }
    if let Some(c) = caption.as_ref().filter(|_| caption_below) {
        out.push('\n');
        out.push_str(c);
    }
    for n in &t.notes {
        out.push('\n');
        out.push_str(&inlines(&n.content, Context::Line, true));
        out.push('\n');
    }
    out
}

/// A GFM pipe table: `| a | b |` rows (an empty cell `|  |`), the
/// delimiter row after the header row, `---`, `:--`, `--:` or `:-:` for
/// each column's alignment.
fn pipe_table(t: &Table) -> String {
    let row = |cells: &[crate::model::Cell]| {
        let texts: Vec<String> = cells
            .iter()
            .map(|c| pipe_cell(&inlines(&c.content, Context::Line, false)))
            .collect();
        format!("| {} |\n", texts.join(" | "))
    };
    let mut out = String::new();
    for r in &t.head {
        out.push_str(&row(&r.cells));
    }
    out.push('|');
    for c in &t.columns {
        out.push_str(match c.align {
            Align::Default => "---",
            Align::Left => ":--",
            Align::Right => "--:",
            Align::Center => ":-:",
        });
        out.push('|');
    }
    out.push('\n');
    for r in &t.body {
        out.push_str(&row(&r.cells));
    }
    out
}

/// A pipe table cell's Markdown with every `|` escaped (the text's are
/// already; a code span's or a link address's are not): a GFM table
/// splits its rows at the others.
fn pipe_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut backslashes = 0;
    for c in cell.chars() {
        if c == '|' && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// Whether inlines hold a line break, at any depth.
fn has_break(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::LineBreak => true,
        Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => has_break(c),
        _ => false,
    })
}

/// `![caption](src "credit")`, or `![](src "text alternative")` for an
/// uncaptioned picture.
fn figure(f: &Figure) -> String {
    let caption = f.caption.as_ref();
    let mut out = format!(
        "![{}]({}",
        caption.map_or(String::new(), |c| inlines(&c.content, Context::Bracketed, false)),
        destination(&f.src)
    );
    let title = match caption {
        Some(c) => c.credit.as_ref(),
        None => f.alt.as_ref(),
    };
    if let Some(credit) = title {
        out.push_str(" \"");
        for c in credit.chars() {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push(')');
    out
}

/// A link destination: bare when it has no spaces, angle brackets or
/// unbalanced parentheses, else in `<…>`.
fn destination(url: &str) -> String {
    let mut depth = 0i32;
    let balanced = url.chars().all(|c| {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        depth >= 0
    }) && depth == 0;
    if !url.is_empty() && balanced && !url.contains(|c: char| c.is_whitespace() || c == '<' || c == '>') {
        return url.replace('\\', "\\\\");
    }
    let mut out = String::from("<");
    for c in url.chars() {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}

/// Where inline text stands: `]` needs escaping only inside brackets.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Line,
    Bracketed,
}

/// Inlines as Markdown on one logical line (hard breaks excepted);
/// `line_start` when they begin a paragraph's line.
fn inlines(content: &[Inline], ctx: Context, line_start: bool) -> String {
    let mut out = String::new();
    for inline in content {
        let at_start = if out.is_empty() {
            line_start
        } else {
            out.ends_with('\n')
        };
        match inline {
            Inline::Text(t) => out.push_str(&escape(t, ctx, at_start)),
            // A mark inside the same mark means nothing more (and `**`
            // would read as strong): it is written once.
            Inline::Strong(c) => {
                out.push_str("**");
                out.push_str(&inlines(&unwrap_mark(c, true), ctx, false));
                out.push_str("**");
            }
            Inline::Emphasis(c) => {
                out.push('*');
                out.push_str(&inlines(&unwrap_mark(c, false), ctx, false));
                out.push('*');
            }
            Inline::Code(t) => out.push_str(&code(t)),
            Inline::Link { url, content } => {
                // `![` would open an image.
                if out.ends_with('!') && !out.ends_with("\\!") {
                    out.insert(out.len() - 1, '\\');
                }
                out.push('[');
                out.push_str(&inlines(content, Context::Bracketed, false));
                out.push_str("](");
                out.push_str(&destination(url));
                out.push(')');
            }
            Inline::LineBreak => out.push_str("\\\n"),
            Inline::Image(img) => {
                out.push_str("![");
                out.push_str(&escape(&img.alt, Context::Bracketed, false));
                out.push_str("](");
                out.push_str(&destination(&img.src));
                out.push(')');
            }
            Inline::Note(text) => {
                out.push_str(&format!("<!-- {} -->", comment_safe(&text.replace('\n', " "))));
            }
        }
    }
    out
}

/// `content` with the strong (`strong`) or emphasis marks inside it
/// dissolved into their content.
fn unwrap_mark(content: &[Inline], strong: bool) -> Vec<Inline> {
    let mut out = Vec::new();
    for i in content {
        match i {
            Inline::Strong(c) if strong => out.extend(unwrap_mark(c, strong)),
            Inline::Emphasis(c) if !strong => out.extend(unwrap_mark(c, strong)),
            other => out.push(other.clone()),
        }
    }
    out
}

/// Inline code: a backtick fence longer than any run inside, padded with a
/// space when the code starts or ends with a backtick or a space.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each end of a code span unless it is
    // only spaces: pad what would lose a space or touch the fence.
    let pad = !text.chars().all(|c| c == ' ') && (text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']));
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{text}{space}{fence}")
}

/// A comment's text that cannot end the comment early.
fn comment_safe(text: &str) -> String {
    text.replace("-->", "--\u{200B}>")
}

/// Escapes the characters of `text` that Markdown would read as markup;
/// `line_start` when it begins a line of the block.
fn escape(text: &str, ctx: Context, line_start: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    if line_start && !chars.is_empty() {
        if let Some((escaped, covered)) = line_start_escape(&chars) {
            out.push_str(&escaped);
            from = covered;
        }
    }
    for (i, &c) in chars.iter().enumerate().skip(from) {
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '*' | '_' | '`' | '[' | '~' | '|' => true,
            ']' => ctx == Context::Bracketed,
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => entity_follows(&chars[i + 1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The escape a line beginning with `rest` needs (leading white space, a
/// block marker, an ordered-list number), and how many characters it covers.
fn line_start_escape(rest: &[char]) -> Option<(String, usize)> {
    let first = rest[0];
    let spaced = |k: usize| rest.get(k).is_none_or(|c| matches!(c, ' ' | '\t'));
    match first {
        ' ' | '\t' => return Some((format!("&#{};", first as u32), 1)),
        '>' | '=' => return Some((format!("\\{first}"), 1)),
        '#' | '+' if spaced(1) || rest.get(1) == Some(&first) => return Some((format!("\\{first}"), 1)),
        '-' if spaced(1) || rest.get(1) == Some(&'-') => return Some(("\\-".into(), 1)),
        _ => {}
    }
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && matches!(rest.get(digits), Some('.' | ')')) && spaced(digits + 1) {
        let number: String = rest[..digits].iter().collect();
        return Some((format!("{number}\\{}", rest[digits]), digits + 1));
    }
    None
}

/// Whether `rest` (after an `&`) reads as a character reference.
fn entity_follows(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::markdown::parse;

    fn round_trip(source: &str) {
        let doc = parse(source, "t.md").unwrap();
        let written = write(&doc);
        assert_eq!(written, source, "canonical sources come back byte for byte");
    }

    fn model_round_trip(source: &str) -> String {
        let doc = parse(source, "t.md").unwrap();
        let written = write(&doc);
        let again = parse(&written, "t.md").unwrap();
        assert_eq!(again.blocks.len(), doc.blocks.len(), "{written}");
        assert_eq!(again.block_texts(), doc.block_texts(), "{written}");
        assert_eq!(again.meta, doc.meta);
        written
    }

    #[test]
    fn canonical_layout_comes_back_unchanged() {
        round_trip(concat!(
            "---\ntitle: 标题\nsubtitle: ——副标题\nauthor: 办公厅\nlang: zh-CN\ndate: 2024-02-29\n---\n\n",
            "导语，*强调*、**加粗**、`code`、[链接](https://example.org/a?b=1&c=2)与硬换行\\\n之后。\n\n",
            "<!-- 源注 -->\n\n# 一\n\n## 二\n\n**一是。**正文<!-- 批注（张三）：待核。 -->续。\n\n",
            "1. 甲\n2. 乙\n\n- 丙\n- 丁\n\n> 引文\n>\n> 第二段\n\n",
            "![说明 *文字*](images/a.jpg \"某 摄\")\n\n![无署名](images/b.png)\n",
        ));
    }

    #[test]
    fn punctuation_cover_and_check_allow_follow_date() {
        round_trip(concat!(
            "---\ntitle: 标题\nlang: zh-CN\ndate: 2024-02-29\npunctuation: kaiming\n",
            "cover: images/cover.jpg\ncheck-allow:\n  - dash\n  - doubled-word: 批示批示\n---\n\n正文\n",
        ));
        let written = model_round_trip(concat!(
            "---\ntitle: t\nlang: zh-CN\ncheck-allow:\n  - dash: \"a: b\"\n",
            "  - \"doubled-word\": \"甲\\n乙 #c\"\n---\n\n正文\n",
        ));
        assert!(
            written.contains("check-allow:\n  - dash: \"a: b\"\n  - doubled-word: \"甲\\n乙 #c\"\n"),
            "{written}"
        );
        let quanjiao = model_round_trip("---\ntitle: t\npunctuation: quanjiao\n---\n\n正文\n");
        assert!(
            !quanjiao.contains("punctuation"),
            "the default is not written: {quanjiao}"
        );
    }

    #[test]
    fn markup_characters_in_text_are_escaped() {
        let written = model_round_trip(concat!(
            "---\ntitle: \"a: b #c\"\nlang: zh-CN\n---\n\n",
            "星号\\*与\\_下划线\\`反引号\\[方括号] a < b && c > d \\<tag> &amp;\n\n",
            "\\# 不是标题\n\n1\\. 不是列表\n\n\\- 不是列表\n\n[链接\\]文字](<a b>)\n\n",
            "3. 从三开始\n4. 四\n\n- 一\n\n* 二\n",
        ));
        assert!(written.contains("title: \"a: b #c\""), "{written}");
    }

    #[test]
    fn values_that_yaml_would_read_otherwise_are_quoted() {
        assert_eq!(yaml_string("在团结奋斗中"), "在团结奋斗中");
        assert_eq!(
            yaml_string("混排测试 Mixed & <Checks>"),
            "混排测试 Mixed & <Checks>"
        );
        assert_eq!(yaml_string("123"), "\"123\"");
        assert_eq!(yaml_string("- a"), "\"- a\"");
        assert_eq!(yaml_string("a \"b\""), "\"a \\\"b\\\"\"");
    }

    /// The tables fixture is written in the canonical layout: pipe tables
    /// with `---` delimiters, a grid table sized by its cells.
    #[test]
    fn the_tables_fixture_comes_back_unchanged() {
        round_trip(include_str!("../../tests/fixtures/tables.md"));
    }

    /// Tables back to back: a caption between two tables is the next
    /// one's; under an uncaptioned table without notes, a table's caption
    /// goes below it (above, it would read as the first table's).
    #[test]
    fn captions_of_tables_back_to_back_read_back() {
        let table = |t: &str| format!("| {t} |\n|---|\n| 1 |\n");
        round_trip(&format!(
            "---\ntitle: t\nlang: zh-CN\n---\n\nTable: 甲\n\n{}\nTable: 乙\n\n{}\n{}\n{}\nTable: 丁\n\n注：丁。\n",
            table("a"),
            table("b"),
            table("c"),
            table("d"),
        ));
        let doc = parse(
            &format!(
                "---\ntitle: t\n---\n\n{}\nTable: 乙\n\n{}",
                table("a"),
                table("b")
            ),
            "t.md",
        )
        .unwrap();
        let captions: Vec<_> = doc.tables().iter().map(|t| t.caption.is_some()).collect();
        assert_eq!(
            captions,
            [true, false],
            "pandoc's reading: the caption below the first"
        );
        let written = model_round_trip(&format!(
            "---\ntitle: t\n---\n\n{}\n{}\nTable: 乙\n",
            table("a"),
            table("b")
        ));
        assert!(
            written.ends_with("| 1 |\n\n| b |\n|---|\n| 1 |\n\nTable: 乙\n"),
            "{written}"
        );
    }

    #[test]
    fn code_fences_outgrow_backticks_inside() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
