mod low;
mod high;

pub use high::Thing;
