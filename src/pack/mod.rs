//! Packaging shared by the zip-based editions (EPUB and DOCX): XML escaping
//! and the deterministic zip writer.

pub mod xml;
