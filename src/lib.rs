//! zhpress: one Markdown source, one document model, three editions
//! (PDF for print, EPUB for e-readers, DOCX for editors).
//!
//! Each stage is a folder, in the order [`build`] runs them:
//! [`input`] reads the source, its front matter and Markdown into the
//! [`model`] and loads fonts ([`fonts`]) and images once; [`check`]
//! proofreads the model's text → the backends
//! [`pdf`], [`epub`] and [`docx`] render in parallel, sharing the [`style`]
//! (house style), the [`text`] rules and the [`pack`] helpers → [`output`]
//! writes the editions as one set. [`verify`] reads the editions back;
//! [`import`] is the way back: a DOCX, edited or not, into the model and a
//! Markdown source again; both read a Word package's parts through
//! [`ooxml`]. Every file any stage reads is opened through [`files`].

pub mod check;
pub mod docx;
pub mod epub;
pub mod files;
pub mod fonts;
pub mod import;
pub mod input;
pub mod model;
pub mod ooxml;
pub mod output;
pub mod pack;
pub mod pdf;
#[cfg(test)]
mod scratch;
pub mod style;
pub mod terminal;
pub mod text;
pub mod verify;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::input::assets::Assets;
use crate::input::{epoch, markdown, source};
use crate::model::{Document, PageMap};

/// One of the three editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Target {
    /// PDF for print.
    Pdf,
    /// EPUB 3 for e-readers.
    Epub,
    /// DOCX for editors.
    Docx,
}

impl Target {
    /// All editions, in the order they are reported.
    pub const ALL: [Target; 3] = [Target::Pdf, Target::Epub, Target::Docx];

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Target::Pdf => "pdf",
            Target::Epub => "epub",
            Target::Docx => "docx",
        }
    }

    /// Renders the document with this edition's backend.
    pub fn render(self, doc: &Document, assets: &Assets) -> Result<Vec<u8>> {
        match self {
            Target::Pdf => pdf::render(doc, assets),
            Target::Epub => epub::render(doc, assets, || print_page_map(doc, assets)),
            Target::Docx => docx::render(doc, assets),
        }
    }
}

/// Where the print edition's pages begin: the PDF laid out (not drawn) for
/// its [`PageMap`], which the EPUB marks as its page list.
pub fn print_page_map(doc: &Document, assets: &Assets) -> Result<PageMap> {
    Ok(pdf::lay_out(doc, assets)?.page_map())
}

/// A source read, parsed and with its assets loaded.
pub struct Loaded {
    /// The document model.
    pub doc: Document,
    /// Fonts, images and the build epoch.
    pub assets: Assets,
    /// Non-fatal findings, each naming `file:line`.
    pub warnings: Vec<String>,
    /// What the proofreading pass found in the text.
    pub check: check::Report,
    /// The files the build reads (source, images, fonts): no edition may
    /// be written over one of them.
    pub inputs: Vec<PathBuf>,
}

/// The font folder: `fonts/` in the current directory when it exists, else
/// the one shipped beside the project's manifest.
pub fn default_font_dir() -> PathBuf {
    let here = PathBuf::from("fonts");
    if here.join(fonts::SERIF_FILE).is_file() {
        here
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
    }
}

/// Reads and parses `source` and loads its fonts and images, with the build
/// epoch from `SOURCE_DATE_EPOCH` or the front matter.
pub fn load(source: &Path) -> Result<(Document, Assets)> {
    let loaded = load_with(source, &default_font_dir())?;
    Ok((loaded.doc, loaded.assets))
}

/// Like [`load`], with an explicit font folder, keeping the warnings.
pub fn load_with(source: &Path, font_dir: &Path) -> Result<Loaded> {
    let text = source::read(source)?;
    let name = source.display().to_string();
    let parsed = markdown::parse_with_warnings(&text, &name)?;
    let check = check::check(&text, &parsed)?;
    let env = std::env::var("SOURCE_DATE_EPOCH").ok();
    let epoch = epoch::build_epoch(env.as_deref(), &parsed.doc.meta)?;
    let dir = source.parent().unwrap_or(Path::new("."));
    let assets = Assets::load(&parsed.doc, dir, font_dir, epoch)?;
    let mut warnings = parsed.warnings;
    warnings.extend(pdf::layout::low_resolution_warnings(&parsed.doc, &assets));
    let mut inputs = vec![source.to_path_buf()];
    inputs.extend(assets.images.keys().map(|src| dir.join(src)));
    inputs
        .extend([fonts::SERIF_FILE, fonts::SERIF_BOLD_FILE, fonts::SANS_BOLD_FILE].map(|f| font_dir.join(f)));
    Ok(Loaded {
        doc: parsed.doc,
        assets,
        warnings,
        check,
        inputs,
    })
}

/// One edition written by [`build`].
pub struct Edition {
    /// Which edition.
    pub target: Target,
    /// Where it was written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: usize,
    /// How long its backend took, in seconds.
    pub seconds: f64,
    /// What its backend warns of, each naming the source and line (the
    /// PDF: a table row taller than a page, cut between its lines).
    pub warnings: Vec<String>,
}

/// An edition's bytes and its backend's warnings.
type Rendered = (Vec<u8>, Vec<String>);

/// Renders `targets` in parallel and, only when every one succeeded, writes
/// them to `out_dir/<stem>.<ext>` as one set (see [`output`]). A failed
/// build writes nothing; an edition that would overwrite an input is refused
/// before anything is rendered.
///
/// The print layout is made once: when both the PDF and the EPUB are built,
/// the PDF's thread hands where its pages begin to the EPUB's, which marks
/// them as its page list.
pub fn build(loaded: &Loaded, stem: &str, out_dir: &Path, targets: &[Target]) -> Result<Vec<Edition>> {
    for target in targets {
        let path = out_dir.join(format!("{stem}.{}", target.extension()));
        if let Some(input) = loaded.inputs.iter().find(|i| files::same_file(&path, i)) {
            anyhow::bail!(
                "{}: the {} edition would overwrite `{}`, an input of this build; choose another output folder",
                path.display(),
                target.extension().to_uppercase(),
                input.display()
            );
        }
    }
    let (doc, assets) = (&loaded.doc, &loaded.assets);
    let shared = targets.contains(&Target::Pdf) && targets.contains(&Target::Epub);
    let (pages_tx, pages_rx) = std::sync::mpsc::channel();
    let mut pages_tx = shared.then_some(pages_tx);
    let mut pages_rx = shared.then_some(pages_rx);
    let rendered: Vec<(Target, Result<Rendered>, f64)> = std::thread::scope(|s| {
        let handles: Vec<_> = targets
            .iter()
            .map(|&t| {
                let (tx, rx) = match t {
                    Target::Pdf => (pages_tx.take(), None),
                    Target::Epub => (None, pages_rx.take()),
                    Target::Docx => (None, None),
                };
                s.spawn(move || {
                    let start = Instant::now();
                    let bytes = match (t, rx) {
                        (Target::Pdf, _) => pdf::lay_out(doc, assets).and_then(|layout| {
                            if let Some(tx) = tx {
                                // The EPUB may have failed already; the PDF goes on.
                                let _ = tx.send(layout.page_map());
                            }
                            let bytes = pdf::render_laid_out(doc, assets, &layout)?;
                            Ok((bytes, layout.warnings))
                        }),
                        (_, Some(rx)) => epub::render(doc, assets, || {
                            rx.recv()
                                .map_err(|_| anyhow::anyhow!("the PDF layout failed (see the PDF edition)"))
                        })
                        .map(|bytes| (bytes, Vec::new())),
                        _ => t.render(doc, assets).map(|bytes| (bytes, Vec::new())),
                    };
                    (t, bytes, start.elapsed().as_secs_f64())
                })
            })
            .collect();
        // A backend that panics (a bug) fails its edition like an error:
        // nothing is written, and the message says which edition.
        handles
            .into_iter()
            .zip(targets)
            .map(|(h, &t)| {
                h.join().unwrap_or_else(|_| {
                    (
                        t,
                        Err(anyhow::anyhow!("internal error: the backend panicked")),
                        0.0,
                    )
                })
            })
            .collect()
    });
    let mut ready = Vec::new();
    for (target, bytes, seconds) in rendered {
        let bytes = bytes.with_context(|| {
            format!(
                "{}: the {} edition failed",
                loaded.doc.source_name,
                target.extension().to_uppercase()
            )
        })?;
        ready.push((target, bytes.0, bytes.1, seconds));
    }
    let _lock = output::lock_for_build(out_dir)?;
    let extensions: Vec<&str> = Target::ALL.iter().map(|t| t.extension()).collect();
    output::settle(out_dir, stem, &extensions)?;
    let files: Vec<(&str, &[u8])> = ready
        .iter()
        .map(|(target, bytes, _, _)| (target.extension(), bytes.as_slice()))
        .collect();
    let paths = output::publish(out_dir, stem, &files)?;
    Ok(ready
        .into_iter()
        .zip(paths)
        .map(|((target, bytes, warnings, seconds), path)| Edition {
            target,
            path,
            size: bytes.len(),
            seconds,
            warnings,
        })
        .collect())
}
