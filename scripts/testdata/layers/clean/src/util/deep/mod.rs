pub mod leaf;

pub use leaf::*;
