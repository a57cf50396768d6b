//! YAML front matter: the `---` block at the top of the source, read into
//! [`Metadata`] with every error naming its line.

use anyhow::{bail, Context, Result};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

pub use crate::model::AllowEntry;
use crate::model::Metadata;

/// The keys zhpress reads. Others are reported as warnings and ignored.
pub const KNOWN_KEYS: [&str; 9] = [
    "title",
    "subtitle",
    "author",
    "lang",
    "date",
    "punctuation",
    "cover",
    "check-allow",
    "table-rules",
];

/// Front matter split off a source text.
#[derive(Debug)]
pub struct FrontMatter {
    /// The metadata read from it.
    pub meta: Metadata,
    /// Byte offset in the source where the Markdown body starts.
    pub body_start: usize,
    /// Non-fatal findings (unknown keys), each naming its line.
    pub warnings: Vec<String>,
}

/// Splits the front matter off `text` and reads it. `name` is the source's
/// name for messages. The front matter is required: it holds the title.
pub fn split(text: &str, name: &str) -> Result<FrontMatter> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        bail!("{name}:1: the file must start with YAML front matter: a `---` line, `title: …`, and a closing `---` line");
    }
    let mut offset = first.len();
    let yaml_start = offset;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            let (meta, warnings) = read(yaml, name)?;
            return Ok(FrontMatter {
                meta,
                body_start: offset + line.len(),
                warnings,
            });
        }
        offset += line.len();
    }
    bail!("{name}:1: the front matter opened here is never closed by a `---` line")
}

/// Reads the YAML between the `---` lines. Line numbers in messages count
/// from the top of the file (the YAML starts on line 2).
fn read(yaml: &str, name: &str) -> Result<(Metadata, Vec<String>)> {
    let line_of = |yaml_line: usize| yaml_line + 1;
    let docs = MarkedYaml::load_from_str(yaml).map_err(|e| {
        anyhow::anyhow!(
            "{name}:{}: front matter is not valid YAML: {}",
            line_of(e.marker().line()),
            e.info()
        )
    })?;
    let Some(root) = docs.first() else {
        bail!("{name}:2: the front matter is empty; it needs at least `title: …`");
    };
    let YamlData::Mapping(map) = &root.data else {
        bail!(
            "{name}:{}: the front matter must be `key: value` lines",
            line_of(root.span.start.line())
        );
    };
    let mut meta = Metadata::titled("");
    let mut has_title = false;
    let mut warnings = Vec::new();
    for (key, value) in map.iter() {
        let line = line_of(key.span.start.line());
        let YamlData::Value(Scalar::String(key)) = &key.data else {
            bail!("{name}:{line}: front matter keys must be plain words");
        };
        let text = || -> Result<String> {
            match &value.data {
                YamlData::Value(Scalar::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                YamlData::Value(Scalar::String(_) | Scalar::Null) => {
                    bail!("{name}:{line}: `{key}` is empty")
                }
                _ => bail!("{name}:{line}: `{key}` must be a text value, e.g. `{key}: …`"),
            }
        };
        match key.as_ref() {
            "title" => {
                meta.title = text()?;
                has_title = true;
            }
            "subtitle" => meta.subtitle = Some(text()?),
            "author" => meta.author = Some(text()?),
            "cover" => {
                let src = text()?;
                crate::input::assets::check_image_path(&src)
                    .with_context(|| format!("{name}:{line}: `cover`"))?;
                meta.cover = Some(src);
            }
            "lang" => {
                let lang = text()?;
                if !is_language_tag(&lang) {
                    bail!("{name}:{line}: `lang: {lang}` is not a language tag such as `zh-CN`");
                }
                meta.lang = lang;
            }
            "date" => {
                let date = text()?;
                if crate::input::epoch::date_to_epoch(&date).is_none() {
                    bail!("{name}:{line}: `date: {date}` is not a date written as YYYY-MM-DD");
                }
                meta.date = Some(date);
            }
            "punctuation" => {
                let style = text()?;
                meta.punctuation = crate::model::Punctuation::from_name(&style).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{name}:{line}: `punctuation: {style}` is not a punctuation style (one of {})",
                        crate::model::Punctuation::NAMES.join(", ")
                    )
                })?;
            }
            "check-allow" => meta.check_allow = allow_list(value, name, line_of)?,
            "table-rules" => {
                let rules = text()?;
                meta.table_rules = crate::model::table::TableRules::from_name(&rules).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{name}:{line}: `table-rules: {rules}` is not a table house style (one of {})",
                        crate::model::table::TableRules::NAMES.join(", ")
                    )
                })?;
            }
            other => warnings.push(format!(
                "{name}:{line}: unknown front matter key `{other}` is ignored (known: {})",
                KNOWN_KEYS.join(", ")
            )),
        }
    }
    if !has_title {
        bail!("{name}:2: the front matter has no `title`");
    }
    Ok((meta, warnings))
}

/// Reads the `check-allow` list: each item a rule name, or `rule: text`.
fn allow_list(value: &MarkedYaml, name: &str, line_of: impl Fn(usize) -> usize) -> Result<Vec<AllowEntry>> {
    let shape = "`check-allow` is a list of rule names, each alone (`- doubled-word`) or with the text it keeps (`- doubled-word: 批示批示`)";
    let YamlData::Sequence(items) = &value.data else {
        bail!("{name}:{}: {shape}", line_of(value.span.start.line()));
    };
    let string = |node: &MarkedYaml| match &node.data {
        YamlData::Value(Scalar::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    items
        .iter()
        .map(|item| {
            let line = line_of(item.span.start.line());
            let (rule, text) = match &item.data {
                YamlData::Mapping(m) if m.len() == 1 => {
                    let (k, v) = m.iter().next().expect("one entry");
                    (string(k), Some(string(v)))
                }
                _ => (string(item), None),
            };
            match (rule, text) {
                (Some(rule), None) => Ok(AllowEntry {
                    line,
                    rule,
                    text: None,
                }),
                (Some(rule), Some(Some(text))) => Ok(AllowEntry {
                    line,
                    rule,
                    text: Some(text),
                }),
                _ => bail!("{name}:{line}: {shape}"),
            }
        })
        .collect()
}

/// A loose check of a BCP 47 tag: letters, digits and hyphens, starting with
/// a 2–3 letter primary language.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        format!("{:#}", split(text, "s.md").expect_err("an error"))
    }

    #[test]
    fn reads_keys_and_body_offset() {
        let text = "---\ntitle: 标题\nsubtitle: ——副题\nauthor: 某办公厅\nlang: zh-CN\ndate: 2023-03-01\nx: 1\n---\n正文\n";
        let fm = split(text, "s.md").unwrap();
        assert_eq!(fm.meta.title, "标题");
        assert_eq!(fm.meta.subtitle.as_deref(), Some("——副题"));
        assert_eq!(fm.meta.date.as_deref(), Some("2023-03-01"));
        assert_eq!(&text[fm.body_start..], "正文\n");
        assert_eq!(fm.warnings.len(), 1);
        assert!(
            fm.warnings[0].starts_with("s.md:7: unknown front matter key `x`"),
            "{:?}",
            fm.warnings
        );
    }

    #[test]
    fn reads_the_check_allow_list() {
        let text = "---\ntitle: t\ncheck-allow:\n  - dash\n  - doubled-word: 批示批示\n---\n";
        let fm = split(text, "s.md").unwrap();
        assert!(fm.warnings.is_empty());
        assert_eq!(
            fm.meta.check_allow,
            [
                AllowEntry {
                    line: 4,
                    rule: "dash".into(),
                    text: None
                },
                AllowEntry {
                    line: 5,
                    rule: "doubled-word".into(),
                    text: Some("批示批示".into())
                }
            ]
        );
        assert!(err("---\ntitle: t\ncheck-allow: dash\n---\n").starts_with("s.md:3: `check-allow` is a list"));
        assert!(
            err("---\ntitle: t\ncheck-allow:\n  - [a]\n---\n").starts_with("s.md:4: `check-allow` is a list")
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert!(err("正文").starts_with("s.md:1: the file must start with YAML front matter"));
        assert!(err("---\ntitle: a\n").contains("never closed"));
        assert!(
            err("---\ntitle: a\nauthor: [1, 2]\n---\n").starts_with("s.md:3: `author` must be a text value")
        );
        assert!(err("---\ntitle: a\n  bad: : x\n---\n").starts_with("s.md:3: front matter is not valid YAML"));
        assert!(err("---\nauthor: a\n---\n").contains("has no `title`"));
        assert!(err("---\ntitle: a\ncover: ../c.jpg\n---\n").starts_with("s.md:3: `cover`"));
        assert!(err("---\ntitle: a\ndate: 2023-13-45\n---\n").starts_with("s.md:3: `date: 2023-13-45`"));
        assert!(err("---\ntitle: a\nlang: 中文\n---\n").starts_with("s.md:3: `lang: 中文`"));
        assert!(err("---\ntitle:\n---\n").starts_with("s.md:2: `title` is empty"));
    }
}
