//! A validated client for the [Mews Connector API](https://docs.mews.com/connector-api).
//!
//! (Crate documentation is completed as the runtime lands.)

#![warn(missing_docs)]

pub mod builder;
pub mod contract;
pub mod operation;
mod string_enum;
pub mod update;

// Hand-written runtime modules (client, errors, retries, rate limit, pagination).
// RUNTIME-MODULES-BEGIN
pub mod client;
pub mod config;
mod envelope; // TEMPORARY until crate::common::Envelope is generated
pub mod error;
pub mod paginate;
pub mod rate_limit;
pub mod retry;
pub use client::{Client, ClientBuilder};
pub use config::{ConfigError, Credentials, Environment, Locale, PlatformAddress};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, RepeatedCursorError, TransportError};
pub use paginate::{Items, Pages};
pub use rate_limit::{RateLimit, RateLimiter};
pub use retry::RetryPolicy;
// RUNTIME-MODULES-END

// Everything under `generated/` is written by `cargo xtask regen` from `spec/`.
// `rustfmt::skip` keeps `cargo fmt` from reformatting prettyplease's output.
#[rustfmt::skip]
mod generated;
pub use generated::*;
