//! What the generated code tells the runtime about each operation.
//!
//! Every generated request type implements [`Operation`]; requests of
//! paginated operations also implement [`Paginated`]. The runtime (client,
//! retries, pager) is written against these traits only, so it never names a
//! generated type.

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::contract::Validate;

/// A request of one Connector API operation.
pub trait Operation: Serialize + Validate + Send + Sync {
    /// What a successful call returns.
    type Response: DeserializeOwned + Send + 'static;

    /// The URL path below `/api/connector/v1/`, e.g. `voucherCodes/getAll`.
    const PATH: &'static str;

    /// Whether sending the same request twice has the same effect as once.
    ///
    /// Only such operations are retried after a timeout, a 5xx or a
    /// connection failure that may have reached the server.
    const SAFE_TO_RETRY: bool;

    /// The response that a `204 No Content` stands for, if that is a legal
    /// answer for this operation (an empty page, or an empty `{}` result).
    ///
    /// A success answer with an empty body and another status stands for it
    /// only when `Response` is [`Empty`]: an empty `200` to a read is an
    /// error, not a page without items.
    fn empty_response() -> Option<Self::Response> {
        None
    }
}

/// A request of an operation that pages with `Limitation { Count, Cursor }`.
///
/// The pager follows [`next_cursor`](Paginated::next_cursor) and stops at a
/// page whose [`item_count`](Paginated::item_count) is below the page size:
/// only the list the items come from counts, not the page's other lists.
pub trait Paginated: Operation + Clone {
    /// One element of the list the operation pages through.
    type Item: Send + 'static;

    /// The page size the request asks for (`Limitation.Count`); for a
    /// request without its optional `Limitation`, the one the pager fills in.
    fn page_size(&self) -> u32;

    /// `Limitation.Cursor`: where the request starts, `None` for the newest item.
    fn cursor(&self) -> Option<Uuid>;

    /// Sets `Limitation.Cursor`: `None` starts from the newest item. A
    /// request without its optional `Limitation` gets one here.
    fn set_cursor(&mut self, cursor: Option<Uuid>);

    /// Readies the request for the pager, which calls it once before the
    /// first page: where `Limitation` is optional and was left out, it is
    /// filled in with the largest page, so that every page is limited and
    /// answered with a cursor. Does nothing where `Limitation` is required.
    fn start_paging(&mut self) {}

    /// The response's `Cursor`: where the next page starts, `None` at the end.
    fn next_cursor(response: &Self::Response) -> Option<Uuid>;

    /// How many items the page holds; `None` when the response left the
    /// list out (an extent that was not asked for), so that only the
    /// cursor can tell whether more pages follow.
    fn item_count(response: &Self::Response) -> Option<usize>;

    /// Takes the items out of a page.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;

    /// Puts a page into `response`: `items` as its item list and `cursor`
    /// as its `Cursor`; its other properties are left as they are.
    ///
    /// The server's side of paging, for stand-ins of Mews in tests (the
    /// workspace's `mews-connector-mock`); the client never calls it.
    fn set_page(response: &mut Self::Response, items: Vec<Self::Item>, cursor: Option<Uuid>);
}

/// Something to do with every operation's types, for generic tooling (the
/// documentation-conformance check, mock servers, metrics).
///
/// `for_each_operation` (at the crate root, with the `roundtrip` feature)
/// calls [`visit`](OperationVisitor::visit) once per operation in the spec.
pub trait OperationVisitor {
    /// Called with one operation's request type.
    fn visit<O>(&mut self)
    where
        O: Operation + serde::de::DeserializeOwned + 'static,
        O::Response: Serialize;
}

/// The result of operations that return nothing of interest (`{}`).
///
/// Any JSON object is accepted, and so is `204 No Content`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Empty {}
