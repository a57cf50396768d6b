//! The EPUB backend (not yet built).

use anyhow::{bail, Result};

use crate::assets::Assets;
use crate::model::Document;

/// Renders the document as EPUB bytes.
pub fn render(_doc: &Document, _assets: &Assets) -> Result<Vec<u8>> {
    bail!("the EPUB edition is not built yet")
}
