//! A stand-in Mews Connector API for testing integrations built on
//! [`mews_connector`]: a local server on `127.0.0.1` that serves every
//! operation of the client's spec.
//!
//! ```no_run
//! use mews_connector::voucher_codes::{AddVoucherCodesRequest, GetAllVoucherCodesRequest};
//! use mews_connector_mock::{Failure, MockMews};
//! use std::time::Duration;
//!
//! # fn codes() -> Vec<mews_connector::voucher_codes::VoucherCode> { Vec::new() }
//! let mews = MockMews::start(); // a free port; stopped when dropped
//! mews.on::<GetAllVoucherCodesRequest>().items(codes()); // paged, newest first
//! mews.on::<AddVoucherCodesRequest>()
//!     .fail_next(Failure::too_many_requests(Duration::from_secs(1)));
//! let client = mews.client(); // or Client::builder(mews.environment(), mews.credentials())
//! // ... run the integration with `client`, then look at what it sent:
//! let adds: Vec<AddVoucherCodesRequest> = mews.requests::<AddVoucherCodesRequest>();
//! ```
//!
//! # What it does with a request
//!
//! Like Mews, in this order:
//! 1. A path that is not `/api/connector/v1/<operation>` of a served
//!    operation, or a method other than `POST`: `404`.
//! 2. A [`Failure`] the test scripted for this call, if any: `429` with
//!    `Retry-After`, `408`, a `5xx` with an HTML page, a dropped connection,
//!    an error of the test's choice, or a slow answer (which then goes on).
//! 3. A body that is not a JSON object: `400 Invalid JSON.`
//! 4. With [`MockMewsBuilder::rate_limit`], more requests for the access
//!    token than the limit allows in its sliding window: `429` with
//!    `Retry-After`.
//! 5. The envelope: a wrong client token or an unknown access token gets
//!    `401`, a missing client name `400`.
//! 6. The body, read as the operation's generated request type: a property
//!    missing or of the wrong type gets `400 Invalid <JSON path>.`
//! 7. Every contract, checked by the same
//!    [`Validate`](mews_connector::contract::Validate) code the client runs
//!    before sending (a portfolio access token requires `EnterpriseId` on
//!    writes): `400`, whose `Message` lists the JSON paths and whose
//!    `Details` has one line per violation, as
//!    [`Violation`](mews_connector::contract::Violation) displays it. So a
//!    request sent with [`Client::send_unchecked`] is refused path for path
//!    as [`Client::send`] would have refused it.
//! 8. `200` with the test's answer for the operation, or else the smallest
//!    response its type reads (optional properties left out, lists empty;
//!    an empty page for paginated operations).
//!
//! Error answers carry Mews' error body (`Message`, `RequestId`, `Details`)
//! and every answer a `Request-Id` header; the same id is on the
//! [`Received`] record.
//!
//! # Operations
//!
//! The served operations are those of `mews_connector`'s generated
//! [`for_each_operation`](mews_connector::for_each_operation): an operation
//! added to the spec is served with no other change. Operations generated
//! elsewhere (an overlay crate) are added with
//! [`MockMewsBuilder::operations`], or simply by configuring them with
//! [`MockMews::on`].
//!
//! # Time
//!
//! The stand-in runs on a thread and runtime of its own, so it serves any
//! test, async or not, whatever its runtime; its waits (slow answers, the
//! rate limit's window) are real time, not a paused tokio clock's. On a
//! paused clock, the client's own timeouts fire while it waits for any
//! server's answer: turn them off there
//! ([`ClientBuilder::attempt_timeout`]`(None)` and the like).

#![warn(missing_docs)]

mod catalogue;
mod envelope;
mod failure;
mod json_path;
mod minimal;
mod operation_mock;
mod record;
mod server;
mod state;

use std::collections::HashMap;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;

use mews_connector::operation::Operation;
use mews_connector::{Client, ClientBuilder, Credentials, Environment, RateLimit};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::oneshot;

pub use catalogue::Operations;
pub use failure::Failure;
pub use operation_mock::OperationMock;
pub use record::Received;

use state::{Config, Shared};

// The tokens look like Mews' (hex, no words): the client scrubs any piece of
// 8 characters or more of them from error texts, so a token holding a word
// or a run of zeros would hide parts of messages and request ids.

/// The client token the stand-in accepts unless told another
/// ([`MockMewsBuilder::client_token`]).
pub const CLIENT_TOKEN: &str = "7C3F9A2E5B8D4C1F6A0E3B7D9C2F5A8E-MOCK1D4B7E0A3C6F9B2E5D8A1C4F7B0E3";

/// An access token the stand-in always accepts, for one enterprise.
pub const ACCESS_TOKEN: &str = "4E8B2D6F0A3C7E1B5D9F2A6C0E4B8D3F-MOCK2A5C8E1B4D7F0A3C6E9B2D5F8A1C4";

/// An access token the stand-in always accepts as a portfolio access token:
/// writes must then name their `EnterpriseId`.
pub const PORTFOLIO_ACCESS_TOKEN: &str =
    "9A1D5C3F7B0E4A8C2F6D1B5E9A3C7F0D-MOCK3B6D9F2A5C8E1B4D7F0A3C6E9B1D7";

/// The client name of [`MockMews::credentials`].
pub const CLIENT_NAME: &str = "mews-connector-mock tests 1.0";

/// A stand-in Mews, listening on `127.0.0.1`; stopped when dropped.
///
/// Start one with [`MockMews::start`] (or [`MockMews::builder`]), build the
/// client under test with [`client`](Self::client) or
/// [`environment`](Self::environment) and [`credentials`](Self::credentials),
/// set answers and failures per operation with [`on`](Self::on), and look at
/// what arrived with [`requests`](Self::requests) and
/// [`received`](Self::received). All methods take `&self`, so a test may
/// change answers between calls.
pub struct MockMews {
    shared: Arc<Shared>,
    address: SocketAddr,
    environment: Environment,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockMews {
    /// Starts a stand-in on `127.0.0.1` at a free port, serving every
    /// operation of the client's spec, accepting [`CLIENT_TOKEN`] with
    /// [`ACCESS_TOKEN`] or [`PORTFOLIO_ACCESS_TOKEN`], without a rate limit.
    ///
    /// # Panics
    ///
    /// If it cannot listen on `127.0.0.1` or start its thread;
    /// [`MockMewsBuilder::try_start`] returns the error instead.
    pub fn start() -> MockMews {
        MockMews::builder().start()
    }

    /// Configures a stand-in before starting it.
    pub fn builder() -> MockMewsBuilder {
        MockMewsBuilder {
            client_token: CLIENT_TOKEN.to_owned(),
            access_tokens: HashMap::from([
                (ACCESS_TOKEN.to_owned(), false),
                (PORTFOLIO_ACCESS_TOKEN.to_owned(), true),
            ]),
            rate_limit: None,
            operations: vec![mews_connector::for_each_operation::<Operations>],
        }
    }

    /// Where it listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Its platform address, `http://127.0.0.1:<port>` (plain HTTP, which
    /// the client allows on loopback addresses only).
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The environment a client reaches it at.
    pub fn environment(&self) -> Environment {
        self.environment.clone()
    }

    /// Credentials it accepts: [`CLIENT_TOKEN`], [`ACCESS_TOKEN`] and
    /// [`CLIENT_NAME`].
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.shared.client_token(), ACCESS_TOKEN, CLIENT_NAME)
    }

    /// Credentials with its portfolio access token,
    /// [`PORTFOLIO_ACCESS_TOKEN`]; build the client with
    /// [`ClientBuilder::portfolio_access_token`] too.
    pub fn portfolio_credentials(&self) -> Credentials {
        Credentials::new(
            self.shared.client_token(),
            PORTFOLIO_ACCESS_TOKEN,
            CLIENT_NAME,
        )
    }

    /// A client builder for it, with [`credentials`](Self::credentials) and
    /// the client's defaults (retries and client-side rate limit included).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.environment(), self.credentials())
    }

    /// A client for it, with [`credentials`](Self::credentials) and the
    /// client's defaults.
    ///
    /// # Panics
    ///
    /// If the client cannot be built (its TLS set-up failed).
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a client for the stand-in")
    }

    /// What it does for operation `O`: answers, paging and failures. The
    /// operation is served from then on even if no `for_each_operation`
    /// listed it.
    pub fn on<O>(&self) -> OperationMock<'_, O>
    where
        O: Operation + DeserializeOwned + 'static,
        O::Response: Serialize,
    {
        self.shared.lock().operations.add::<O>();
        OperationMock::new(&self.shared)
    }

    /// Fails the next call, whatever its operation (after the failures
    /// scripted for that operation with [`OperationMock::fail_next`]).
    /// Failures queue: each call takes one.
    pub fn fail_next(&self, failure: Failure) -> &Self {
        self.shared.lock().next_failures.push_back(failure);
        self
    }

    /// Every request it received, in the order they arrived.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().received.clone()
    }

    /// The requests of operation `O` that read as its request type, in the
    /// order they arrived, whatever the answer (refused ones included; see
    /// [`Received`] for their status).
    pub fn requests<O: Operation + Clone + 'static>(&self) -> Vec<O> {
        self.shared
            .lock()
            .received
            .iter()
            .filter_map(|r| r.request::<O>().cloned())
            .collect()
    }

    /// Forgets every answer, failure and record; the operations stay served.
    pub fn reset(&self) {
        let mut state = self.shared.lock();
        state.behaviours.clear();
        state.next_failures.clear();
        state.received.clear();
    }
}

impl fmt::Debug for MockMews {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockMews")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl Drop for MockMews {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        // Its runtime ends with the thread, taking every connection along,
        // so the port is closed when `drop` returns.
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Configures a [`MockMews`]; from [`MockMews::builder`].
#[must_use = "a builder does nothing until `start` is called"]
pub struct MockMewsBuilder {
    client_token: String,
    access_tokens: HashMap<String, bool>,
    rate_limit: Option<RateLimit>,
    operations: Vec<fn(&mut Operations)>,
}

impl MockMewsBuilder {
    /// The client token it accepts, instead of [`CLIENT_TOKEN`].
    pub fn client_token(mut self, token: impl Into<String>) -> Self {
        self.client_token = token.into();
        self
    }

    /// Accepts another access token, for one enterprise.
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_tokens.insert(token.into(), false);
        self
    }

    /// Accepts another access token, as a portfolio access token: writes
    /// must then name their `EnterpriseId`.
    pub fn portfolio_access_token(mut self, token: impl Into<String>) -> Self {
        self.access_tokens.insert(token.into(), true);
        self
    }

    /// Refuses, with `429` and `Retry-After`, a request that would make more
    /// than `limit` allows per access token: [`RateLimit::MEWS`] is Mews'
    /// 200 requests in any 30 s. Counted are the requests that got past it,
    /// as they arrive.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Also serves the operations a generated `for_each_operation` lists,
    /// e.g. an overlay crate's: `.operations(my_overlay::for_each_operation)`.
    pub fn operations(mut self, for_each_operation: fn(&mut Operations)) -> Self {
        self.operations.push(for_each_operation);
        self
    }

    /// Starts it.
    ///
    /// # Panics
    ///
    /// If it cannot listen on `127.0.0.1` or start its thread; see
    /// [`try_start`](Self::try_start).
    pub fn start(self) -> MockMews {
        self.try_start()
            .unwrap_or_else(|e| panic!("could not start the stand-in Mews: {e}"))
    }

    /// Starts it, or says why it could not.
    pub fn try_start(self) -> std::io::Result<MockMews> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let environment = Environment::custom(&format!("http://{address}"))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let mut operations = Operations::new();
        for each in &self.operations {
            each(&mut operations);
        }
        let config = Config {
            client_token: self.client_token,
            access_tokens: self.access_tokens,
            rate_limit: self.rate_limit,
        };
        let shared = Arc::new(Shared::new(config, operations));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (shutdown, stop) = oneshot::channel();
        let served = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("mews-mock-{}", address.port()))
            .spawn(move || runtime.block_on(server::serve(listener, served, stop)))?;
        Ok(MockMews {
            shared,
            address,
            environment,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }
}

impl fmt::Debug for MockMewsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockMewsBuilder")
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

/// Reads test data from JSON as a generated type, e.g. a `VoucherCode` for
/// [`OperationMock::items`]: response types are `#[non_exhaustive]`, so
/// JSON, as Mews writes it, is how a test makes them.
///
/// It reads from the JSON's text, as the client reads answers, so exact
/// decimals keep their digits.
///
/// # Panics
///
/// If `json` does not read as `T`, naming the JSON path and the reason.
pub fn from_json<T: DeserializeOwned>(json: serde_json::Value) -> T {
    let text = json.to_string();
    serde_json::from_str(&text).unwrap_or_else(|e| {
        let located = json_path::locate(&text, &e);
        panic!(
            "test data does not read as `{}`: `{}`: {}",
            std::any::type_name::<T>(),
            json_path::render(&located.at),
            located.message
        )
    })
}

/// The smallest value of a generated type: required properties hold empty
/// or zero values (`""`, `0`, `false`, the nil uuid, 2000-01-01), optional
/// ones are left out and lists are empty. It is what the stand-in answers
/// when a test gave nothing, and a start for test data whose fields are then
/// set, as response types are `#[non_exhaustive]` but their fields public:
///
/// ```
/// use mews_connector::voucher_codes::VoucherCode;
///
/// let mut code: VoucherCode = mews_connector_mock::smallest();
/// code.id = uuid::Uuid::from_u128(1);
/// code.value = Some("SUMMER-2025".into());
/// ```
///
/// # Panics
///
/// If no JSON made of those values reads as `T` (see [`from_json`] then).
pub fn smallest<T: DeserializeOwned>() -> T {
    let found = minimal::smallest_json::<T>()
        .and_then(|json| serde_json::from_slice(&json).map_err(|e| format!("{e}")));
    found.unwrap_or_else(|why| panic!("{why}"))
}

#[cfg(test)]
mod every_operation;
