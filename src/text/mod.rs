//! Text rules that are not about one format: Unicode character classes and
//! Chinese line breaking. Pure functions, unit tested; the PDF lays out lines
//! with them, and the EPUB CSS and DOCX paragraph settings express the same
//! rules.

pub mod classes;
pub mod linebreak;
pub mod measure;
