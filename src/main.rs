//! The `zhpress` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
use zhpress::{terminal, Target};

/// Publish a Chinese document from one Markdown source as PDF, EPUB and DOCX.
#[derive(Parser)]
#[command(name = "zhpress", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the editions (the default when no command is given).
    Build(BuildArgs),
    /// Check that the editions in a folder say the same thing (and what the source says).
    Verify {
        /// The folder holding `<stem>.pdf`, `.epub`, `.docx`.
        #[arg(default_value = "output")]
        dir: PathBuf,
        /// The source to compare with; its file stem names the editions.
        #[arg(long)]
        source: Option<PathBuf>,
        /// The editions' file stem when no source is given.
        #[arg(long, default_value = "summary")]
        stem: String,
    },
    /// Turn a DOCX (zhpress's, or re-saved or written by Word, WPS, LibreOffice) into a Markdown source.
    Import {
        /// The DOCX to read.
        docx: PathBuf,
        /// The Markdown source to write (images go beside it, under the names the source uses).
        #[arg(short, long)]
        out: PathBuf,
        /// What to do with tracked changes.
        #[arg(long, value_enum, default_value = "accept")]
        changes: zhpress::import::Changes,
        /// Replace the source or images when they exist and would change.
        #[arg(long)]
        force: bool,
    },
    /// Proofread the source: doubled words, paired marks, GB/T 15834/15835.
    Check {
        /// The Markdown source.
        #[arg(default_value = "source/summary.md")]
        source: PathBuf,
        /// How to print the findings.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the document model as JSON.
    Ast {
        /// The Markdown source.
        #[arg(default_value = "source/summary.md")]
        source: PathBuf,
    },
}

/// How `check` prints its findings.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Like a compiler: `file:line:column`, the message, the line quoted.
    Text,
    /// A JSON array of findings.
    Json,
}

#[derive(clap::Args)]
struct BuildArgs {
    /// The Markdown source.
    #[arg(default_value = "source/summary.md")]
    source: PathBuf,
    /// The output folder.
    #[arg(short, long, default_value = "output")]
    out: PathBuf,
    /// The editions to build.
    #[arg(long, value_delimiter = ',', default_values = ["pdf", "epub", "docx"])]
    to: Vec<Target>,
    /// The font folder (default: `fonts/`).
    #[arg(long)]
    fonts: Option<PathBuf>,
    /// Fail, writing nothing, when `check` finds anything.
    #[arg(long)]
    strict: bool,
}

impl Default for BuildArgs {
    fn default() -> Self {
        BuildArgs {
            source: "source/summary.md".into(),
            out: "output".into(),
            to: Target::ALL.to_vec(),
            fonts: None,
            strict: false,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Build(BuildArgs::default())) {
        Command::Build(args) => build(args),
        Command::Ast { source } => ast(source),
        Command::Check { source, format } => check(source, format),
        Command::Verify { dir, source, stem } => verify(dir, source, stem),
        Command::Import {
            docx,
            out,
            changes,
            force,
        } => import(docx, out, changes, force),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if terminal::is_broken_pipe(&e) => ExitCode::from(terminal::BROKEN_PIPE_STATUS),
        Err(e) => {
            // Messages may quote a source's or an edition's text: never raw
            // to a terminal (one line: the escapes show its line breaks).
            terminal::warn(&terminal::printable(&format!("error: {e:#}")));
            ExitCode::from(1)
        }
    }
}

fn build(args: BuildArgs) -> Result<()> {
    let fonts = args.fonts.unwrap_or_else(zhpress::default_font_dir);
    let loaded = zhpress::load_with(&args.source, &fonts)?;
    for w in &loaded.warnings {
        terminal::warn(&format!("warning: {w}"));
    }
    for f in &loaded.check.findings {
        terminal::warn(&format!("warning: {}", f.brief()));
    }
    if args.strict && !loaded.check.findings.is_empty() {
        anyhow::bail!(
            "--strict: check found {}; fix them or silence those the editor keeps with `check: allow`",
            loaded.check.summary()
        );
    }
    let stem = args
        .source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    // Each edition once, in the usual order, however often `--to` names it.
    let targets: Vec<_> = zhpress::Target::ALL
        .into_iter()
        .filter(|t| args.to.contains(t))
        .collect();
    let editions = zhpress::build(&loaded, &stem, &args.out, &targets)?;
    for w in editions.iter().flat_map(|e| &e.warnings) {
        terminal::warn(&format!("warning: {w}"));
    }
    for e in editions {
        terminal::out(&format!(
            "{}  {:>9} bytes  {:>6.3} s",
            e.path.display(),
            e.size,
            e.seconds
        ))?;
    }
    Ok(())
}

fn import(docx: PathBuf, out: PathBuf, changes: zhpress::import::Changes, force: bool) -> Result<()> {
    let options = zhpress::import::Options { changes, force };
    for line in zhpress::import::import(&docx, &out, &options)? {
        terminal::out(&line)?;
    }
    Ok(())
}

fn check(source: PathBuf, format: Format) -> Result<()> {
    let text = zhpress::input::source::read(&source)?;
    let parsed = zhpress::input::markdown::parse_with_warnings(&text, &source.display().to_string())?;
    for w in &parsed.warnings {
        terminal::warn(&format!("warning: {w}"));
    }
    let report = zhpress::check::check(&text, &parsed)?;
    match format {
        Format::Text => {
            let mut out = terminal::Out::new();
            for piece in report.text() {
                out.text(&piece)?;
            }
            out.finish()?;
        }
        Format::Json => {
            let mut out = terminal::Out::new();
            for piece in report.json() {
                out.json(&piece)?;
            }
            out.finish()?;
        }
    }
    match report.errors() {
        0 => Ok(()),
        n => anyhow::bail!("check found {n} error(s)"),
    }
}

fn ast(source: PathBuf) -> Result<()> {
    let text = zhpress::input::source::read(&source)?;
    let doc = zhpress::input::markdown::parse(&text, &source.display().to_string())?;
    terminal::out_json(&serde_json::to_string_pretty(&doc)?)?;
    Ok(())
}

fn verify(dir: PathBuf, source: Option<PathBuf>, stem: String) -> Result<()> {
    let doc = match &source {
        Some(path) => {
            let text = zhpress::input::source::read(path)?;
            Some(zhpress::input::markdown::parse(
                &text,
                &path.display().to_string(),
            )?)
        }
        None => None,
    };
    let stem = source
        .as_deref()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or(stem);
    let report = zhpress::verify::verify_dir(&dir, &stem, doc.as_ref())?;
    terminal::out(&format!("compared with: {}", report.origin))?;
    terminal::out(&format!(
        "{:<6} {:>8} {:>8} {:>10} {:>11}",
        "", "headings", "captions", "text runs", "differences"
    ))?;
    for r in &report.readings {
        let captions = r
            .captions
            .as_ref()
            .map_or("in text".to_string(), |c| c.len().to_string());
        let n = report.differences.iter().filter(|d| d.target == r.target).count();
        let name = r.target.extension().to_uppercase();
        terminal::out(&format!(
            "{name:<6} {:>8} {captions:>8} {:>10} {n:>11}",
            r.headings.len(),
            r.text.len()
        ))?;
    }
    if report.differences.is_empty() {
        terminal::out("all editions agree")?;
        return Ok(());
    }
    for d in &report.differences {
        terminal::warn(&d.to_string());
    }
    anyhow::bail!("{} difference(s) between the editions", report.differences.len())
}
