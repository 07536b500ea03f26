//! A validated client for the [Mews Connector API](https://docs.mews.com/connector-api).
//!
//! One module per Mews resource ([`voucher_codes`], [`vouchers`], and the
//! shared [`common`]) holds the request and response types, generated from
//! the project's YAML spec; [`Client`] sends them. A module's page starts
//! with its operations; the builders, started by each type's `builder()`,
//! are in its `builders` submodule ([`voucher_codes::builders`]).
//!
//! ```no_run
//! use mews_connector::common::Limitation;
//! use mews_connector::voucher_codes::GetAllVoucherCodesRequest;
//! use mews_connector::{Client, Credentials, Environment};
//! use futures_util::TryStreamExt;
//!
//! # async fn demo(voucher: uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(
//!     Environment::Demo,
//!     Credentials::new("<client token>", "<access token>", "my-integration 1.0"),
//! )?;
//! let request = GetAllVoucherCodesRequest::builder()
//!     .voucher_ids([voucher])
//!     .limitation(Limitation::builder().count(1000).build())
//!     .build();
//! let mut codes = client.voucher_codes().get_all_items(request);
//! while let Some(code) = codes.try_next().await? {
//!     println!("{} {:?}", code.id, code.value);
//! }
//! # Ok(()) }
//! ```
//!
//! # What is checked where
//!
//! **At compile time**, by the types:
//! - Every required property: requests and their nested parameter objects
//!   are made with builders whose `build()` exists only once each required
//!   property is set. Leaving one out fails with a message naming it.
//! - Property types (UUIDs, timestamps, enums), and deprecations:
//!   deprecated properties, values and operations carry `#[deprecated]`.
//! - Update values: `set_x(v)` and, where the value may be cleared,
//!   `clear_x()`; a property not touched is not sent and keeps its value.
//!   A required update value must be set or cleared before `build()`.
//! - Mutually exclusive parameter sets: such a request takes one set, an
//!   enum, chosen once on its builder.
//!
//! **Before sending**, by [`contract::Validate`], on every request: list
//! lengths (Mews refuses empty filter lists, so `min_items: 1` is checked
//! too), string lengths in UTF-16 code units (how .NET counts), numeric
//! ranges (`Limitation.Count` is 1 to 1000), time intervals (start not after
//! end, at most N calendar months), pricing and availability windows (at
//! most N time units, by the service's time unit given to the builder as
//! [`TimeUnit`], or what no unit allows without it), and the one enterprise or chain acted on
//! (`EnterpriseId`, `ChainId`) when the client uses a portfolio access token.
//! A refused request is never sent;
//! the error, [`Error::Contract`], lists *every* violation with its JSON path,
//! rule, limit and actual value. Call [`contract::Validate::check_contracts`]
//! to check a request yourself.
//!
//! **Escape hatch**: [`Client::send_unchecked`] sends a request without the
//! contract checks, for the day Mews accepts something this version of the
//! spec does not. Required properties stay required.
//!
//! **Sending** is bounded: every call has a deadline, success bodies a size
//! limit, and streams of pages an optional page limit
//! ([`Pages::max_pages`]); retries, the rate limit, proxies and redirects
//! are described on [`ClientBuilder`], [`RetryPolicy`] and [`RateLimiter`],
//! which also give the defaults.
//!
//! **Values are kept exactly**: money is a [`Decimal`] read from the JSON
//! number's own digits and written back with them (never through `f64`);
//! ISO 8601 durations ([`IsoDuration`]) keep their text and expose their
//! parts; hybrid identifiers ([`HybridId`]) are a uuid or `eid:` and an
//! external id; base64 data ([`Base64Data`]) is bytes in Rust. See [`scalar`].
//!
//! **Responses** are read tolerantly: unknown properties are ignored, enum
//! values this version does not know are kept as `Unknown(String)`
//! (`Unrecognized(String)` in an enum where Mews itself lists `Unknown`),
//! union discriminators it does not know keep their object whole in an
//! [`UnknownVariant`] (see [`union`]), and properties the documentation
//! calls required but the API may leave out (see `tolerate_absent` in the
//! spec) are `Option`s.
//!
//! # Cargo features
//!
//! - One feature per resource module, named after it (`vouchers`,
//!   `reservations`, ...), and `full`, on by default, which turns them all
//!   on. A program that calls a few resources compiles only those: with
//!   `default-features = false, features = ["vouchers"]` the crate builds in
//!   a fraction of the time (docs/PERFORMANCE.md). A feature turns on the
//!   modules whose types its own use (`vouchers` turns on `voucher_codes`);
//!   `common` and the runtime are always compiled. Each module's page names
//!   its feature; the list is in the crate's `Cargo.toml`.
//! - The types are compiled in crates of their own (`mews-connector-core`,
//!   `-shared`, `-linked`, `-standalone`), which cargo builds in parallel;
//!   this crate re-exports them, so depend on `mews-connector` alone and
//!   name everything through it. Their names can appear in compiler
//!   messages (`mews_connector_core::builder::Unset`).
//! - `roundtrip` (off by default): the serde directions the client does not
//!   use itself. Without it, request types implement `Serialize` and
//!   response types `Deserialize`, which is all sending needs; with it, every
//!   type implements both, to log or cache responses as JSON, load requests
//!   from JSON, or visit every operation with `for_each_operation` (the mock
//!   server and the conformance check do). It is off because the other
//!   direction of ~650 types adds 10–30% to the crate's compile time.

#![warn(missing_docs)]

// What the generated code builds on, from `mews-connector-core`: the
// traits it implements, contract checks, builder markers, value types,
// update values.
pub use mews_connector_core::{builder, contract, operation, scalar, union, update};
// Public only for generated code in other crates (the shape fixtures of
// `tests/shapes`); not part of the API.
#[doc(hidden)]
pub use mews_connector_core::{object, sensitive, string_enum};

// Sending requests: client, configuration, errors, retries, rate limit, pagination.
pub mod client;
pub mod config;
pub mod error;
pub mod paginate;
pub mod rate_limit;
pub mod retry;

pub use client::{Client, ClientBuilder};
pub use config::{ConfigError, Credentials, Environment, Locale, PlatformAddress};
pub use error::{
    ApiError, ApiErrorKind, DecodeError, Error, PageLimitError, RepeatedCursorError,
    ResponseTooLargeError, TransportError,
};
pub use mews_connector_core::{
    Base64Data, Decimal, HybridId, IsoDuration, TimeUnit, UnknownVariant,
};
pub use paginate::{Items, Pages};
pub use rate_limit::{RateLimit, RateLimiter};
pub use retry::RetryPolicy;

// Everything under `generated/` is written by `cargo xtask regen` from `spec/`.
// `rustfmt::skip` keeps `cargo fmt` from reformatting prettyplease's output.
#[rustfmt::skip]
mod generated;
pub use generated::*;
