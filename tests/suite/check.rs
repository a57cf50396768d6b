//! `zhpress check`: the rules on a corpus of planted slips and clean text
//! (recall and false alarms), the summary's four slips, the JSON output,
//! silencing, and `build` with and without `--strict`.

use crate::common;

use std::collections::BTreeMap;

use common::{scratch, zhpress};
use serde_json::Value;
use zhpress::check::{check, Finding, Rule};

/// Parses and checks `text` as the source `name`.
fn run(text: &str, name: &str) -> Vec<Finding> {
    let parsed = zhpress::input::markdown::parse_with_warnings(text, name).unwrap();
    check(text, &parsed).unwrap().findings
}

/// One corpus case: the rule its slip was planted for (`None`: clean), the
/// text, and the line it stands on in the Markdown built from the corpus.
struct Case {
    planted: Option<Rule>,
    text: String,
    line: usize,
}

fn corpus() -> (String, Vec<Case>) {
    let corpus = std::fs::read_to_string("tests/fixtures/check/corpus.txt").unwrap();
    let mut md = String::from("---\ntitle: 校对语料\n---\n");
    let mut cases = Vec::new();
    for line in corpus.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (rule, text) = line.split_once('\t').expect("RULE<TAB>text");
        let planted = (rule != "-").then(|| Rule::from_name(rule).expect("a rule name"));
        md.push('\n');
        let line = md.lines().count() + 1;
        md.push_str(text);
        md.push('\n');
        cases.push(Case {
            planted,
            text: text.to_string(),
            line,
        });
    }
    (md, cases)
}

#[test]
fn corpus_recall_and_false_alarms() {
    let (md, cases) = corpus();
    let findings = run(&md, "corpus.md");
    let mut by_line: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
    for f in &findings {
        by_line.entry(f.line).or_default().push(f);
    }
    // Per rule: (planted, found, false alarms).
    let mut table: BTreeMap<Rule, (usize, usize, usize)> = BTreeMap::new();
    let (mut missed, mut alarms) = (Vec::new(), Vec::new());
    for case in &cases {
        let here = by_line.remove(&case.line).unwrap_or_default();
        for f in &here {
            // Every finding points at its excerpt in the case's text.
            let col: String = case
                .text
                .chars()
                .skip(f.column - 1)
                .take(f.excerpt.chars().count())
                .collect();
            assert_eq!(
                col,
                f.excerpt,
                "{}: column {} of {:?}",
                f.rule.name(),
                f.column,
                case.text
            );
        }
        if let Some(rule) = case.planted {
            let row = table.entry(rule).or_default();
            row.0 += 1;
            if here.iter().any(|f| f.rule == rule) {
                row.1 += 1;
            } else {
                missed.push(format!("{}: {}", rule.name(), case.text));
            }
        }
        for f in here.iter().filter(|f| Some(f.rule) != case.planted) {
            table.entry(f.rule).or_default().2 += 1;
            alarms.push(format!("{}: {} ({})", f.rule.name(), case.text, f.message));
        }
    }
    assert!(by_line.is_empty(), "findings off the cases' lines: {by_line:?}");
    let planted: usize = table.values().map(|r| r.0).sum();
    let found: usize = table.values().map(|r| r.1).sum();
    let clean = cases.iter().filter(|c| c.planted.is_none()).count();
    println!(
        "{:<16} {:>7} {:>5} {:>12}",
        "rule", "planted", "found", "false alarms"
    );
    for (rule, (p, f, a)) in &table {
        println!("{:<16} {p:>7} {f:>5} {a:>12}", rule.name());
    }
    println!(
        "recall {found}/{planted}; false alarms {} on {} cases ({clean} clean)",
        alarms.len(),
        cases.len()
    );
    for m in &missed {
        println!("missed: {m}");
    }
    for a in &alarms {
        println!("false alarm: {a}");
    }
    assert!(planted >= 60 && clean >= 60, "the corpus keeps its size");
    assert!(
        found * 100 >= planted * 95,
        "recall {found}/{planted} fell below 95%: {missed:#?}"
    );
    assert!(alarms.is_empty(), "false alarms: {alarms:#?}");
}

#[test]
fn the_summary_has_exactly_the_seed_slips() {
    let out = zhpress(&["check", "source/summary.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "errors exit 1");
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["excerpt"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("unbalanced-pair", "《"),
            ("doubled-word", "理理事会"),
            ("doubled-word", "批示批示"),
            ("doubled-word", "批示批示"),
        ]
    );
    let source = std::fs::read_to_string("source/summary.md").unwrap();
    for f in &findings {
        for key in ["file", "line", "column", "rule", "severity", "message", "excerpt"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert_eq!(f["file"], "source/summary.md");
        assert_eq!(f["severity"], "error");
        let line = source
            .lines()
            .nth(f["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        let excerpt = f["excerpt"].as_str().unwrap();
        let at: String = line
            .chars()
            .skip(f["column"].as_u64().unwrap() as usize - 1)
            .take(excerpt.chars().count())
            .collect();
        assert_eq!(
            at, excerpt,
            "line and column (in characters) point at the excerpt"
        );
    }
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .contains("《亲历、亲见、亲闻“文库"));
    assert_eq!(findings[2]["message"], "“批示批示” repeats “批示”; write “批示”");
}

#[test]
fn text_output_quotes_the_line_and_marks_the_span() {
    let out = zhpress(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().find(|l| l.contains("批示批示")).unwrap();
    assert!(
        first.starts_with("source/summary.md:52:")
            && first.contains(": error[doubled-word]: “批示批示” repeats “批示”; write “批示”"),
        "{first}"
    );
    assert!(text.contains("|     ") || text.contains("^^^^^^^^"), "{text}");
    assert!(
        text.ends_with("4 finding(s): 4 error(s), 0 warning(s)\n"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: check found 4 error(s)"));
}

#[test]
fn build_warns_and_strict_fails_writing_nothing() {
    let dir = scratch("check-build");
    let out_dir = dir.join("out");
    let o = out_dir.to_str().unwrap();
    let out = zhpress(&["build", "source/summary.md", "-o", o, "--to", "docx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The check findings among the warnings: `file:line:column: rule: message`.
    let warned: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.strip_prefix("warning: source/summary.md:")
                .and_then(|r| r.split(':').nth(1))
                .is_some_and(|column| column.parse::<usize>().is_ok())
        })
        .collect();
    assert_eq!(warned.len(), 4, "{stderr}");
    assert!(
        warned
            .iter()
            .any(|l| l.contains(": doubled-word: “理理事会” doubles “理”")),
        "{stderr}"
    );
    assert!(out_dir.join("summary.docx").is_file());

    let strict_dir = dir.join("strict");
    let s = strict_dir.to_str().unwrap();
    let out = zhpress(&["build", "source/summary.md", "-o", s, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--strict: check found 4 finding(s)"), "{stderr}");
    assert!(!strict_dir.exists(), "a strict build that fails writes nothing");
}

#[test]
fn editors_silence_what_they_keep() {
    let dir = scratch("check-allow");
    let body = "\n支持社理理事会开展工作。\n\n<!-- check: allow doubled-word -->\n根据批示批示办理，要认真认真落实。\n\n根据批示批示办理，要认真认真落实。\n";
    let write = |front: &str| {
        let path = dir.join("doc.md");
        std::fs::write(&path, format!("---\ntitle: 标题\n{front}---\n{body}")).unwrap();
        path.to_str().unwrap().to_string()
    };
    let excerpts = |path: &str| -> Vec<String> {
        let out = zhpress(&["check", path, "--format", "json"]);
        let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        v.iter()
            .map(|f| f["excerpt"].as_str().unwrap().to_string())
            .collect()
    };
    // The comment silences its paragraph only.
    assert_eq!(excerpts(&write("")), ["理理事会", "批示批示", "认真认真"]);
    // A front-matter entry with a text silences that text; without, the rule.
    let path = write("check-allow:\n  - doubled-word: 批示批示\n  - doubled-word: 社理理事会\n");
    assert_eq!(excerpts(&path), ["认真认真"]);
    let path = write("check-allow:\n  - doubled-word\n");
    let out = zhpress(&["check", &path]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 finding(s): 0 error(s), 0 warning(s); 5 silenced")
    );
    // An unknown rule is an error naming the line, for check and for build.
    let path = write("check-allow:\n  - doubled\n");
    for args in [
        vec!["check", path.as_str()],
        vec!["build", path.as_str(), "-o", dir.join("o").to_str().unwrap()],
    ] {
        let out = zhpress(&args);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("doc.md:4: `check-allow` names no rule `doubled`"),
            "{stderr}"
        );
    }
    assert!(!dir.join("o").exists());
}

/// A list item, a quote or a figure caption may open with bold, emphasis or
/// a link: the paragraph starts on the item's line, and findings inside it
/// are placed there (this panicked: the paragraph had line 0).
#[test]
fn blocks_opening_with_inline_marks_are_placed_on_their_lines() {
    let md = "---\ntitle: 题\n---\n\n- **要点**：批示批示\n1. *甲*乙，，丙\n- [链接](https://example.org)调调研\n\n> **引**社理理事会\n\n![*强调*图注，，](images/p.jpg)\n";
    let found: Vec<(usize, Rule)> = run(md, "lists.md").iter().map(|f| (f.line, f.rule)).collect();
    assert_eq!(
        found,
        [
            (5, Rule::DoubledWord),
            (6, Rule::DoubledPunct),
            (7, Rule::DoubledWord),
            (9, Rule::DoubledWord),
            (11, Rule::DoubledPunct),
        ]
    );
}

/// One line of 300,000 paired or doubled marks, or of half-width
/// punctuation: every finding keeps a few characters of the line, not the
/// line, and is placed from the one before it (both were quadratic).
#[test]
fn findings_on_one_long_line_cost_the_line_once() {
    for unit in ["（）", "，，", "中,", "天天"] {
        let line = unit.repeat(150_000);
        let md = format!("---\ntitle: 题\n---\n\n{line}\n");
        let start = std::time::Instant::now();
        let findings = run(&md, "long.md");
        let took = start.elapsed();
        assert!(took.as_secs() < 20, "{unit}: {took:?}");
        if let Some(last) = findings.last() {
            assert_eq!(last.line, 5);
            let q = &last.quote;
            assert!(
                q.before().chars().count() <= 17 && q.after().chars().count() <= 17,
                "{unit}: the quote is cut"
            );
        }
        let columns: Vec<usize> = findings.iter().map(|f| f.column).collect();
        assert!(columns.windows(2).all(|w| w[0] <= w[1]), "{unit}: in order");
    }
}

#[test]
fn tables_are_read_cell_by_cell_and_a_typed_label_is_named() {
    let text = "---\ntitle: 表\n---\n\nTable: 表2　主要指标指标\n\n| 项目 | 说明 |\n|---|---|\n| 会议 | 社理理事会 |\n\n注：数据为 初步统计。\n";
    let found: Vec<(Rule, usize, usize, String)> = run(text, "t.md")
        .into_iter()
        .map(|f| (f.rule, f.line, f.column, f.excerpt))
        .collect();
    assert_eq!(
        found,
        [
            (Rule::TypedLabel, 5, 8, "表2".to_string()),
            (Rule::DoubledWord, 5, 13, "指标指标".to_string()),
            (Rule::DoubledWord, 9, 9, "理理事会".to_string()),
            (Rule::CjkSpace, 11, 6, " ".to_string()),
        ],
        "{found:?}"
    );
}
