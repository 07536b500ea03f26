//! Paging through an operation with `Limitation { Count, Cursor }`.
//!
//! [`Pages`] sends the request as given, then again with `Limitation.Cursor`
//! set to each answer's `Cursor`, until the cursor is `null` or a page holds
//! fewer items than the request's `Count` (a page holding more is an
//! [`Error::Decode`]). Only the list the operation pages through counts (the
//! spec's `pagination.items`), never a page's other lists. Where
//! `Limitation` is optional and left out, the pager fills it in with the
//! largest page. [`Items`] flattens the pages.
//! Both fetch a page only when the one before is used up, so at most one
//! page is in memory, and both stop with
//! [`Error::RepeatedCursor`] rather than loop
//! when Mews hands out a cursor they already followed.

use std::collections::HashSet;
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;
use futures_core::stream::FusedStream;
use uuid::Uuid;

use crate::client::{Client, Reply};
use crate::error::{DecodeError, Error, PageLimitError, RepeatedCursorError};
use crate::operation::Paginated;

/// A call in flight: owns all it needs, so the pager can keep it across
/// polls.
pub(crate) type InFlight = Pin<Box<dyn Future<Output = Result<Reply, Error>> + Send>>;

/// The pages of a paginated operation, from [`Client::pages`].
///
/// A stream of `Result<P::Response, Error>`: one answer per page, newest
/// items first, each with all its lists. The first page is requested as
/// given (with a `Limitation` filled in where the operation's is optional
/// and was left out), so a request whose cursor is already set resumes from
/// there. Each page's request has
/// its contracts checked before it is sent. After an error the stream ends.
///
/// ```no_run
/// # async fn example<P: mews_connector::operation::Paginated>(client: mews_connector::Client, request: P) -> Result<(), mews_connector::Error> {
/// let mut pages = client.pages(request);
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     // ...
/// # let _ = page;
/// }
/// # Ok(())
/// # }
/// ```
pub struct Pages<P: Paginated> {
    client: Client,
    /// The next page's request.
    request: P,
    in_flight: Option<InFlight>,
    /// Every cursor followed so far: a repeat means the server goes in
    /// circles.
    followed: HashSet<Uuid>,
    /// Pages requested so far, and how many may be.
    fetched: usize,
    max_pages: Option<usize>,
    done: bool,
}

// The pager never pins its fields in place (the call in flight is boxed), so
// it is `Unpin` whatever `P` is.
impl<P: Paginated> Unpin for Pages<P> {}

impl<P: Paginated> Pages<P> {
    pub(crate) fn new(client: Client, mut request: P) -> Self {
        request.start_paging();
        // A resumed pager has followed its starting cursor already: a page
        // pointing back at it would repeat what the caller has seen.
        let followed = request.cursor().into_iter().collect();
        Pages {
            client,
            request,
            in_flight: None,
            followed,
            fetched: 0,
            max_pages: None,
            done: false,
        }
    }

    /// Bounds the stream to `max` pages: if more remain after them, the
    /// next poll gives [`Error::PageLimit`] (without a request) and the
    /// stream ends; [`next_request`](Self::next_request) resumes from there.
    ///
    /// Unbounded by default: a server that keeps sending full pages with new
    /// cursors keeps the stream going. Set a bound where a stream must end
    /// (say, more pages than the data could fill). To take only the first
    /// items or pages quietly, use `StreamExt::take` instead.
    pub fn max_pages(mut self, max: usize) -> Self {
        self.max_pages = Some(max);
        self
    }

    /// The next page; `None` after the last one (or after an error).
    ///
    /// The same as `StreamExt::next`, without needing the trait.
    pub async fn next(&mut self) -> Option<Result<P::Response, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The request the next page will be fetched with: after an error, send
    /// it (or build a new pager from it) to resume.
    pub fn next_request(&self) -> &P {
        &self.request
    }

    fn fail(&mut self, error: Error) -> Poll<Option<Result<P::Response, Error>>> {
        self.done = true;
        self.in_flight = None;
        Poll::Ready(Some(Err(error)))
    }
}

impl<P: Paginated> Stream for Pages<P> {
    type Item = Result<P::Response, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let in_flight = match &mut this.in_flight {
            Some(in_flight) => in_flight,
            None => {
                if this.max_pages.is_some_and(|max| this.fetched >= max) {
                    let max_pages = this.fetched;
                    return this.fail(Error::PageLimit(PageLimitError {
                        operation: P::PATH,
                        max_pages,
                    }));
                }
                this.fetched += 1;
                let call = this
                    .request
                    .check_contracts(this.client.is_portfolio())
                    .map_err(Error::from)
                    .and_then(|()| this.client.prepare(&this.request));
                match call {
                    Ok(call) => this.in_flight.insert(this.client.start(call)),
                    Err(error) => return this.fail(error),
                }
            }
        };
        let reply = ready!(in_flight.as_mut().poll(cx));
        this.in_flight = None;
        let reply = match reply {
            Ok(reply) => reply,
            Err(error) => return this.fail(error),
        };
        let (status, request_id) = (reply.status, reply.request_id.clone());
        let page = match this.client.decode::<P>(reply) {
            Ok(page) => page,
            Err(error) => return this.fail(error),
        };

        // A short page is the last one; a page without its item list (an
        // extent not asked for) says nothing, and the cursor decides.
        let page_size = this.request.page_size() as usize;
        let count = P::item_count(&page);
        if let Some(count) = count.filter(|&count| count > page_size) {
            // Not a page of what was asked for: the server is broken, and
            // following its cursor could go on without end.
            return this.fail(Error::Decode(DecodeError {
                operation: P::PATH,
                status,
                request_id,
                reason: format!(
                    "the page holds {count} items, more than the Count of {page_size} asked for"
                ),
            }));
        }
        let short = count.is_some_and(|count| count < page_size);
        match P::next_cursor(&page) {
            Some(cursor) if !short => {
                if !this.followed.insert(cursor) {
                    // Its items would repeat a page already given out.
                    return this.fail(Error::RepeatedCursor(RepeatedCursorError {
                        operation: P::PATH,
                        cursor,
                        request_id,
                    }));
                }
                this.request.set_cursor(Some(cursor));
            }
            _ => this.done = true,
        }
        Poll::Ready(Some(Ok(page)))
    }
}

impl<P: Paginated> FusedStream for Pages<P> {
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl<P: Paginated + fmt::Debug> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("request", &self.request)
            .field("in_flight", &self.in_flight.is_some())
            .field("pages_followed", &self.followed.len())
            .field("max_pages", &self.max_pages)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// The items of every page of a paginated operation, from
/// [`Client::items`].
///
/// A stream of `Result<P::Item, Error>`. The next page is fetched only when
/// the items of the current one have all been taken. After an error the
/// stream ends.
pub struct Items<P: Paginated> {
    pages: Pages<P>,
    current: std::vec::IntoIter<P::Item>,
}

// Nothing is pinned in place; see `Pages`.
impl<P: Paginated> Unpin for Items<P> {}

impl<P: Paginated> Items<P> {
    pub(crate) fn new(pages: Pages<P>) -> Self {
        Items {
            pages,
            current: Vec::new().into_iter(),
        }
    }

    /// The next item; `None` after the last one (or after an error).
    ///
    /// The same as `StreamExt::next`, without needing the trait.
    pub async fn next(&mut self) -> Option<Result<P::Item, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The pager underneath, e.g. for its
    /// [`next_request`](Pages::next_request).
    pub fn pages(&self) -> &Pages<P> {
        &self.pages
    }

    /// Bounds the stream to the items of `max` pages; see
    /// [`Pages::max_pages`].
    pub fn max_pages(mut self, max: usize) -> Self {
        self.pages = self.pages.max_pages(max);
        self
    }
}

impl<P: Paginated> Stream for Items<P> {
    type Item = Result<P::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            // Free the spent page's buffer before the next one arrives, so
            // that only one page is held at a time (an empty Vec allocates
            // nothing).
            this.current = Vec::new().into_iter();
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.current = P::into_items(page).into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (buffered, _) = self.current.size_hint();
        (
            buffered,
            if self.pages.done {
                Some(buffered)
            } else {
                None
            },
        )
    }
}

impl<P: Paginated> FusedStream for Items<P> {
    fn is_terminated(&self) -> bool {
        self.pages.done && self.current.len() == 0
    }
}

impl<P: Paginated + fmt::Debug> fmt::Debug for Items<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.current.len())
            .finish()
    }
}
