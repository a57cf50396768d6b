//! The integration tests, one test binary with a module per area: one link
//! of the library and its dependencies instead of one per file keeps
//! `target/` small. Run one area with `cargo test --test suite pdf::`.

mod bad_inputs;
mod check;
mod cli;
mod common;
mod docx;
mod docx_tables;
mod editions;
mod engines;
mod epub;
mod epub_tables;
mod fuzz;
mod hostile;
mod import;
mod layout;
mod pdf;
mod pictures_docx;
mod pictures_epub;
mod pictures_import;
mod pictures_pdf;
mod source;
mod tables_pdf;
mod wml_schema;
