//! Adapters to the ecosystem's types, each behind its feature: [`http`]
//! (the `http` crate: hyper, axum; with feature `response`, the whole
//! response in one call), [`tower`] (a layer for any tower service),
//! [`axum`] (an extractor and `IntoResponse`) and [`actix`] (actix-web 4,
//! which has its own `http` 0.2 types: reading the request, the whole
//! response). They use `std` and never touch the core.
//! Named under `adapters` so that `use conneg::*` does not shadow the `http`
//! crate.
//!
#![cfg_attr(feature = "http", doc = "[`http`]: self::http")]
#![cfg_attr(not(feature = "http"), doc = "[`http`]: crate#crate-features")]
#![cfg_attr(feature = "tower", doc = "[`tower`]: self::tower")]
#![cfg_attr(not(feature = "tower"), doc = "[`tower`]: crate#crate-features")]
#![cfg_attr(feature = "axum", doc = "[`axum`]: self::axum")]
#![cfg_attr(not(feature = "axum"), doc = "[`axum`]: crate#crate-features")]
#![cfg_attr(feature = "actix", doc = "[`actix`]: self::actix")]
#![cfg_attr(not(feature = "actix"), doc = "[`actix`]: crate#crate-features")]

#[cfg(any(feature = "response", feature = "actix"))]
mod frames;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
pub mod actix;
