//! Silencing a finding the editor has decided to keep.
//!
//! - `<!-- check: allow RULE[, RULE…] -->` on its own line silences those
//!   rules in the block that starts on the next non-blank line;
//! - the front matter's `check-allow` list silences a rule everywhere (`- RULE`)
//!   or only where the finding's paragraph reads a given text at the finding
//!   (`- RULE: TEXT`).

use anyhow::{bail, Result};

use super::position::SourceMap;
use super::Rule;
use crate::input::frontmatter::AllowEntry;

/// The silencing comments and front-matter entries of one source.
#[derive(Debug, Default)]
pub struct Allowances {
    /// (line of the block a comment stands before, rules it allows).
    comments: Vec<(usize, Vec<Rule>)>,
    /// (rule, text it is limited to) from the front matter.
    document: Vec<(Rule, Option<Vec<char>>)>,
}

impl Allowances {
    /// Reads the `check: allow` comments of the source and the front-matter
    /// entries. An unknown rule name is an error naming its line.
    pub fn read(map: &SourceMap, name: &str, entries: &[AllowEntry]) -> Result<Allowances> {
        let mut out = Allowances::default();
        for entry in entries {
            let Some(rule) = Rule::from_name(&entry.rule) else {
                bail!(
                    "{name}:{}: `check-allow` names no rule `{}` (rules: {})",
                    entry.line,
                    entry.rule,
                    Rule::names()
                );
            };
            out.document
                .push((rule, entry.text.as_ref().map(|t| t.chars().collect())));
        }
        let mut pending: Option<Vec<Rule>> = None;
        for line in 1..=map.lines() {
            let text = map.line(line).trim();
            if let Some(rules) = parse_comment(text, name, line)? {
                pending.get_or_insert_with(Vec::new).extend(rules);
            } else if !text.is_empty() {
                if let Some(rules) = pending.take() {
                    out.comments.push((line, rules));
                }
            }
        }
        Ok(out)
    }

    /// Whether a `rule` finding over `span` (characters) of the block starting
    /// on `line`, whose text is `block`, is silenced.
    pub fn allows(&self, rule: Rule, line: usize, block: &[char], span: (usize, usize)) -> bool {
        let commented = self
            .comments
            .iter()
            .any(|(l, rules)| *l == line && rules.contains(&rule));
        commented
            || self
                .document
                .iter()
                .any(|(r, text)| *r == rule && text.as_ref().is_none_or(|t| reads_at(block, t, span)))
    }
}

/// Whether `block` holds `text` at a place that overlaps `span`.
fn reads_at(block: &[char], text: &[char], span: (usize, usize)) -> bool {
    !text.is_empty()
        && block.len() >= text.len()
        && (0..=block.len() - text.len())
            .any(|i| block[i..i + text.len()] == *text && i < span.1 && span.0 < i + text.len())
}

/// The rules of a `<!-- check: allow … -->` line, `None` for any other line.
fn parse_comment(text: &str, name: &str, line: usize) -> Result<Option<Vec<Rule>>> {
    let Some(inner) = text.strip_prefix("<!--").and_then(|t| t.strip_suffix("-->")) else {
        return Ok(None);
    };
    let Some(rest) = inner.trim().strip_prefix("check:") else {
        return Ok(None);
    };
    let Some(list) = rest
        .trim()
        .strip_prefix("allow")
        .filter(|l| l.starts_with(char::is_whitespace))
    else {
        bail!(
            "{name}:{line}: write `<!-- check: allow RULE -->` (rules: {})",
            Rule::names()
        );
    };
    list.split([',', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            Rule::from_name(w).ok_or_else(|| {
                anyhow::anyhow!(
                    "{name}:{line}: `check: allow` names no rule `{w}` (rules: {})",
                    Rule::names()
                )
            })
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_apply_to_the_next_block() {
        let src =
            "a\n\n<!-- check: allow doubled-word, unbalanced-pair -->\n\n段落\n\n<!-- other -->\n下一段\n";
        let map = SourceMap::new(src);
        let a = Allowances::read(&map, "s.md", &[]).unwrap();
        assert!(a.allows(Rule::DoubledWord, 5, &[], (0, 1)));
        assert!(a.allows(Rule::UnbalancedPair, 5, &[], (0, 1)));
        assert!(!a.allows(Rule::DoubledWord, 8, &[], (0, 1)));
        assert!(!a.allows(Rule::Dash, 5, &[], (0, 1)));
    }

    #[test]
    fn front_matter_entries_limit_by_text() {
        let map = SourceMap::new("x\n");
        let entries = [
            AllowEntry {
                line: 3,
                rule: "doubled-word".into(),
                text: Some("批示批示".into()),
            },
            AllowEntry {
                line: 4,
                rule: "dash".into(),
                text: None,
            },
        ];
        let a = Allowances::read(&map, "s.md", &entries).unwrap();
        let block: Vec<char> = "根据批示批示办理，认真认真".chars().collect();
        assert!(a.allows(Rule::DoubledWord, 9, &block, (2, 6)));
        assert!(!a.allows(Rule::DoubledWord, 9, &block, (9, 13)));
        assert!(a.allows(Rule::Dash, 1, &block, (0, 1)));
    }

    #[test]
    fn unknown_rules_are_errors_naming_the_line() {
        let map = SourceMap::new("a\n<!-- check: allow doubled -->\nb\n");
        let e = Allowances::read(&map, "s.md", &[]).unwrap_err().to_string();
        assert!(
            e.starts_with("s.md:2: `check: allow` names no rule `doubled`"),
            "{e}"
        );
        let map = SourceMap::new("<!-- check: silence x -->\n");
        let e = Allowances::read(&map, "s.md", &[]).unwrap_err().to_string();
        assert!(e.starts_with("s.md:1: write `<!-- check: allow RULE -->`"), "{e}");
        let entries = [AllowEntry {
            line: 3,
            rule: "nope".into(),
            text: None,
        }];
        let e = Allowances::read(&SourceMap::new(""), "s.md", &entries)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("s.md:3: `check-allow` names no rule `nope`"), "{e}");
    }
}
