//! Failures a test scripts, and the answers Mews (or what stands in front of
//! it) gives for them.

use std::time::Duration;

/// What to do to a call instead of answering it normally.
///
/// Scripted per operation with [`OperationMock::fail_next`] and
/// [`OperationMock::fail_always`], or for whichever call comes next with
/// [`MockMews::fail_next`]. The stand-in applies a scripted failure before
/// anything else, as a gateway would: a call refused with `429` is not
/// checked further.
///
/// [`OperationMock::fail_next`]: crate::OperationMock::fail_next
/// [`OperationMock::fail_always`]: crate::OperationMock::fail_always
/// [`MockMews::fail_next`]: crate::MockMews::fail_next
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// `429 Too Many Requests`, with `Retry-After` in whole seconds (rounded
    /// up) when a wait is given, and Mews' error body.
    TooManyRequests {
        /// How long the client is asked to wait; `None` sends no
        /// `Retry-After` (Mews says it may be missing).
        retry_after: Option<Duration>,
    },
    /// `408 Request Timeout` with Mews' error body: the request was too
    /// heavy to prepare.
    RequestTimeout,
    /// A `5xx` with an HTML page for a body, as a gateway or load balancer in
    /// front of Mews sends it.
    ServerError {
        /// The status, `500` to `599`.
        status: u16,
    },
    /// Any status with Mews' error body, e.g. `403` with a message for the
    /// end user, `409` or `400 Invalid VoucherId.`
    Error {
        /// The HTTP status.
        status: u16,
        /// Mews' `Message`.
        message: String,
    },
    /// The connection is closed once the request is read, with no answer.
    DropConnection,
    /// The answer comes after this long (the call is otherwise answered as
    /// usual).
    Slow(Duration),
}

impl Failure {
    /// `429` with `Retry-After` (see [`Failure::TooManyRequests`]).
    pub fn too_many_requests(retry_after: Duration) -> Self {
        Failure::TooManyRequests {
            retry_after: Some(retry_after),
        }
    }

    /// `408` (see [`Failure::RequestTimeout`]).
    pub fn request_timeout() -> Self {
        Failure::RequestTimeout
    }

    /// A `5xx` with an HTML body (see [`Failure::ServerError`]); a status
    /// outside `500..=599` becomes `500`.
    pub fn server_error(status: u16) -> Self {
        let status = if (500..=599).contains(&status) {
            status
        } else {
            500
        };
        Failure::ServerError { status }
    }

    /// `status` with Mews' error body and `message` (see [`Failure::Error`]).
    pub fn error(status: u16, message: impl Into<String>) -> Self {
        Failure::Error {
            status,
            message: message.into(),
        }
    }

    /// No answer: the connection is closed (see [`Failure::DropConnection`]).
    pub fn drop_connection() -> Self {
        Failure::DropConnection
    }

    /// A normal answer, `delay` late (see [`Failure::Slow`]).
    pub fn slow(delay: Duration) -> Self {
        Failure::Slow(delay)
    }
}
