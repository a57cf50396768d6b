//! The DOCX backend (not yet built).

use anyhow::{bail, Result};

use crate::assets::Assets;
use crate::model::Document;

/// Renders the document as DOCX bytes.
pub fn render(_doc: &Document, _assets: &Assets) -> Result<Vec<u8>> {
    bail!("the DOCX edition is not built yet")
}
