//! What a test sets up for one operation: its answer, its pages, its
//! failures.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use bytes::Bytes;
use mews_connector::operation::{Operation, Paginated};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::failure::Failure;
use crate::minimal;
use crate::state::{Handler, Shared};

/// What the stand-in does for operation `O`; from [`MockMews::on`].
///
/// Each method applies from the next call on and returns `&Self`, so
/// settings chain:
///
/// ```no_run
/// # use mews_connector::voucher_codes::AddVoucherCodesRequest;
/// # use mews_connector_mock::{Failure, MockMews};
/// # let mews = MockMews::start();
/// mews.on::<AddVoucherCodesRequest>()
///     .fail_next(Failure::server_error(502))
///     .fail_next(Failure::drop_connection());
/// ```
///
/// Setting an answer ([`respond`](Self::respond),
/// [`respond_with`](Self::respond_with), [`items`](Self::items), ...)
/// replaces the previous one; failures queue.
///
/// [`MockMews::on`]: crate::MockMews::on
pub struct OperationMock<'a, O> {
    shared: &'a Shared,
    operation: PhantomData<fn() -> O>,
}

impl<'a, O> OperationMock<'a, O>
where
    O: Operation + DeserializeOwned + 'static,
    O::Response: Serialize,
{
    pub(crate) fn new(shared: &'a Shared) -> Self {
        OperationMock {
            shared,
            operation: PhantomData,
        }
    }

    /// Answers every call with `response`.
    pub fn respond(&self, response: O::Response) -> &Self
    where
        O::Response: Clone + Sync,
    {
        self.respond_with(move |_| response.clone())
    }

    /// Answers each call with what `answer` makes of its request (which has
    /// passed every check by then).
    pub fn respond_with(
        &self,
        answer: impl Fn(&O) -> O::Response + Send + Sync + 'static,
    ) -> &Self {
        self.try_respond_with(move |request| Ok(answer(request)))
    }

    /// Answers each call with what `answer` makes of its request, or with a
    /// failure (`403` for a business rule, say); a [`Failure::Slow`] is not
    /// an answer, and gets a `500`.
    ///
    /// A panic in `answer` gets a `500` whose message quotes it.
    pub fn try_respond_with(
        &self,
        answer: impl Fn(&O) -> Result<O::Response, Failure> + Send + Sync + 'static,
    ) -> &Self {
        let handler: Handler = Arc::new(move |request: &(dyn Any + Send + Sync)| {
            let Some(request) = request.downcast_ref::<O>() else {
                return Err(Failure::error(
                    500,
                    "the stand-in mixed up its operations' types",
                ));
            };
            let response = answer(request)?;
            serde_json::to_vec(&response)
                .map(Bytes::from)
                .map_err(|e| Failure::error(500, format!("The answer does not serialize: {e}")))
        });
        self.shared
            .lock()
            .behaviours
            .entry(O::PATH)
            .or_default()
            .handler = Some(handler);
        self
    }

    /// Pages through `items` as Mews does: they are given newest first, the
    /// order Mews returns them; each page holds up to the request's
    /// `Limitation.Count` of them, starting after the item its
    /// `Limitation.Cursor` names; the page's `Cursor` is the `Id` of its
    /// last item (`null` for a page without items), so the last page is
    /// short, or empty when the items fill the one before. A cursor that
    /// names no item gets `400`.
    ///
    /// The response's other properties are as small as its type allows; use
    /// [`respond_with`](Self::respond_with) to fill them in. An item without
    /// a uuid `Id` stands for itself with a made-up cursor.
    pub fn items(&self, items: impl IntoIterator<Item = O::Item>) -> &Self
    where
        O: Paginated,
        O::Item: Serialize + Clone + Sync,
    {
        let items: Vec<O::Item> = items.into_iter().collect();
        self.try_respond_with(move |request| page(request, &items))
    }

    /// Pages, as [`items`](Self::items) does, through what `items` gives for
    /// the request: the same list for every page of one paging, filtered by
    /// the request's other properties as the test sees fit.
    pub fn items_with(&self, items: impl Fn(&O) -> Vec<O::Item> + Send + Sync + 'static) -> &Self
    where
        O: Paginated,
        O::Item: Serialize + Clone,
    {
        self.try_respond_with(move |request| page(request, &items(request)))
    }

    /// Fails the next call with `failure`; the calls after it take the next
    /// failures queued, then are answered as usual.
    pub fn fail_next(&self, failure: Failure) -> &Self {
        let mut state = self.shared.lock();
        let behaviour = state.behaviours.entry(O::PATH).or_default();
        behaviour.script.push_back(failure);
        self
    }

    /// Fails every call with `failure` (after the queued ones), until
    /// [`reset`](Self::reset).
    pub fn fail_always(&self, failure: Failure) -> &Self {
        self.shared
            .lock()
            .behaviours
            .entry(O::PATH)
            .or_default()
            .always = Some(failure);
        self
    }

    /// Forgets the answer and failures set for this operation: it gets the
    /// smallest response again.
    pub fn reset(&self) -> &Self {
        self.shared.lock().behaviours.remove(O::PATH);
        self
    }

    /// The requests of this operation that read as its request type, in the
    /// order they arrived.
    pub fn requests(&self) -> Vec<O>
    where
        O: Clone,
    {
        self.shared
            .lock()
            .received
            .iter()
            .filter_map(|r| r.request::<O>().cloned())
            .collect()
    }
}

impl<O: Operation> fmt::Debug for OperationMock<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationMock")
            .field("operation", &O::PATH)
            .finish_non_exhaustive()
    }
}

/// The page of `items` that `request` asks for.
fn page<P>(request: &P, items: &[P::Item]) -> Result<P::Response, Failure>
where
    P: Paginated,
    P::Item: Serialize + Clone,
{
    let cursors: Vec<Uuid> = items
        .iter()
        .enumerate()
        .map(|(index, item)| cursor_of(item, index))
        .collect();
    let start = match request.cursor() {
        None => 0,
        Some(cursor) => match cursors.iter().position(|&c| c == cursor) {
            Some(at) => at + 1,
            None => return Err(Failure::error(400, "Invalid Limitation.Cursor.")),
        },
    };
    let end = start
        .saturating_add(request.page_size() as usize)
        .min(items.len());
    let cursor = (end > start).then(|| cursors[end - 1]);
    let mut response = smallest::<P::Response>()?;
    P::set_page(&mut response, items[start..end].to_vec(), cursor);
    Ok(response)
}

/// Mews' cursor is the item's `Id`.
fn cursor_of<T: Serialize>(item: &T, index: usize) -> Uuid {
    #[derive(Deserialize)]
    struct WithId {
        #[serde(rename = "Id")]
        id: Uuid,
    }
    serde_json::to_vec(item)
        .ok()
        .and_then(|json| serde_json::from_slice::<WithId>(&json).ok())
        .map_or_else(|| made_up_cursor(index), |w| w.id)
}

/// A cursor for an item without a uuid `Id`: its place in the list, in a
/// uuid that says where it comes from (`6d6f636b` is "mock").
fn made_up_cursor(index: usize) -> Uuid {
    Uuid::from_fields(0x6d6f_636b, 0, 0, &(index as u64).to_be_bytes())
}

/// The smallest value of `T`, as the stand-in answers by default.
fn smallest<T: DeserializeOwned>() -> Result<T, Failure> {
    let cannot =
        |why: String| Failure::error(500, format!("The stand-in has no empty page: {why}"));
    let json = minimal::smallest_json::<T>().map_err(cannot)?;
    serde_json::from_slice(&json).map_err(|e| cannot(e.to_string()))
}
