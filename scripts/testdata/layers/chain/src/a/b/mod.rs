mod c;

pub use self::c::Inner as Deep;
