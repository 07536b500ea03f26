//! Tests of the hand-written runtime against HTTP servers on 127.0.0.1.
//!
//! One test binary with a module per concern, since each file under `tests/`
//! would be a binary of its own.

mod support;

mod config;
mod errors;
mod example;
mod limits;
mod pagination;
mod proxy;
mod rate_limit;
mod request_body;
mod retries;
mod scalars;
mod secrets;
