mod low;
mod a;
mod top;

pub use a::Deep;
