//! What the stand-in received, for the test's assertions.

use std::fmt;

use bytes::Bytes;
use mews_connector::contract::ContractViolations;
use mews_connector::operation::Operation;

use crate::catalogue::Decoded;

/// One request the stand-in received, in the order they arrived.
///
/// [`MockMews::received`](crate::MockMews::received) lists them all, known
/// operations or not, answered or not; [`request`](Self::request) gives the
/// request as the generated type, when it read as one.
#[derive(Clone)]
pub struct Received {
    pub(crate) path: String,
    pub(crate) operation: Option<&'static str>,
    pub(crate) request_id: String,
    pub(crate) body: Bytes,
    pub(crate) client: Option<String>,
    pub(crate) language_code: Option<String>,
    pub(crate) culture_code: Option<String>,
    pub(crate) decoded: Option<Decoded>,
    pub(crate) violations: Option<ContractViolations>,
    pub(crate) status: Option<u16>,
}

impl Received {
    /// The URL path, e.g. `/api/connector/v1/voucherCodes/getAll`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The operation, e.g. `voucherCodes/getAll`, if the path names one the
    /// stand-in serves.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// The id the stand-in gave the request: its answer's `Request-Id`
    /// header and error bodies' `RequestId`, so it matches
    /// [`mews_connector::Error::request_id`].
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The body as sent, credentials included.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The envelope's client name (`Client`), if the body had one.
    pub fn client(&self) -> Option<&str> {
        self.client.as_deref()
    }

    /// The envelope's `LanguageCode`, if sent.
    pub fn language_code(&self) -> Option<&str> {
        self.language_code.as_deref()
    }

    /// The envelope's `CultureCode`, if sent.
    pub fn culture_code(&self) -> Option<&str> {
        self.culture_code.as_deref()
    }

    /// The request as operation `O`'s generated request type, if that is the
    /// operation it was sent to and its body read as that type.
    pub fn request<O: Operation + 'static>(&self) -> Option<&O> {
        self.decoded.as_ref()?.downcast_ref::<O>()
    }

    /// The contracts the request broke, when that is why it was refused:
    /// the same rules, in the same order and with the same JSON paths, as
    /// [`Client::send`](mews_connector::Client::send) reports before sending.
    pub fn violations(&self) -> Option<&ContractViolations> {
        self.violations.as_ref()
    }

    /// The status the stand-in answered with; `None` while the answer is
    /// pending (a slow answer), or when none was sent (a dropped connection,
    /// or a client that gave up first).
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body holds the tokens; a test's tokens are no secret, but its
        // output is easier to read without the whole body.
        f.debug_struct("Received")
            .field("path", &self.path)
            .field("request_id", &self.request_id)
            .field("client", &self.client)
            .field("decoded", &self.decoded.is_some())
            .field("violations", &self.violations)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
