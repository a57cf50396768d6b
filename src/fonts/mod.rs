//! The shared font service: the three faces are read once, checked to cover
//! every character the document uses, and handed to the backends.
//!
//! A file is mapped into memory rather than copied: the faces are 10–15 MB
//! each and a build touches only their tables and the glyphs it sets, so
//! copying the 40 MB was the largest cost of a build.

pub mod subset;

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use memmap2::Mmap;

use crate::model::{Document, Role};
use crate::style::{face_of, Face};

/// File names of the three faces inside the font folder.
pub const SERIF_FILE: &str = "NotoSerifSC-Regular.ttf";
/// Serif bold, for strong text in the body.
pub const SERIF_BOLD_FILE: &str = "NotoSerifSC-Bold.ttf";
/// Sans bold, for headings.
pub const SANS_BOLD_FILE: &str = "NotoSansSC-Bold.ttf";

/// One TrueType font file, read once.
#[derive(Clone)]
pub struct Font {
    /// The family name, as CSS and Word name it (e.g. `Noto Serif SC`).
    pub family: &'static str,
    /// Whether this face is bold.
    pub bold: bool,
    /// The file name inside the font folder.
    pub file_name: &'static str,
    /// The whole file, mapped read-only.
    pub data: Arc<Mmap>,
}

impl Font {
    /// Parses the face (cheap: ttf-parser reads lazily).
    pub fn face(&self) -> Result<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse(&self.data, 0)
            .map_err(|e| anyhow::anyhow!("font `{}` cannot be parsed: {e}", self.file_name))
    }
}

/// The loaded font files, one per [`Face`].
#[derive(Clone)]
pub struct Fonts {
    /// Body text and captions.
    pub serif: Font,
    /// Strong text in the body.
    pub serif_bold: Font,
    /// Headings, title.
    pub sans_bold: Font,
}

/// Checks that every table the font's directory lists lies inside the file:
/// a truncated download is named as such, not as a font of the wrong kind.
fn check_table_directory(data: &[u8]) -> Result<()> {
    let raw =
        ttf_parser::RawFace::parse(data, 0).map_err(|e| anyhow::anyhow!("is not a TrueType font: {e}"))?;
    for record in raw.table_records {
        let end = u64::from(record.offset) + u64::from(record.length);
        if end > data.len() as u64 {
            bail!(
                "is truncated or damaged: its `{}` table ends at byte {end}, the file at {}",
                record.tag,
                data.len()
            );
        }
    }
    Ok(())
}

impl Fonts {
    /// Reads the three files from `dir`.
    pub fn load(dir: &Path) -> Result<Fonts> {
        let read = |family, bold, file_name| -> Result<Font> {
            let path = dir.join(file_name);
            let cannot = || format!("cannot read font `{}`", path.display());
            let file = crate::files::open_regular(&path, crate::files::MAX_FONT_BYTES)
                .map_err(|e| anyhow::anyhow!("font `{}` {e}", path.display()))?;
            // SAFETY: the mapping is read-only and lives as long as the
            // `Font`; zhpress never writes font files. As with any mapped
            // file, another process rewriting a font during a build could
            // spoil that build's editions, and truncating it ends the
            // process (SIGBUS); fonts are not edited while a book builds.
            let data = unsafe { Mmap::map(&file) }.with_context(cannot)?;
            let font = Font {
                family,
                bold,
                file_name,
                data: Arc::new(data),
            };
            check_table_directory(&font.data)
                .map_err(|e| anyhow::anyhow!("font `{}` {e}", path.display()))?;
            let face = font.face()?;
            if face.tables().glyf.is_none() {
                bail!("font `{}` has no TrueType (glyf) outlines", path.display());
            }
            Ok(font)
        };
        Ok(Fonts {
            serif: read("Noto Serif SC", false, SERIF_FILE)?,
            serif_bold: read("Noto Serif SC", true, SERIF_BOLD_FILE)?,
            sans_bold: read("Noto Sans SC", true, SANS_BOLD_FILE)?,
        })
    }

    /// The file of `face`.
    pub fn get(&self, face: Face) -> &Font {
        match face {
            Face::Serif => &self.serif,
            Face::SerifBold => &self.serif_bold,
            Face::SansBold => &self.sans_bold,
        }
    }

    /// The file text of `role` is set in (the house style decides the face).
    pub fn for_role(&self, role: Role) -> &Font {
        self.get(face_of(role))
    }

    /// Fails on the first character that the face of its role lacks, naming
    /// it as `U+XXXX` with the source file and line. The title, subtitle and
    /// the level-2 mark are checked against the heading face.
    pub fn check_coverage(&self, doc: &Document) -> Result<()> {
        let faces = [
            self.serif.face()?,
            self.serif_bold.face()?,
            self.sans_bold.face()?,
        ];
        let face_for = |role: Role| {
            let i = Face::ALL.iter().position(|f| *f == face_of(role));
            &faces[i.expect("every face is loaded")]
        };
        let check = |text: &str, role: Role, what: &str| -> Result<()> {
            let face = face_for(role);
            for ch in text.chars() {
                if ch.is_control() {
                    continue;
                }
                if let Some(glyph) = face.glyph_index(ch) {
                    // A damaged font's cmap can point past its glyphs; the
                    // subsetters would read outside the glyph tables.
                    if glyph.0 >= face.number_of_glyphs() {
                        bail!(
                            "{what}: font `{}` is damaged: it maps U+{:04X} `{ch}` to glyph {}, but has only {} glyphs",
                            self.for_role(role).file_name,
                            ch as u32,
                            glyph.0,
                            face.number_of_glyphs()
                        );
                    }
                    continue;
                }
                bail!(
                    "{what}: character U+{:04X} `{ch}` is in none of the fonts ({} lacks it)",
                    ch as u32,
                    self.for_role(role).file_name
                );
            }
            Ok(())
        };
        let front = format!("{}: front matter", doc.source_name);
        check(&doc.meta.title, Role::Heading, &front)?;
        if let Some(s) = &doc.meta.subtitle {
            check(s, Role::Heading, &front)?;
        }
        if let Some(s) = &doc.meta.author {
            check(s, Role::Body, &front)?;
        }
        check(
            &crate::model::LEVEL2_MARK.to_string(),
            Role::Heading,
            "the level-2 mark",
        )?;
        for (f, caption) in doc
            .figures()
            .iter()
            .filter_map(|f| Some((f, f.caption.as_ref()?)))
        {
            let at = format!("{}:{}: the figure label", doc.source_name, f.line);
            check(&caption.label(), Role::Caption, &at)?;
        }
        for run in doc.text_runs() {
            check(run.text, run.role, &format!("{}:{}", doc.source_name, run.line))?;
        }
        Ok(())
    }
}
