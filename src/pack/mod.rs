//! Packaging shared by the zip-based editions (EPUB and DOCX): XML escaping,
//! anchored patches of library output, and the deterministic zip writer.

pub mod patch;
pub mod xml;
pub mod zip;
