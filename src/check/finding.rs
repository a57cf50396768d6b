//! What `check` reports: the rules with their names and severities, one
//! finding per slip, and the two ways of printing them (compiler-style text
//! and JSON).

use serde::Serialize;
use std::sync::Arc;
use unicode_width::UnicodeWidthChar;

/// How serious a finding is. `check` exits 1 when any finding is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A form the national standards write differently (GB/T 15834, 15835).
    Warning,
    /// A slip that changes what the text says: a doubled word, an unclosed mark.
    Error,
}

impl Severity {
    /// The lower-case name, as printed.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One rule of the proofreading pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A word or character written twice that is not a reduplication.
    DoubledWord,
    /// A paired mark (`《》“”‘’（）【】「」`) not closed, not opened, or crossed.
    UnbalancedPair,
    /// Half-width `, . ; : ? ! ( )` in Chinese text.
    HalfwidthPunct,
    /// Straight quotes `"…"` in Chinese text.
    StraightQuote,
    /// `...`, `。。。` or a single `…` for the 省略号 `……`.
    Ellipsis,
    /// `--` or a single `—` for the 破折号 `——`.
    Dash,
    /// A mark written twice: `，，`, `。。`, `、、`.
    DoubledPunct,
    /// Full-width digits and Latin letters (`１２３`).
    FullwidthAlnum,
    /// A number range written with another connector than the document's.
    Range,
    /// A space between two Chinese characters.
    CjkSpace,
    /// A table caption that types its label (`Table: 表2　…`), which the
    /// editions give.
    TypedLabel,
}

impl Rule {
    /// Every rule, in the order the README lists them.
    pub const ALL: [Rule; 11] = [
        Rule::DoubledWord,
        Rule::UnbalancedPair,
        Rule::DoubledPunct,
        Rule::HalfwidthPunct,
        Rule::StraightQuote,
        Rule::Ellipsis,
        Rule::Dash,
        Rule::CjkSpace,
        Rule::FullwidthAlnum,
        Rule::Range,
        Rule::TypedLabel,
    ];

    /// The rule's name, as written in messages and in `check: allow`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::DoubledWord => "doubled-word",
            Rule::UnbalancedPair => "unbalanced-pair",
            Rule::HalfwidthPunct => "halfwidth-punct",
            Rule::StraightQuote => "straight-quote",
            Rule::Ellipsis => "ellipsis",
            Rule::Dash => "dash",
            Rule::DoubledPunct => "doubled-punct",
            Rule::FullwidthAlnum => "fullwidth-alnum",
            Rule::Range => "range",
            Rule::CjkSpace => "cjk-space",
            Rule::TypedLabel => "typed-label",
        }
    }

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The names of all rules, for messages.
    pub fn names() -> String {
        Rule::ALL.map(Rule::name).join(", ")
    }

    /// Errors change what the text says; warnings are forms to normalise.
    pub fn severity(self) -> Severity {
        match self {
            Rule::DoubledWord | Rule::UnbalancedPair | Rule::DoubledPunct => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One slip found in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The source file, as named in messages.
    #[serde(serialize_with = "as_str")]
    pub file: Arc<str>,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The rule that found it.
    pub rule: Rule,
    /// The rule's severity.
    pub severity: Severity,
    /// What is wrong and what to write instead.
    pub message: String,
    /// The text the finding is about, as the reader sees it.
    pub excerpt: String,
    /// The part of the source line around the finding, for quoting (not
    /// serialised).
    #[serde(skip)]
    pub quote: Quote,
}

/// How many characters of the source line are quoted on each side of a
/// finding in the text output.
pub const QUOTE_CONTEXT: usize = 16;

/// The source around a finding: at most [`QUOTE_CONTEXT`] characters on
/// each side of its span, cut from its line (a finding keeps this much of
/// the source, not the whole line, so that many findings on one long line
/// cost no more than the line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quote {
    /// The quoted text: `…` first and last where the line goes on.
    pub text: String,
    /// The bytes of `text` under the span: as many source characters as the
    /// excerpt has.
    pub span: std::ops::Range<usize>,
}

impl Quote {
    /// The text before the span.
    pub fn before(&self) -> &str {
        &self.text[..self.span.start]
    }

    /// The source text under the span.
    pub fn span(&self) -> &str {
        &self.text[self.span.clone()]
    }

    /// The text after the span.
    pub fn after(&self) -> &str {
        &self.text[self.span.end..]
    }
}

/// Serialises a shared file name as a string.
fn as_str<S: serde::Serializer>(value: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(value)
}

impl Finding {
    /// The first line of the text output: `file:line:col: severity[rule]: message`.
    pub fn headline(&self) -> String {
        format!(
            "{}:{}:{}: {}[{}]: {}",
            self.file,
            self.line,
            self.column,
            self.severity.name(),
            self.rule.name(),
            self.message
        )
    }

    /// One line without the severity, as `build` prints it among its
    /// warnings: `file:line:col: rule: message`.
    pub fn brief(&self) -> String {
        format!(
            "{}:{}:{}: {}: {}",
            self.file,
            self.line,
            self.column,
            self.rule.name(),
            self.message
        )
    }

    /// The finding as a compiler prints it: the headline, then the source
    /// line (cut to the part around the finding) with the span marked.
    pub fn render(&self) -> String {
        let pad: usize = self.quote.before().chars().map(width).sum();
        let marked: usize = self.quote.span().chars().map(width).sum();
        let gutter = self.line.to_string();
        format!(
            "{}\n{:>w$} |\n{gutter} | {}\n{:>w$} | {}{}\n",
            self.headline(),
            "",
            self.quote.text,
            "",
            " ".repeat(pad),
            "^".repeat(marked.max(1)),
            w = gutter.len()
        )
    }
}

fn width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Findings of one source, in source order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The findings not silenced.
    pub findings: Vec<Finding>,
    /// How many findings `check: allow` silenced.
    pub silenced: usize,
}

impl Report {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// The closing line of the text output.
    pub fn summary(&self) -> String {
        let errors = self.errors();
        let mut s = format!(
            "{} finding(s): {errors} error(s), {} warning(s)",
            self.findings.len(),
            self.findings.len() - errors
        );
        if self.silenced > 0 {
            s.push_str(&format!("; {} silenced by `check: allow`", self.silenced));
        }
        s
    }

    /// The text output, a piece at a time (each ends a line): every finding
    /// as a compiler prints it, then the closing line. A long report is
    /// printed as it is made, never held whole.
    pub fn text(&self) -> impl Iterator<Item = String> + '_ {
        self.findings
            .iter()
            .map(|f| f.render() + "\n")
            .chain(std::iter::once(self.summary()))
    }

    /// The findings as a JSON array (see the README for the fields), a
    /// piece at a time (each ends a line), in serde_json's pretty layout.
    pub fn json(&self) -> impl Iterator<Item = String> + '_ {
        let last = self.findings.len().saturating_sub(1);
        let items = self.findings.iter().enumerate().map(move |(i, f)| {
            let item = serde_json::to_string_pretty(f).expect("findings serialise");
            let mut out: String = item.lines().map(|l| format!("  {l}\n")).collect();
            out.pop();
            if i != last {
                out.push(',');
            }
            out
        });
        let (open, close) = match self.findings.is_empty() {
            true => ("[]", None),
            false => ("[", Some("]".to_string())),
        };
        std::iter::once(open.to_string()).chain(items).chain(close)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_name(r.name()), Some(r));
        }
        assert_eq!(Rule::from_name("nonsense"), None);
    }

    #[test]
    fn renders_like_a_compiler_with_the_span_marked() {
        let f = Finding {
            file: "s.md".into(),
            line: 7,
            column: 3,
            rule: Rule::DoubledWord,
            severity: Severity::Error,
            message: "“批示批示” repeats “批示”; write “批示”".into(),
            excerpt: "批示批示".into(),
            quote: Quote {
                text: "根据批示批示办理".into(),
                span: 6..18,
            },
        };
        let text = f.render();
        assert_eq!(
            text,
            "s.md:7:3: error[doubled-word]: “批示批示” repeats “批示”; write “批示”\n  |\n7 | 根据批示批示办理\n  |     ^^^^^^^^\n"
        );
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["rule"], "doubled-word");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["column"], 3);
        assert!(json.get("source_line").is_none());
        // The report prints piece by piece what serde_json prints whole.
        for findings in [vec![], vec![f.clone()], vec![f.clone(), f.clone()]] {
            let report = Report {
                findings,
                silenced: 0,
            };
            let pieces: Vec<String> = report.json().collect();
            assert_eq!(
                pieces.join("\n"),
                serde_json::to_string_pretty(&report.findings).unwrap()
            );
            let text: String = report.text().collect();
            assert_eq!(text.matches("error[doubled-word]").count(), report.findings.len());
        }
    }
}
