//! zhpress: one Markdown source, one document model, three editions
//! (PDF for print, EPUB for e-readers, DOCX for editors).

pub mod assets;
pub mod docx;
pub mod epub;
pub mod fonts;
pub mod linebreak;
pub mod model;
pub mod pdf;
pub mod subset;
