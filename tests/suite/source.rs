//! The canonical source against the seed text: the model must say exactly
//! what the newspaper said, with only the documented layout repairs.

use zhpress::model::{Block, Inline};

fn summary() -> zhpress::model::Document {
    let text = std::fs::read_to_string("source/summary.md").unwrap();
    zhpress::input::markdown::parse(&text, "source/summary.md").unwrap()
}

/// The seed's non-empty lines with the repairs of source/README.md applied:
/// split paragraphs joined, the caption that interrupts a paragraph moved
/// after it, `界别别` corrected to `界别协`, `■ ` marks removed, and
/// figure 2 placed after the paragraph `六是…`.
fn repaired_seed() -> (String, String, Vec<String>) {
    let seed = std::fs::read_to_string("tests/fixtures/seed.txt").unwrap();
    let mut lines: Vec<String> = seed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    let title = lines.remove(0);
    let subtitle = lines.remove(0);
    let join = |lines: &mut Vec<String>, ends: &str, fix: &dyn Fn(&str) -> String| {
        let i = lines
            .iter()
            .position(|l| l.ends_with(ends))
            .expect("split paragraph");
        let next = lines.remove(i + 1);
        lines[i] = fix(&lines[i]) + &next;
    };
    join(&mut lines, "认真制定173项整改举措，开", &|s| {
        s.to_string()
    });
    join(&mut lines, "开展界别别", &|s| {
        s.strip_suffix('别').unwrap().to_string() + "协"
    });
    let i = lines.iter().position(|l| l.ends_with("开设147个委员")).unwrap();
    let caption = lines.remove(i + 1);
    let rest = lines.remove(i + 1);
    lines[i].push_str(&rest);
    lines.insert(i + 1, caption);
    let caption2 = lines.pop().unwrap();
    let j = lines
        .iter()
        .position(|l| l.starts_with("六是服务做好对外交往工作"))
        .unwrap();
    lines.insert(j + 1, caption2);
    let lines = lines
        .into_iter()
        .map(|l| l.strip_prefix("■ ").map(String::from).unwrap_or(l))
        .collect();
    (title, subtitle, lines)
}

#[test]
fn model_text_equals_the_seed_with_repairs() {
    let doc = summary();
    let (title, subtitle, expected) = repaired_seed();
    assert_eq!(doc.meta.title, title);
    assert_eq!(doc.meta.subtitle.as_deref(), Some(subtitle.as_str()));
    assert_eq!(subtitle, "——十三届全国政协办公厅五年工作总结");
    assert_eq!(doc.meta.lang, "zh-CN");
    let mut actual = Vec::new();
    for b in &doc.blocks {
        actual.push(match b {
            Block::Heading(h) => h.text(),
            Block::Paragraph(p) => zhpress::model::plain_text(&p.content),
            // The seed prints caption and credit run together.
            Block::Figure(f) => {
                let c = f.caption.as_ref().expect("the summary's figures are captioned");
                c.text() + c.credit.as_deref().unwrap_or("")
            }
            other => panic!("the summary has no {other:?}"),
        });
    }
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(&expected) {
        assert_eq!(a, e);
    }
}

#[test]
fn structure_matches_the_transcription_rules() {
    let doc = summary();
    let h: Vec<(u8, String)> = doc.headings().iter().map(|h| (h.level, h.text())).collect();
    assert_eq!(
        h,
        [
            (1, "主要工作情况".to_string()),
            (2, "坚持党的全面领导，坚决做到“两个维护”".to_string()),
            (2, "全力服务全国政协，更好发挥专门协商机构作用".to_string()),
            (2, "开拓进取，稳步推动工作高质量发展".to_string()),
            (2, "坚定不移，推动模范机关建设显成效".to_string()),
            (1, "工作体会".to_string()),
        ]
    );
    let paragraphs: Vec<&Vec<Inline>> = doc
        .blocks
        .iter()
        .filter_map(|b| {
            if let Block::Paragraph(p) = b {
                Some(&p.content)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(paragraphs.len(), 27);
    // Every enumerated paragraph opens with its bold lead sentence, up to and
    // including the first `。`; no other paragraph has bold text.
    let numerals = ["一是", "二是", "三是", "四是", "五是", "六是"];
    let mut enumerated = 0;
    for p in &paragraphs {
        let text = zhpress::model::plain_text(p);
        if numerals.iter().any(|n| text.starts_with(n)) {
            enumerated += 1;
            let lead = &text[..text.find('。').unwrap() + '。'.len_utf8()];
            assert_eq!(
                p[0],
                Inline::Strong(vec![Inline::Text(lead.to_string())]),
                "{text}"
            );
            assert!(p[1..].iter().all(|i| matches!(i, Inline::Text(_))));
        } else {
            assert!(p.iter().all(|i| matches!(i, Inline::Text(_))), "{text}");
        }
    }
    assert_eq!(enumerated, 24);
    // Figures follow the paragraphs the rules name, numbered in order.
    let after = |n: usize| {
        let i = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Figure(f) if f.number() == Some(n as u32)))
            .unwrap();
        let Block::Paragraph(p) = &doc.blocks[i - 1] else {
            panic!("figure {n} follows no paragraph")
        };
        zhpress::model::plain_text(&p.content)
    };
    assert!(after(1).starts_with("四是更好服务委员发挥主体作用") && after(1).contains("开设147个委员读书群"));
    assert!(after(2).starts_with("六是服务做好对外交往工作"));
    for f in doc.figures() {
        let c = f.caption.as_ref().expect("captioned");
        assert_eq!(c.credit.as_deref(), Some("本报记者 齐波 摄"));
        assert_eq!(f.src, format!("images/photo-{}.jpg", c.number));
    }
}

#[test]
fn placeholder_photos_are_small_3_to_2_jpegs() {
    for n in 1..=2 {
        let path = format!("source/images/photo-{n}.jpg");
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() < 50_000, "{path} is {} bytes", bytes.len());
        assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::Jpeg);
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(img.width() * 2, img.height() * 3, "{path} is not 3:2");
    }
}
