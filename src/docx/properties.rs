//! The front matter no edition shows, carried in the DOCX's custom document
//! properties (`docProps/custom.xml`, ECMA-376 Part 1 §22.3), which Word
//! shows an editor under File › Properties › Custom and which Word and
//! LibreOffice keep when they re-save; `import` reads them back.
//!
//! | property | front matter | value |
//! |---|---|---|
//! | `date` | `date` | `YYYY-MM-DD` |
//! | `zhpress.punctuation` | `punctuation` (when not `quanjiao`) | its name, e.g. `kaiming` |
//! | `zhpress.cover` | `cover` | the image's path in the source; the image is the package thumbnail |
//! | `zhpress.check-allow` | `check-allow` | one entry a line: `RULE` or `RULE: TEXT` |
//!
//! In a `check-allow` text a backslash is written `\\`, a line feed `\n`
//! and a carriage return `\r`, so each entry stays on its line. A property
//! is written only when the source has the key, in the order above, with
//! `pid`s from 2: the same source gives the same bytes.

use anyhow::{bail, Result};

use crate::model::{AllowEntry, Metadata, Punctuation};
use crate::pack::xml::escape;

/// The property holding the front matter's `date`.
pub const DATE: &str = "date";
/// The property holding `punctuation`.
pub const PUNCTUATION: &str = "zhpress.punctuation";
/// The property holding the cover image's path.
pub const COVER: &str = "zhpress.cover";
/// The property holding the `check-allow` list.
pub const CHECK_ALLOW: &str = "zhpress.check-allow";
/// The prefix of every property zhpress writes besides `date`; `import`
/// refuses one it does not know.
pub const PREFIX: &str = "zhpress.";

/// The format id every custom property carries (ECMA-376 Part 1 §22.3.2.2).
const FMTID: &str = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

/// The properties `meta` gives, in their order.
pub fn of(meta: &Metadata) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(date) = &meta.date {
        out.push((DATE, date.clone()));
    }
    if meta.punctuation != Punctuation::default() {
        out.push((PUNCTUATION, punctuation_name(meta.punctuation).to_string()));
    }
    if let Some(cover) = &meta.cover {
        out.push((COVER, cover.clone()));
    }
    if !meta.check_allow.is_empty() {
        out.push((CHECK_ALLOW, allow_text(&meta.check_allow)));
    }
    out
}

/// The front-matter name of a punctuation style.
pub fn punctuation_name(style: Punctuation) -> &'static str {
    Punctuation::NAMES[style as usize]
}

/// `docProps/custom.xml` holding `props` (each a text, `vt:lpwstr`).
pub fn custom_xml(props: &[(&str, String)]) -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes""#,
    ));
    if props.is_empty() {
        s.push_str(" />");
        return s;
    }
    s.push('>');
    for (i, (name, value)) in props.iter().enumerate() {
        s.push_str(&format!(
            r#"<property fmtid="{FMTID}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            escape(name),
            escape(value)
        ));
    }
    s.push_str("</Properties>");
    s
}

/// The `check-allow` list as one property value.
pub fn allow_text(entries: &[AllowEntry]) -> String {
    let escaped = |s: &str| s.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r");
    entries
        .iter()
        .map(|e| match &e.text {
            Some(text) => format!("{}: {}", escaped(&e.rule), escaped(text)),
            None => escaped(&e.rule),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a `check-allow` property value back; `Err` says which line is wrong.
/// Entries read so carry `line` 0.
pub fn parse_allow(value: &str) -> Result<Vec<AllowEntry>, String> {
    let unescaped = |s: &str, n: usize| -> Result<String, String> {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                _ => return Err(format!("line {n}: a `\\` must be followed by `\\`, `n` or `r`")),
            }
        }
        Ok(out)
    };
    value
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let n = i + 1;
            let (rule, text) = match line.split_once(": ") {
                Some((rule, text)) => (rule, Some(text.trim())),
                None => (line, None),
            };
            let rule = unescaped(rule.trim(), n)?;
            if rule.is_empty() || text == Some("") {
                return Err(format!("line {n}: write `RULE` or `RULE: TEXT`"));
            }
            Ok(AllowEntry {
                line: 0,
                rule,
                text: text.map(|t| unescaped(t, n)).transpose()?,
            })
        })
        .collect()
}

/// What the `zhpress.*` properties say.
#[derive(Debug, Default, PartialEq)]
pub struct Carried {
    /// `punctuation`, when the property is there.
    pub punctuation: Option<Punctuation>,
    /// `cover`: the image's path in the source.
    pub cover: Option<String>,
    /// `check-allow`.
    pub check_allow: Vec<AllowEntry>,
}

/// Reads the `zhpress.*` properties among `props` (name, value); others
/// (`date`, an editor's own) are left alone. An unknown `zhpress.` name or
/// a value that does not read is an error naming the property: the source
/// written from it would silently say something else.
pub fn read(props: &[(String, String)]) -> Result<Carried> {
    let mut out = Carried::default();
    for (name, value) in props {
        let value = value.trim();
        match name.as_str() {
            PUNCTUATION => {
                out.punctuation = Some(Punctuation::from_name(value).ok_or_else(|| {
                    anyhow::anyhow!(
                        "property `{name}`: `{value}` is not a punctuation style (one of {})",
                        Punctuation::NAMES.join(", ")
                    )
                })?)
            }
            COVER => {
                if let Err(e) = crate::input::assets::check_image_path(value) {
                    bail!("property `{name}`: {e:#}");
                }
                out.cover = Some(value.to_string());
            }
            CHECK_ALLOW => {
                out.check_allow = parse_allow(value).map_err(|e| {
                    anyhow::anyhow!("property `{name}`: {e} (one entry a line: `RULE` or `RULE: TEXT`)")
                })?;
                for entry in &out.check_allow {
                    if crate::check::Rule::from_name(&entry.rule).is_none() {
                        bail!(
                            "property `{name}`: names no rule `{}` (rules: {})",
                            entry.rule,
                            crate::check::Rule::names()
                        );
                    }
                }
            }
            other if other.starts_with(PREFIX) => bail!(
                "property `{other}` is not one zhpress writes (known: {PUNCTUATION}, {COVER}, {CHECK_ALLOW}); delete it"
            ),
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(rule: &str, text: Option<&str>) -> AllowEntry {
        AllowEntry {
            line: 0,
            rule: rule.into(),
            text: text.map(String::from),
        }
    }

    #[test]
    fn properties_round_trip_through_the_xml() {
        let mut meta = Metadata::titled("t");
        meta.date = Some("2023-03-01".into());
        meta.punctuation = Punctuation::Kaiming;
        meta.cover = Some("images/封面 & <1>.jpg".into());
        meta.check_allow = vec![
            entry("dash", None),
            entry("doubled-word", Some("批示: 批示 \\n <&>\n第二行\r")),
        ];
        let props = of(&meta);
        let names: Vec<_> = props.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, [DATE, PUNCTUATION, COVER, CHECK_ALLOW]);
        let xml = custom_xml(&props);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let read_back: Vec<(String, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("property"))
            .map(|p| {
                assert_eq!(p.attribute("fmtid"), Some(FMTID));
                let value = p.descendants().find_map(|n| n.text()).unwrap_or("");
                (p.attribute("name").unwrap().to_string(), value.to_string())
            })
            .collect();
        let pids: Vec<_> = doc.descendants().filter_map(|n| n.attribute("pid")).collect();
        assert_eq!(pids, ["2", "3", "4", "5"]);
        let carried = read(&read_back).unwrap();
        assert_eq!(carried.punctuation, Some(Punctuation::Kaiming));
        assert_eq!(carried.cover, meta.cover);
        assert_eq!(carried.check_allow, meta.check_allow);
    }

    #[test]
    fn no_properties_and_the_date_alone_write_what_docx_rs_wrote() {
        assert_eq!(
            custom_xml(&of(&Metadata::titled("t"))),
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" />"#
        );
        let docx_rs = docx_rs::Docx::new()
            .custom_property(DATE, "2023-03-01")
            .build()
            .doc_props
            .custom;
        assert_eq!(
            custom_xml(&[(DATE, "2023-03-01".into())]).as_bytes(),
            docx_rs.as_slice()
        );
    }

    #[test]
    fn bad_values_are_refused_naming_the_property() {
        let err = |name: &str, value: &str| {
            format!(
                "{:#}",
                read(&[(name.to_string(), value.to_string())]).unwrap_err()
            )
        };
        assert!(err(PUNCTUATION, "wide").starts_with("property `zhpress.punctuation`: `wide`"));
        assert!(err(COVER, "../c.jpg").starts_with("property `zhpress.cover`"));
        assert!(err(CHECK_ALLOW, "dash\nnope: x").contains("names no rule `nope`"));
        assert!(err(CHECK_ALLOW, "dash: a\\q").contains("line 1"));
        assert!(err("zhpress.colour", "red").starts_with("property `zhpress.colour` is not one"));
        assert_eq!(
            read(&[("Editor".into(), "x".into()), (DATE.into(), "?".into())]).unwrap(),
            Carried::default()
        );
    }
}
