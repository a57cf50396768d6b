//! The `zhpress` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
use zhpress::Target;

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
    /// Print the document model as JSON.
    Ast {
        /// The Markdown source.
        #[arg(default_value = "source/summary.md")]
        source: PathBuf,
    },
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
}

impl Default for BuildArgs {
    fn default() -> Self {
        BuildArgs {
            source: "source/summary.md".into(),
            out: "output".into(),
            to: Target::ALL.to_vec(),
            fonts: None,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Build(BuildArgs::default())) {
        Command::Build(args) => build(args),
        Command::Ast { source } => ast(source),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn build(args: BuildArgs) -> Result<()> {
    let fonts = args.fonts.unwrap_or_else(zhpress::default_font_dir);
    let loaded = zhpress::load_with(&args.source, &fonts)?;
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
    let stem = args
        .source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    let mut targets = args.to;
    targets.dedup();
    for e in zhpress::build(&loaded, &stem, &args.out, &targets)? {
        println!("{}  {:>9} bytes  {:>6.3} s", e.path.display(), e.size, e.seconds);
    }
    Ok(())
}

fn ast(source: PathBuf) -> Result<()> {
    let text = zhpress::source::read(&source)?;
    let doc = zhpress::markdown::parse(&text, &source.display().to_string())?;
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}
