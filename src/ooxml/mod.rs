//! Reading the parts of a Word package: what `word/numbering.xml`,
//! `word/styles.xml`, the run properties, the relationship parts and the
//! grid of a table say,
//! with the standard's defaults applied once, here.
//!
//! Both ways a DOCX is read use it: [`crate::import`] (a DOCX into the
//! model) and [`crate::verify`] (the DOCX edition read back). It stands
//! below both and apart from the DOCX writer ([`crate::docx`]), so a check
//! of the edition does not read it with the writer's own code. It opens no
//! zip and parses no text: callers hand it parsed XML, each under its own
//! limits.

pub mod numbering;
pub mod rels;
pub mod runs;
pub mod styles;
pub mod table;
pub mod xml;
