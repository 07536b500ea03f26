//! The one error type of every call, and what it carries.
//!
//! [`Error`] tells apart a request that was refused before sending
//! ([`Error::Contract`]), an answer from Mews with an error status
//! ([`Error::Api`]), a failed exchange ([`Error::Transport`]), a success
//! answer that could not be read ([`Error::Decode`]) or was too large to read
//! ([`Error::ResponseTooLarge`]), and a pager that stopped because the server
//! went in circles ([`Error::RepeatedCursor`]) or its page limit was reached
//! ([`Error::PageLimit`]).
//!
//! No error text contains the client or access token: the client never puts
//! them in, and text that comes from the server is scrubbed of them.

use std::fmt;
use std::time::Duration;

use uuid::Uuid;

use crate::contract::ContractViolations;

/// Why a call failed.
///
/// ```no_run
/// # async fn example(client: mews_connector::Client, request: impl mews_connector::operation::Operation) {
/// use mews_connector::{ApiError, ApiErrorKind, Error};
///
/// match client.send(request).await {
///     Ok(_) => {}
///     Err(Error::Contract(violations)) => eprintln!("fix the request: {violations}"),
///     Err(Error::Api(ApiError { kind: ApiErrorKind::Forbidden, message, .. })) => {
///         // Mews' message for a broken business rule is meant for the end user.
///         eprintln!("{}", message.unwrap_or_default());
///     }
///     Err(other) => eprintln!("{other} (request id {:?})", other.request_id()),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks contracts of the API; it was not sent.
    #[error("request not sent: {0}")]
    Contract(ContractViolations),
    /// Mews answered with an error status.
    #[error(transparent)]
    Api(ApiError),
    /// No usable answer: the connection failed, timed out or broke off.
    #[error(transparent)]
    Transport(TransportError),
    /// Mews answered with success, but the answer could not be read.
    #[error(transparent)]
    Decode(DecodeError),
    /// A pager got a cursor it had already followed; it stopped rather than
    /// loop.
    #[error(transparent)]
    RepeatedCursor(RepeatedCursorError),
    /// A pager reached the page limit set with
    /// [`Pages::max_pages`](crate::Pages::max_pages) while more pages
    /// remained.
    #[error(transparent)]
    PageLimit(PageLimitError),
    /// Mews answered with success, but the body was larger than the
    /// client's response size limit; it was not read further, and the call
    /// was not repeated.
    #[error(transparent)]
    ResponseTooLarge(ResponseTooLargeError),
    /// The request could not be turned into JSON.
    #[error("could not encode the request as JSON")]
    Encode(#[source] serde_json::Error),
}

impl Error {
    /// The id Mews gave the request, if an answer came back: quote it to Mews
    /// support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::RepeatedCursor(e) => e.request_id.as_deref(),
            Error::ResponseTooLarge(e) => e.request_id.as_deref(),
            Error::Contract(_) | Error::Transport(_) | Error::Encode(_) | Error::PageLimit(_) => {
                None
            }
        }
    }

    /// The HTTP status of Mews' answer, if one came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::ResponseTooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// Whether the same request may succeed later without change: a 429 or
    /// 5xx answer, or a transport failure.
    ///
    /// Not a `408`: Mews sends it when the request is too heavy to prepare,
    /// and the fix is to ask for less data (a smaller page, a shorter
    /// interval, fewer extents), not to send the same request again.
    ///
    /// This is about the failure alone; whether repeating is *safe* depends
    /// on the operation (a write that timed out may have been applied). The
    /// client has already retried what its [`RetryPolicy`](crate::RetryPolicy)
    /// allows by the time it returns an error.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Transport(e) => !e.is_permanent(),
            _ => false,
        }
    }

    /// The error answer from Mews, if that is what this is.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The broken contracts, if the request was refused before sending.
    pub fn contract_violations(&self) -> Option<&ContractViolations> {
        match self {
            Error::Contract(v) => Some(v),
            _ => None,
        }
    }
}

impl From<ContractViolations> for Error {
    fn from(v: ContractViolations) -> Self {
        Error::Contract(v)
    }
}

/// What an HTTP status from Mews means (see Mews' "Responses" guideline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: malformed input, or an invalid or unknown identifier
    /// (`Invalid {Parameter}`, `Invalid JSON`).
    BadRequest,
    /// 401: invalid or expired token, disabled enterprise or integration, or
    /// no permission for this operation.
    Unauthorized,
    /// 403: a business rule or server-side validation failed; the message is
    /// meant for the end user ([`ApiError::user_message`]).
    Forbidden,
    /// 404: wrong URL (Mews matches it case-sensitively).
    NotFound,
    /// 408: the request was too heavy to prepare in time; ask for less data
    /// (a smaller `Count`, a shorter interval, fewer extents). Not
    /// [retryable](ApiError::is_retryable); see also
    /// [`RetryPolicy::with_request_timeout_retry`](crate::RetryPolicy::with_request_timeout_retry).
    RequestTimeout,
    /// 409: the data changed concurrently; refresh and resubmit.
    Conflict,
    /// 410: the operation was discontinued.
    Gone,
    /// 413: the request body is too large; split it.
    PayloadTooLarge,
    /// 429: too many requests for this access token.
    TooManyRequests,
    /// 5xx: an unexpected server error.
    ServerError,
    /// Any other status.
    Other,
}

impl ApiErrorKind {
    /// The kind of an HTTP status.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            408 => ApiErrorKind::RequestTimeout,
            409 => ApiErrorKind::Conflict,
            410 => ApiErrorKind::Gone,
            413 => ApiErrorKind::PayloadTooLarge,
            429 => ApiErrorKind::TooManyRequests,
            500..=599 => ApiErrorKind::ServerError,
            _ => ApiErrorKind::Other,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ApiErrorKind::BadRequest => "bad request",
            ApiErrorKind::Unauthorized => "unauthorized",
            ApiErrorKind::Forbidden => "forbidden",
            ApiErrorKind::NotFound => "not found",
            ApiErrorKind::RequestTimeout => "request timeout",
            ApiErrorKind::Conflict => "conflict",
            ApiErrorKind::Gone => "gone",
            ApiErrorKind::PayloadTooLarge => "payload too large",
            ApiErrorKind::TooManyRequests => "too many requests",
            ApiErrorKind::ServerError => "server error",
            ApiErrorKind::Other => "unexpected status",
        }
    }
}

impl fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// An answer from Mews with an error status.
///
/// The fields are public for matching; the struct is `non_exhaustive`, so
/// patterns need `..`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation's path, e.g. `voucherCodes/add`.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What the status means.
    pub kind: ApiErrorKind,
    /// Mews' `Message`, if the body had one.
    pub message: Option<String>,
    /// The `Request-Id` header, or else the body's `RequestId`; one longer
    /// than 128 characters (Mews' are GUIDs) is cut short, ending in `…`.
    pub request_id: Option<String>,
    /// Mews' `Details` (only sent by development environments), as text;
    /// or, when the body was not Mews' JSON error object (say, an HTML page
    /// from a proxy), the start of that body (at most 1 KiB). Not part of
    /// `Display`.
    pub details: Option<String>,
    /// How long Mews asked to wait (`Retry-After`), if it said.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// Whether the failure may go away by itself: 429 or 5xx. A 408 is not:
    /// Mews asks for a lighter request, not the same one again.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::TooManyRequests | ApiErrorKind::ServerError
        )
    }

    /// The message to show the end user: Mews' `Message` of a 403, which
    /// explains the business rule the request broke.
    pub fn user_message(&self) -> Option<&str> {
        match self.kind {
            ApiErrorKind::Forbidden => self.message.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: Mews answered {} ({})",
            self.operation, self.status, self.kind
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// An exchange with Mews that produced no usable answer.
#[derive(Debug)]
pub struct TransportError {
    operation: &'static str,
    kind: TransportKind,
    source: Option<reqwest::Error>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TransportKind {
    Connect,
    Timeout,
    OperationTimeout(Duration),
    Other,
}

impl TransportError {
    pub(crate) fn from_reqwest(operation: &'static str, error: reqwest::Error) -> Self {
        // A connect error means nothing was sent; check it first, as a connect
        // timeout is both.
        let kind = if error.is_connect() {
            TransportKind::Connect
        } else if error.is_timeout() {
            TransportKind::Timeout
        } else {
            TransportKind::Other
        };
        TransportError {
            operation,
            kind,
            // Its text would show the whole address, whose path may hold a
            // key (see `PlatformAddress`).
            source: Some(error.without_url()),
        }
    }

    pub(crate) fn operation_timeout(operation: &'static str, limit: Duration) -> Self {
        TransportError {
            operation,
            kind: TransportKind::OperationTimeout(limit),
            source: None,
        }
    }

    /// The operation's path, e.g. `voucherCodes/getAll`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Whether no connection could be made (DNS, refused, TLS handshake,
    /// connect timeout): the request certainly did not reach Mews.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportKind::Connect
    }

    /// Whether an attempt or the whole operation ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.kind,
            TransportKind::Timeout | TransportKind::OperationTimeout(_)
        ) || self.source.as_ref().is_some_and(reqwest::Error::is_timeout)
    }

    /// Whether the request certainly never reached the server.
    pub(crate) fn not_sent(&self) -> bool {
        self.is_connect() || self.source.as_ref().is_some_and(reqwest::Error::is_builder)
    }

    /// Whether trying again cannot help (the request could not be built).
    pub(crate) fn is_permanent(&self) -> bool {
        self.source.as_ref().is_some_and(reqwest::Error::is_builder)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.operation;
        match self.kind {
            TransportKind::Connect => write!(f, "{op} failed: could not connect to Mews"),
            TransportKind::Timeout => write!(f, "{op} failed: timed out waiting for Mews"),
            TransportKind::OperationTimeout(limit) => {
                write!(
                    f,
                    "{op} failed: not done within the operation timeout of {limit:?}"
                )
            }
            TransportKind::Other => write!(f, "{op} failed: the exchange with Mews broke off"),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// A success answer that could not be read as the operation's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) reason: String,
}

impl DecodeError {
    /// The operation's path, e.g. `voucherCodes/getAll`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Request-Id` header of the answer.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What was wrong with it, e.g. the JSON decoder's message.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: could not read Mews' {} answer: {}",
            self.operation, self.status, self.reason
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// A page's cursor that the pager had already followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatedCursorError {
    pub(crate) operation: &'static str,
    pub(crate) cursor: Uuid,
    pub(crate) request_id: Option<String>,
}

impl RepeatedCursorError {
    /// The operation's path.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The repeated cursor.
    pub fn cursor(&self) -> Uuid {
        self.cursor
    }

    /// The `Request-Id` of the answer that repeated it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for RepeatedCursorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: Mews returned cursor {} a second time; stopped paging",
            self.operation, self.cursor
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for RepeatedCursorError {}

/// A pager's page limit, reached with more pages to come (see
/// [`Pages::max_pages`](crate::Pages::max_pages)).
///
/// The pages up to the limit were all given out; the pager's
/// [`next_request`](crate::Pages::next_request) resumes after them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageLimitError {
    pub(crate) operation: &'static str,
    pub(crate) max_pages: usize,
}

impl PageLimitError {
    /// The operation's path.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The limit that was reached.
    pub fn max_pages(&self) -> usize {
        self.max_pages
    }
}

impl fmt::Display for PageLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: stopped after {} pages (the stream's page limit); more pages remain",
            self.operation, self.max_pages
        )
    }
}

impl std::error::Error for PageLimitError {}

/// A success answer larger than the client's response size limit (see
/// [`ClientBuilder::response_size_limit`](crate::ClientBuilder::response_size_limit)).
///
/// Not [retryable](Error::is_retryable): the same request would get the same
/// answer. Ask for less (a smaller `Count`, fewer extents), or raise the
/// limit if the answer is legitimate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseTooLargeError {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) limit: u64,
}

impl ResponseTooLargeError {
    /// The operation's path, e.g. `voucherCodes/getAll`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Request-Id` header of the answer.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The limit the body went over, in bytes.
    pub fn limit(&self) -> u64 {
        self.limit
    }
}

impl fmt::Display for ResponseTooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: Mews' {} answer is larger than the response size limit of {} bytes",
            self.operation, self.status, self.limit
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseTooLargeError {}

/// Mews' error body (`Message`, `RequestId`, `Details`), read tolerantly.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) details: Option<String>,
    pub(crate) unparsed: Option<String>,
}

const EXCERPT_CHARS: usize = 1024;

impl ErrorBody {
    /// Reads whatever the body holds; never fails. Fields may be missing,
    /// null or of another type, and the body may not be JSON at all.
    pub(crate) fn parse(body: &[u8]) -> Self {
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) if s.trim().is_empty() => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        };
        if let Ok(serde_json::Value::Object(map)) =
            serde_json::from_slice::<serde_json::Value>(body)
        {
            let field = |name: &str| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .and_then(|(_, v)| text(v))
            };
            let parsed = ErrorBody {
                message: field("Message"),
                request_id: field("RequestId"),
                details: field("Details"),
                unparsed: None,
            };
            if parsed.message.is_some() {
                return parsed;
            }
            return ErrorBody {
                unparsed: excerpt(body),
                ..parsed
            };
        }
        ErrorBody {
            unparsed: excerpt(body),
            ..ErrorBody::default()
        }
    }
}

fn excerpt(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(cut(text, EXCERPT_CHARS))
}

/// The most of a request id that errors keep: Mews' are GUIDs (36
/// characters); a longer one is a broken or hostile server's, and would
/// otherwise go whole into every error message and log line.
pub(crate) const REQUEST_ID_CHARS: usize = 128;

/// `text` cut to `max` characters, with `…` if anything was left out.
pub(crate) fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_are_read_tolerantly() {
        let b = ErrorBody::parse(
            br#"{"Message":"Invalid VoucherId.","RequestId":"r1","Details":null}"#,
        );
        assert_eq!(b.message.as_deref(), Some("Invalid VoucherId."));
        assert_eq!(b.request_id.as_deref(), Some("r1"));
        assert_eq!(b.details, None);
        assert_eq!(b.unparsed, None);

        let b = ErrorBody::parse(br#"{"message":"lower","Details":{"Trace":[1]}}"#);
        assert_eq!(b.message.as_deref(), Some("lower"));
        assert_eq!(b.details.as_deref(), Some(r#"{"Trace":[1]}"#));

        assert_eq!(ErrorBody::parse(b""), ErrorBody::default());
        assert_eq!(ErrorBody::parse(b"  \n"), ErrorBody::default());
        let b = ErrorBody::parse(b"<html>Bad gateway</html>");
        assert_eq!(b.message, None);
        assert_eq!(b.unparsed.as_deref(), Some("<html>Bad gateway</html>"));
        let b = ErrorBody::parse(b"[1,2]");
        assert_eq!(b.unparsed.as_deref(), Some("[1,2]"));
        let b = ErrorBody::parse(&[0xff, 0xfe, b'x']);
        assert!(b.unparsed.is_some());
        let long = "é".repeat(5000);
        let b = ErrorBody::parse(long.as_bytes());
        assert_eq!(b.unparsed.unwrap().chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn kinds_follow_statuses() {
        assert_eq!(ApiErrorKind::from_status(403), ApiErrorKind::Forbidden);
        assert_eq!(ApiErrorKind::from_status(503), ApiErrorKind::ServerError);
        assert_eq!(ApiErrorKind::from_status(418), ApiErrorKind::Other);
        assert_eq!(ApiErrorKind::from_status(302), ApiErrorKind::Other);
    }
}
