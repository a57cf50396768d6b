//! Per-stage timings of a build, in a release build:
//! `cargo run --release --bin bench -- [SOURCE] [--scale N] [--runs N]`.
//!
//! `--scale N` repeats the source's body N times (a document N times as
//! long). Prints the median of `--runs` runs for each stage and the peak
//! resident memory of the process.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use zhpress::input::assets::Assets;
use zhpress::Target;

struct Args {
    source: PathBuf,
    scale: usize,
    runs: usize,
}

fn args() -> Result<Args> {
    let mut a = Args {
        source: "source/summary.md".into(),
        scale: 1,
        runs: 7,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--scale" => a.scale = it.next().context("--scale N")?.parse()?,
            "--runs" => a.runs = it.next().context("--runs N")?.parse()?,
            _ => a.source = arg.into(),
        }
    }
    Ok(a)
}

/// The source text with its body repeated `scale` times.
fn scaled(text: &str, scale: usize) -> String {
    let end = text[3..].find("\n---\n").map(|i| i + 3 + 5).unwrap_or(0);
    let (front, body) = text.split_at(end);
    format!("{front}{}", body.repeat(scale))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<()> {
    let a = args()?;
    let text = scaled(&zhpress::input::source::read(&a.source)?, a.scale);
    let name = a.source.display().to_string();
    let dir = a.source.parent().unwrap_or(Path::new(".")).to_path_buf();
    let fonts = zhpress::default_font_dir();
    let out = std::env::temp_dir().join(format!("zhpress-bench-{}", std::process::id()));
    let stages = [
        "parse",
        "check",
        "fonts+images",
        "pdf",
        "epub",
        "docx",
        "build (parallel, written)",
        "total wall",
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); stages.len()];
    let mut sizes = [0usize; 3];
    for _ in 0..a.runs {
        let t0 = Instant::now();
        let parsed = zhpress::input::markdown::parse_with_warnings(&text, &name)?;
        let t1 = Instant::now();
        let check = zhpress::check::check(&text, &parsed)?;
        let t2 = Instant::now();
        let doc = parsed.doc;
        let assets = Assets::load(&doc, &dir, &fonts, 0)?;
        let t3 = Instant::now();
        for (i, t) in Target::ALL.iter().enumerate() {
            let s = Instant::now();
            sizes[i] = t.render(&doc, &assets)?.len();
            times[3 + i].push(s.elapsed().as_secs_f64());
        }
        let loaded = zhpress::Loaded {
            doc,
            assets,
            warnings: Vec::new(),
            check,
            inputs: Vec::new(),
        };
        let t4 = Instant::now();
        zhpress::build(&loaded, "bench", &out, &Target::ALL)?;
        let t5 = Instant::now();
        times[0].push((t1 - t0).as_secs_f64());
        times[1].push((t2 - t1).as_secs_f64());
        times[2].push((t3 - t2).as_secs_f64());
        times[6].push((t5 - t4).as_secs_f64());
        times[7].push((t3 - t0 + (t5 - t4)).as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&out);
    println!(
        "{} ×{} ({} bytes of Markdown), median of {} runs:",
        a.source.display(),
        a.scale,
        text.len(),
        a.runs
    );
    for (stage, t) in stages.iter().zip(times) {
        println!("  {stage:<26} {:>8.1} ms", median(t) * 1000.0);
    }
    println!(
        "  sizes: pdf {} B, epub {} B, docx {} B",
        sizes[0], sizes[1], sizes[2]
    );
    if let Some(mib) = peak_rss_mib() {
        println!("  peak resident memory: {mib:.0} MiB");
    }
    Ok(())
}
