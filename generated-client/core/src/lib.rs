//! What the generated types of [`mews-connector`](https://docs.rs/mews-connector)
//! build on: the traits they implement, contract checks, builder markers,
//! scalars, update values, and the spec's shared types ([`common`]).
//!
//! Use it through `mews-connector`, which re-exports all of it. It is a
//! crate of its own so that the generated type crates (one per group of
//! resources) compile in parallel, and without waiting for the HTTP stack.

#![warn(missing_docs)]

pub mod builder;
pub mod contract;
pub mod operation;
pub mod scalar;
// Public only for generated code in other crates; not part of the API.
#[doc(hidden)]
pub mod object;
#[doc(hidden)]
pub mod sensitive;
#[doc(hidden)]
pub mod string_enum;
pub mod union;
pub mod update;

pub use contract::TimeUnit;
pub use scalar::{Base64Data, Decimal, HybridId, IsoDuration};
pub use union::UnknownVariant;

// Everything under `generated/` is written by `cargo xtask regen` from
// `spec/`: the modules every build compiles (`common`).
// `rustfmt::skip` keeps `cargo fmt` from reformatting prettyplease's output.
#[rustfmt::skip]
mod generated;
pub use generated::*;
