//! The client: its configuration, and sending one request through the rate
//! limit and the retry policy.
//!
//! ```no_run
//! use mews_connector::{Client, Credentials, Environment, Locale};
//!
//! # fn main() -> Result<(), mews_connector::ConfigError> {
//! let client = Client::builder(
//!     Environment::Demo,
//!     Credentials::new("<client token>", "<access token>", "My Integration 1.0.0"),
//! )
//! .locale(Locale::new("en-US", "en-US")?)
//! .build()?;
//! # let _ = client;
//! # Ok(())
//! # }
//! ```
//!
//! A [`Client`] is cheap to clone; clones share the connection pool and the
//! rate limit. Each call checks the request's contracts, then, per attempt,
//! waits for the rate limiter, POSTs the JSON body and reads the answer (up
//! to the response size limit); a failed attempt is repeated as the
//! [`RetryPolicy`] allows, all within the call's deadline. The defaults are
//! listed on [`ClientBuilder`].

use std::any::TypeId;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, RETRY_AFTER};

use crate::common::Envelope;
use crate::config::{ConfigError, Credentials, Environment, Locale};
use crate::error::{
    ApiError, ApiErrorKind, DecodeError, Error, ErrorBody, REQUEST_ID_CHARS, ResponseTooLargeError,
    TransportError, cut,
};
use crate::operation::{Empty, Operation, Paginated};
use crate::paginate::{InFlight, Items, Pages};
use crate::rate_limit::{RateLimit, RateLimiter, deadline};
use crate::retry::{Failure, RetryPolicy, parse_retry_after};

/// The default time allowed to open a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default time allowed for one attempt, from sending to the end of the
/// answer: 60 s.
///
/// Mews documents no server-side timeout: it answers a request that is too
/// heavy to prepare with a `408` (which says to ask for less data), typically
/// after tens of seconds. A minute lets that answer arrive rather than be cut
/// short by a local timeout (and is where many proxies and load balancers
/// give up on an idle connection anyway), while ending an attempt that has
/// stalled; change it with [`ClientBuilder::attempt_timeout`].
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default time allowed for a whole call (its deadline): 120 s.
///
/// It covers the rate-limit waits, every attempt and the waits between
/// them, so that no call takes longer than this whatever the server does: a
/// silent server is given up on after two minutes, not after three whole
/// attempts. That leaves room for one full attempt and a retry, or for a
/// `429`'s longest honoured `Retry-After` (60 s by default) and the attempt
/// after it. Pages of a stream each have their own deadline. A program that
/// queues many calls at once on one access token should bound how many it
/// runs together, or raise this, as waiting for the rate limit counts too;
/// change it with [`ClientBuilder::operation_timeout`].
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// The default most a success answer's body may hold: 64 MiB.
///
/// The largest legitimate answer is a page of 1000 items (the largest
/// `Count`) with its extents: even at several KiB per item and a few related
/// lists, that is a few tens of MiB, so 64 MiB leaves ample room while
/// keeping a broken or hostile server from filling memory. Change it with
/// [`ClientBuilder::response_size_limit`].
pub const DEFAULT_RESPONSE_SIZE_LIMIT: usize = 64 * 1024 * 1024;

/// How much of an error answer is read; Mews' error objects are tiny.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// A client of the Mews Connector API.
///
/// Build one with [`Client::builder`]; clone it freely. The generated
/// per-operation methods (e.g. `client.voucher_codes().get_all(request)`)
/// call [`send`](Self::send), [`pages`](Self::pages) and
/// [`items`](Self::items).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    environment: Environment,
    /// `{platform address}/api/connector/v1/`, ready for an operation path.
    api_base: String,
    credentials: Credentials,
    locale: Option<Locale>,
    portfolio: bool,
    retry: RetryPolicy,
    limiter: Option<RateLimiter>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    response_size_limit: usize,
}

impl Client {
    /// Starts configuring a client for `environment` with `credentials`.
    pub fn builder(environment: Environment, credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            environment,
            credentials,
            portfolio: false,
            locale: None,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitChoice::Shared(RateLimit::MEWS),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            attempt_timeout: Some(DEFAULT_ATTEMPT_TIMEOUT),
            operation_timeout: Some(DEFAULT_OPERATION_TIMEOUT),
            response_size_limit: DEFAULT_RESPONSE_SIZE_LIMIT,
        }
    }

    /// A client with the default configuration.
    pub fn new(environment: Environment, credentials: Credentials) -> Result<Self, ConfigError> {
        Client::builder(environment, credentials).build()
    }

    /// The environment requests go to.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// The credentials sent with each request (their `Debug` hides the
    /// tokens).
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// Whether the access token is a portfolio access token.
    pub fn is_portfolio(&self) -> bool {
        self.inner.portfolio
    }

    /// The language and culture sent with each request, if any.
    pub fn locale(&self) -> Option<&Locale> {
        self.inner.locale.as_ref()
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The rate limiter, unless rate limiting is off.
    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.inner.limiter.as_ref()
    }

    /// Checks the request's contracts and, if it keeps them all, sends it.
    ///
    /// A request that breaks a contract fails with [`Error::Contract`]
    /// without any network traffic.
    pub async fn send<O: Operation>(&self, request: O) -> Result<O::Response, Error> {
        request.check_contracts(self.inner.portfolio)?;
        self.send_unchecked(request).await
    }

    /// Sends the request without checking its contracts: the escape hatch for
    /// when Mews accepts what the documented contracts forbid.
    pub async fn send_unchecked<O: Operation>(&self, request: O) -> Result<O::Response, Error> {
        let call = self.prepare(&request)?;
        let reply = self.execute(call).await?;
        self.decode::<O>(reply)
    }

    /// The pages of a paginated operation, as a stream; see [`Pages`].
    pub fn pages<P: Paginated>(&self, request: P) -> Pages<P> {
        Pages::new(self.clone(), request)
    }

    /// The items of every page of a paginated operation, as a stream; see
    /// [`Items`].
    pub fn items<P: Paginated>(&self, request: P) -> Items<P> {
        Items::new(self.pages(request))
    }

    /// Turns a request into its JSON body.
    pub(crate) fn prepare<O: Operation>(&self, request: &O) -> Result<Call, Error> {
        let inner = &*self.inner;
        let envelope = Envelope {
            client_token: inner.credentials.client_token(),
            access_token: inner.credentials.access_token(),
            client: inner.credentials.client(),
            language_code: inner.locale.as_ref().map(Locale::language_code),
            culture_code: inner.locale.as_ref().map(Locale::culture_code),
            body: request,
        };
        let body = serde_json::to_vec(&envelope).map_err(Error::Encode)?;
        Ok(Call {
            operation: O::PATH,
            safe_to_retry: O::SAFE_TO_RETRY,
            body: Bytes::from(body),
        })
    }

    /// Runs a prepared call on a clone of the client, so the future owns
    /// everything it needs (the pager keeps it across polls).
    pub(crate) fn start(&self, call: Call) -> InFlight {
        let client = self.clone();
        Box::pin(async move { client.execute(call).await })
    }

    /// Reads a success answer as the operation's response.
    pub(crate) fn decode<O: Operation>(&self, reply: Reply) -> Result<O::Response, Error> {
        let decode_error = |reason: String| {
            Error::Decode(DecodeError {
                operation: reply.operation,
                status: reply.status,
                request_id: reply.request_id.clone(),
                reason,
            })
        };
        if reply.status == 204 {
            return O::empty_response().ok_or_else(|| {
                decode_error("204 No Content is not a legal answer to this operation".into())
            });
        }
        if reply.body.iter().all(u8::is_ascii_whitespace) {
            // Only a result with nothing in it may come as nothing: an empty
            // 200 to a read (a broken proxy's, say) must not pass for "no
            // items", or a sync would think everything was deleted.
            let nothing_to_say = TypeId::of::<O::Response>() == TypeId::of::<Empty>();
            if let Some(empty) = O::empty_response().filter(|_| nothing_to_say) {
                return Ok(empty);
            }
            return Err(decode_error(format!(
                "the {} answer is empty; only 204 No Content may stand for an empty result",
                reply.status
            )));
        }
        serde_json::from_slice(&reply.body)
            .map_err(|e| decode_error(self.inner.credentials.redact(&e.to_string())))
    }

    /// Runs the attempts of a call, within the operation timeout if one is
    /// set.
    async fn execute(&self, call: Call) -> Result<Reply, Error> {
        match self.inner.operation_timeout {
            None => self.attempts(&call).await,
            Some(limit) => tokio::time::timeout(limit, self.attempts(&call))
                .await
                .unwrap_or_else(|_| {
                    Err(Error::Transport(TransportError::operation_timeout(
                        call.operation,
                        limit,
                    )))
                }),
        }
    }

    async fn attempts(&self, call: &Call) -> Result<Reply, Error> {
        let inner = &*self.inner;
        let mut attempt = 1;
        let mut request_timeouts = 0;
        loop {
            // Mews counts requests as they arrive, which may be well after
            // they set off (a slow connection): the slot is held until the
            // answer is in (or the attempt is given up), and its window
            // starts then.
            let slot = match &inner.limiter {
                Some(limiter) => Some(limiter.acquire().await),
                None => None,
            };
            let outcome = self.attempt(call).await;
            drop(slot);
            let (error, failure) = match outcome {
                Ok(reply) => return Ok(reply),
                Err(failed) => failed,
            };
            if let (
                Failure::Status {
                    status: 429,
                    retry_after: Some(wait),
                },
                Some(limiter),
            ) = (failure, &inner.limiter)
            {
                // Mews asked the whole access token to wait, not just this
                // call: hold back every caller, whether or not this one
                // retries. An implausibly long wait is left to the caller.
                if wait <= inner.retry.max_retry_after() {
                    // A cap of `Duration::MAX` lets any wait through, even
                    // one no clock can add: that one ends at the far future.
                    limiter.pause_until(deadline(tokio::time::Instant::now(), wait));
                }
            }
            let decision =
                inner
                    .retry
                    .decide(attempt, call.safe_to_retry, &failure, request_timeouts);
            if let Failure::Status { status: 408, .. } = failure {
                request_timeouts += 1;
            }
            let Some(wait) = decision else {
                return Err(error);
            };
            tracing::debug!(operation = call.operation, attempt, ?wait, %error, "retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One exchange: a success answer, or the error with what retrying needs
    /// to know about it.
    async fn attempt(&self, call: &Call) -> Result<Reply, (Error, Failure)> {
        let inner = &*self.inner;
        let operation = call.operation;
        let transport = |e: reqwest::Error| {
            let e = TransportError::from_reqwest(operation, e);
            let failure = Failure::Transport {
                not_sent: e.not_sent(),
                permanent: e.is_permanent(),
            };
            tracing::debug!(operation, error = %e, "no answer");
            (Error::Transport(e), failure)
        };

        let mut request = inner
            .http
            .post(format!("{}{}", inner.api_base, operation))
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .body(call.body.clone());
        if let Some(limit) = inner.attempt_timeout {
            request = request.timeout(limit);
        }
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        // Cut short and scrubbed like all text from the server, in case it
        // echoes a token.
        let request_id_text = |id: String| inner.credentials.redact(&cut(&id, REQUEST_ID_CHARS));
        let request_id = header_text(response.headers(), "request-id").map(request_id_text);
        tracing::debug!(
            operation,
            status,
            request_id = request_id.as_deref(),
            "answer"
        );

        if response.status().is_success() {
            let too_large = |request_id| {
                let e = ResponseTooLargeError {
                    operation,
                    status,
                    request_id,
                    limit: inner.response_size_limit as u64,
                };
                tracing::debug!(operation, error = %e, "answer too large");
                (Error::ResponseTooLarge(e), Failure::Final)
            };
            return match read_limited(response, inner.response_size_limit).await {
                Ok(Some(body)) => Ok(Reply {
                    operation,
                    status,
                    request_id,
                    body,
                }),
                Ok(None) => Err(too_large(request_id)),
                Err(e) => Err(transport(e)),
            };
        }

        let retry_after = header_text(response.headers(), RETRY_AFTER.as_str())
            .and_then(|v| parse_retry_after(&v, chrono::Utc::now()));
        let body = read_capped(response, ERROR_BODY_LIMIT).await;
        // Scrub before parsing, so no excerpt can hold part of a token; and
        // after, as JSON escapes (`\u0041`) may spell one.
        let body = inner.credentials.redact(&String::from_utf8_lossy(&body));
        let parsed = ErrorBody::parse(body.as_bytes());
        let scrub = |text: Option<String>| text.map(|t| inner.credentials.redact(&t));
        let error = ApiError {
            operation,
            status,
            kind: ApiErrorKind::from_status(status),
            message: scrub(parsed.message),
            request_id: request_id.or(parsed.request_id.map(request_id_text)),
            details: scrub(parsed.details.or(parsed.unparsed)),
            retry_after,
        };
        Err((
            Error::Api(error),
            Failure::Status {
                status,
                retry_after,
            },
        ))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("environment", &inner.environment)
            .field("credentials", &inner.credentials)
            .field("portfolio", &inner.portfolio)
            .field("locale", &inner.locale)
            .field("retry", &inner.retry)
            .field("rate_limiter", &inner.limiter)
            .field("attempt_timeout", &inner.attempt_timeout)
            .field("operation_timeout", &inner.operation_timeout)
            .field("response_size_limit", &inner.response_size_limit)
            .finish_non_exhaustive()
    }
}

/// A request ready to go: the operation and its JSON body.
pub(crate) struct Call {
    pub(crate) operation: &'static str,
    pub(crate) safe_to_retry: bool,
    /// Cheap to clone for each attempt.
    pub(crate) body: Bytes,
}

/// A success answer, not yet decoded.
pub(crate) struct Reply {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Bytes,
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Reads the whole body as it arrives, or `None` as soon as it is known to
/// hold more than `limit` bytes (from `Content-Length`, before reading any).
async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Option<Bytes>, reqwest::Error> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Ok(None);
    }
    // Most bodies come in one chunk: then it is the body, without a copy.
    let Some(first) = response.chunk().await? else {
        return Ok(Some(Bytes::new()));
    };
    if first.len() > limit {
        return Ok(None);
    }
    let Some(second) = response.chunk().await? else {
        return Ok(Some(first));
    };
    // A declared length is within the limit, so it may size the buffer.
    let expected = declared.map_or(0, |length| length as usize);
    let mut body = Vec::with_capacity(expected.max(first.len() + second.len()));
    let mut next = Some(second);
    body.extend_from_slice(&first);
    while let Some(chunk) = next {
        if chunk.len() > limit - body.len() {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(Some(Bytes::from(body)))
}

/// Reads at most `limit` bytes of the body; a read error ends it early, as
/// the status already says what went wrong.
async fn read_capped(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.extend_from_slice(&chunk[..chunk.len().min(limit - body.len())])
            }
            Ok(None) | Err(_) => break,
        }
    }
    body
}

/// How a [`Client`] is configured; from [`Client::builder`].
///
/// Defaults: no locale, not a portfolio token, [`RetryPolicy::default`]
/// (at most 3 attempts), [`RateLimit::MEWS`] shared per access token, a
/// connect timeout of [`DEFAULT_CONNECT_TIMEOUT`] (10 s), an attempt timeout
/// of [`DEFAULT_ATTEMPT_TIMEOUT`] (60 s), an operation timeout (a deadline
/// for the whole call) of [`DEFAULT_OPERATION_TIMEOUT`] (120 s), and a
/// response size limit of [`DEFAULT_RESPONSE_SIZE_LIMIT`] (64 MiB).
///
/// Proxies: requests to an `https://` address use the proxy the environment
/// names (`HTTPS_PROXY`, `ALL_PROXY` and their lower-case forms, minus the
/// hosts in `NO_PROXY`), through a `CONNECT` tunnel, so the proxy sees the
/// host name but neither the body nor the tokens. Requests to a plain
/// `http://` address (allowed on loopback only) never go through a proxy.
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    environment: Environment,
    credentials: Credentials,
    portfolio: bool,
    locale: Option<Locale>,
    retry: RetryPolicy,
    rate_limit: RateLimitChoice,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    response_size_limit: usize,
}

#[derive(Debug)]
enum RateLimitChoice {
    Shared(RateLimit),
    Given(RateLimiter),
    Off,
}

impl ClientBuilder {
    /// Says whether the access token is a portfolio access token. With one,
    /// operations that act on one enterprise or chain must name it
    /// (`EnterpriseId`, `ChainId`), which the contract checks then enforce.
    pub fn portfolio_access_token(mut self, portfolio: bool) -> Self {
        self.portfolio = portfolio;
        self
    }

    /// Sends `LanguageCode` and `CultureCode` with every request.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = Some(locale);
        self
    }

    /// Sets the retry policy; [`RetryPolicy::disabled`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Limits requests to `limit`, counted per platform address and access
    /// token across every client of this process that uses the same limit.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = RateLimitChoice::Shared(limit);
        self
    }

    /// Uses `limiter`, and only it, for this client (and its clones).
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.rate_limit = RateLimitChoice::Given(limiter);
        self
    }

    /// Turns client-side rate limiting off; Mews' own limit still applies.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = RateLimitChoice::Off;
        self
    }

    /// Sets the time allowed to open a connection (default
    /// [`DEFAULT_CONNECT_TIMEOUT`]); `None` waits as long as the operating
    /// system does.
    pub fn connect_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = limit.into();
        self
    }

    /// Sets the time allowed for one attempt (default
    /// [`DEFAULT_ATTEMPT_TIMEOUT`]), from sending the request to the end of
    /// the answer; `None` for no limit.
    pub fn attempt_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = limit.into();
        self
    }

    /// Sets the time allowed for a whole call (default
    /// [`DEFAULT_OPERATION_TIMEOUT`]): rate-limit waits, every attempt and
    /// the waits between them; `None` for no limit beyond what the attempts
    /// and retry policy imply.
    pub fn operation_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = limit.into();
        self
    }

    /// Sets the most bytes a success answer's body may hold (default
    /// [`DEFAULT_RESPONSE_SIZE_LIMIT`]). The body is read as it arrives and
    /// the call ends with [`Error::ResponseTooLarge`], without a retry, as
    /// soon as it goes over (at once if its `Content-Length` says so).
    pub fn response_size_limit(mut self, limit: usize) -> Self {
        self.response_size_limit = limit;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        self.credentials.check()?;
        let mut http = reqwest::Client::builder()
            .use_rustls_tls()
            // A redirect could carry the tokens elsewhere, or turn the POST
            // into a GET; Mews never redirects API calls.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ));
        if let Some(limit) = self.connect_timeout {
            http = http.connect_timeout(limit);
        }
        let address = self.environment.platform_address();
        // Plain HTTP is only allowed because it never leaves the machine; a
        // proxy from `HTTP_PROXY` or `ALL_PROXY` would carry the tokens in
        // clear to wherever it is. HTTPS keeps reqwest's default: the
        // environment's proxy, through a `CONNECT` tunnel.
        if address.starts_with("http://") {
            http = http.no_proxy();
        }
        let http = http.build().map_err(ConfigError::Http)?;

        let limiter = match self.rate_limit {
            RateLimitChoice::Shared(limit) => Some(RateLimiter::shared_for(
                address,
                self.credentials.access_token(),
                limit,
            )),
            RateLimitChoice::Given(limiter) => Some(limiter),
            RateLimitChoice::Off => None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_base: format!("{address}/api/connector/v1/"),
                environment: self.environment,
                credentials: self.credentials,
                locale: self.locale,
                portfolio: self.portfolio,
                retry: self.retry,
                limiter,
                attempt_timeout: self.attempt_timeout,
                operation_timeout: self.operation_timeout,
                response_size_limit: self.response_size_limit,
            }),
        })
    }
}
