//! The RON loader: bytes on disk to a [`Document`](crate::span::Document).

mod parser;

pub use parser::{parse, ParseError};
