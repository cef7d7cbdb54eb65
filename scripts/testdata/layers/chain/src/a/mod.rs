mod b;

pub use b::Deep;
