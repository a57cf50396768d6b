//! The input stage: everything read from disk before the model is rendered.
//!
//! [`source`] reads the Markdown file, [`frontmatter`] its YAML header,
//! [`markdown`] turns the body into the [`crate::model`] ([`grid`] reads its
//! grid tables, [`table`] gives tables their captions and notes), [`assets`] loads the
//! fonts and images the model names, and [`epoch`] fixes the build date.
//! Every file is opened through [`crate::files`].

pub mod assets;
pub mod epoch;
pub mod frontmatter;
pub mod grid;
pub mod markdown;
pub mod source;
pub mod table;
