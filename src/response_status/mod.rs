#![doc = include_str!("guide.md")]

mod names;
mod location;
mod challenge;
mod field;
mod response;

pub use challenge::{Challenge, ChallengeError};
pub use field::StatusHeader;
pub use location::{InvalidValue, Location};
pub use names::StatusField;
pub use response::{MAX_FIELDS, Redirect, StatusResponse, Validators, WriteBody, WriteOutcome};
