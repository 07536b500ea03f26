//! The operations the stand-in serves, from the generated
//! `for_each_operation`: for each path, how to read, check and answer its
//! requests without naming its types.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use mews_connector::contract::{ContractViolations, Validate};
use mews_connector::operation::{Operation, OperationVisitor};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{json_path, minimal};

/// A decoded request, kept for the test's assertions.
pub(crate) type Decoded = Arc<dyn Any + Send + Sync>;

/// One operation's request type, behind function pointers.
pub(crate) struct Entry {
    pub(crate) path: &'static str,
    pub(crate) request_type_name: &'static str,
    /// Reads the whole body (envelope included: the request types ignore
    /// what they do not know) as the request type.
    pub(crate) decode: fn(&[u8]) -> Result<Decoded, DecodeFailure>,
    /// The request's contracts, as the client checks them before sending.
    pub(crate) validate: fn(&(dyn Any + Send + Sync), bool) -> Result<(), ContractViolations>,
    smallest: fn() -> Result<Bytes, String>,
    smallest_cache: OnceLock<Result<Bytes, String>>,
}

impl Entry {
    pub(crate) fn of<O>() -> Entry
    where
        O: Operation + DeserializeOwned + 'static,
        O::Response: Serialize,
    {
        Entry {
            path: O::PATH,
            request_type_name: std::any::type_name::<O>(),
            decode: decode::<O>,
            validate: validate::<O>,
            smallest: minimal::smallest_json::<O::Response>,
            smallest_cache: OnceLock::new(),
        }
    }

    /// The smallest answer that reads as the operation's response.
    pub(crate) fn smallest_response(&self) -> Result<Bytes, String> {
        self.smallest_cache.get_or_init(self.smallest).clone()
    }
}

/// Why a body did not read as the request type.
pub(crate) struct DecodeFailure {
    /// The JSON path of the offending property, as the client's contract
    /// errors write it (`VoucherCodeParameters[0].VoucherId`).
    pub(crate) path: String,
    /// serde's explanation.
    pub(crate) reason: String,
}

fn decode<O: DeserializeOwned + Send + Sync + 'static>(
    body: &[u8],
) -> Result<Decoded, DecodeFailure> {
    let text = std::str::from_utf8(body).map_err(|e| DecodeFailure {
        path: String::new(),
        reason: e.to_string(),
    })?;
    let request: O = serde_json::from_str(text).map_err(|e| {
        let located = json_path::locate(text, &e);
        DecodeFailure {
            path: json_path::render(&located.at),
            reason: located.message,
        }
    })?;
    Ok(Arc::new(request))
}

fn validate<O: Validate + 'static>(
    request: &(dyn Any + Send + Sync),
    portfolio: bool,
) -> Result<(), ContractViolations> {
    match request.downcast_ref::<O>() {
        Some(request) => request.check_contracts(portfolio),
        None => Ok(()),
    }
}

/// The operations a [`MockMews`](crate::MockMews) serves, filled in by a
/// generated `for_each_operation` (see
/// [`MockMewsBuilder::operations`](crate::MockMewsBuilder::operations)).
///
/// Only the stand-in makes one; it is public because it is the visitor the
/// generated function is called with.
pub struct Operations {
    pub(crate) by_path: HashMap<&'static str, Arc<Entry>>,
}

impl Operations {
    pub(crate) fn new() -> Self {
        Operations {
            by_path: HashMap::new(),
        }
    }

    pub(crate) fn add<O>(&mut self)
    where
        O: Operation + DeserializeOwned + 'static,
        O::Response: Serialize,
    {
        self.by_path
            .entry(O::PATH)
            .or_insert_with(|| Arc::new(Entry::of::<O>()));
    }
}

impl std::fmt::Debug for Operations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut paths: Vec<_> = self.by_path.keys().collect();
        paths.sort();
        f.debug_struct("Operations").field("paths", &paths).finish()
    }
}

impl OperationVisitor for Operations {
    fn visit<O>(&mut self)
    where
        O: Operation + DeserializeOwned + 'static,
        O::Response: Serialize,
    {
        self.add::<O>();
    }
}
