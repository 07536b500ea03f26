//! Paging: following cursors, stopping at the end, and refusing to loop.

use std::collections::HashMap;

use futures_util::{StreamExt, TryStreamExt};
use mews_connector::operation::Paginated;
use mews_connector::{ApiErrorKind, Error, Items, Pages};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::*;

/// Answers each page by the cursor the request carries.
struct Pager(HashMap<Option<Uuid>, ResponseTemplate>);

impl Respond for Pager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let cursor = body["Limitation"]["Cursor"]
            .as_str()
            .map(|c| c.parse().unwrap());
        self.0.get(&cursor).cloned().unwrap_or_else(|| {
            ResponseTemplate::new(400).set_body_string(r#"{"Message":"Invalid Cursor."}"#)
        })
    }
}

fn page(ids: &[u128], cursor: Option<u128>) -> ResponseTemplate {
    let things: Vec<_> = ids.iter().map(|&n| thing(n)).collect();
    ResponseTemplate::new(200)
        .set_body_json(json!({ "Things": things, "Cursor": cursor.map(Uuid::from_u128) }))
}

/// A server with `pages`: (cursor sent, answer).
async fn paging_server(pages: Vec<(Option<u128>, ResponseTemplate)>) -> MockServer {
    let server = server().await;
    let pages = pages
        .into_iter()
        .map(|(c, t)| (c.map(Uuid::from_u128), t))
        .collect();
    Mock::given(path(GET_PATH))
        .respond_with(Pager(pages))
        .mount(&server)
        .await;
    server
}

/// The cursor and count of every request the server got, in order.
async fn limitations(server: &MockServer) -> Vec<(Option<u128>, u64)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            let cursor = body["Limitation"]["Cursor"]
                .as_str()
                .map(|c| c.parse::<Uuid>().unwrap().as_u128());
            (cursor, body["Limitation"]["Count"].as_u64().unwrap())
        })
        .collect()
}

fn ids(things: &[Thing]) -> Vec<u128> {
    things.iter().map(|t| t.id.as_u128()).collect()
}

#[tokio::test]
async fn items_follow_the_cursor_until_it_is_null() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), page(&[3, 4], Some(4))),
        (Some(4), page(&[5, 6], None)),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let things: Vec<Thing> = client.items(GetThings::new(2)).try_collect().await.unwrap();
    assert_eq!(ids(&things), [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        limitations(&server).await,
        [(None, 2), (Some(2), 2), (Some(4), 2)]
    );
}

#[tokio::test]
async fn a_short_page_is_the_last() {
    let server = paging_server(vec![
        (None, page(&[1, 2, 3], Some(3))),
        (Some(3), page(&[4, 5], Some(5))),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let pages: Vec<ThingPage> = client.pages(GetThings::new(3)).try_collect().await.unwrap();
    assert_eq!(
        pages.iter().map(|p| ids(&p.things)).collect::<Vec<_>>(),
        [vec![1, 2, 3], vec![4, 5]]
    );
    assert_eq!(limitations(&server).await, [(None, 3), (Some(3), 3)]);
}

#[tokio::test]
async fn an_empty_204_page_ends_the_stream() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), ResponseTemplate::new(204)),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let things: Vec<Thing> = client.items(GetThings::new(2)).try_collect().await.unwrap();
    assert_eq!(ids(&things), [1, 2]);
    assert_eq!(limitations(&server).await.len(), 2);
}

#[tokio::test]
async fn a_repeated_cursor_stops_with_an_error() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), page(&[3, 4], Some(4))),
        // Back to a cursor already followed: the next pages would repeat.
        (
            Some(4),
            page(&[1, 2], Some(2)).insert_header("Request-Id", "loop-1"),
        ),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let mut pages = client.pages(GetThings::new(2));
    assert_eq!(ids(&pages.next().await.unwrap().unwrap().things), [1, 2]);
    assert_eq!(ids(&pages.next().await.unwrap().unwrap().things), [3, 4]);
    let err = pages.next().await.unwrap().unwrap_err();
    let Error::RepeatedCursor(repeated) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (repeated.cursor(), repeated.request_id()),
        (Uuid::from_u128(2), Some("loop-1"))
    );
    assert_eq!(err.request_id(), Some("loop-1"));
    assert!(
        pages.next().await.is_none(),
        "the stream ends after the error"
    );
    assert_eq!(limitations(&server).await.len(), 3);
}

#[tokio::test]
async fn a_cursor_answered_with_itself_stops_at_once() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), page(&[3, 4], Some(2))),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let results: Vec<_> = client.items(GetThings::new(2)).collect().await;
    assert_eq!(results.len(), 3);
    assert!(
        matches!(&results[2], Err(Error::RepeatedCursor(r)) if r.cursor() == Uuid::from_u128(2))
    );
    assert_eq!(limitations(&server).await.len(), 2);
}

#[tokio::test]
async fn items_fetch_a_page_only_when_the_last_is_used_up() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), page(&[3], None)),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let mut items: Items<GetThings> = client.items(GetThings::new(2));
    assert_eq!(
        limitations(&server).await.len(),
        0,
        "nothing is fetched before the first poll"
    );
    assert_eq!(items.next().await.unwrap().unwrap().id.as_u128(), 1);
    assert_eq!(items.next().await.unwrap().unwrap().id.as_u128(), 2);
    assert_eq!(limitations(&server).await.len(), 1);
    assert_eq!(items.next().await.unwrap().unwrap().id.as_u128(), 3);
    assert_eq!(limitations(&server).await.len(), 2);
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn an_error_page_ends_the_stream_after_the_items_before_it() {
    let server = paging_server(vec![(None, page(&[1, 2], Some(2)))]).await;
    let client = builder(&server.uri()).build().unwrap();

    let results: Vec<_> = client.items(GetThings::new(2)).collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[1].as_ref().unwrap().id.as_u128(), 2);
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.as_api().map(|e| e.kind), Some(ApiErrorKind::BadRequest));
}

#[tokio::test]
async fn a_paged_request_breaking_contracts_is_not_sent() {
    let server = paging_server(vec![]).await;
    let client = builder(&server.uri()).build().unwrap();

    let mut pages = client.pages(GetThings::new(0));
    assert!(matches!(pages.next().await, Some(Err(Error::Contract(_)))));
    assert!(pages.next().await.is_none());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn pagers_are_owned_unpin_and_sendable() {
    fn owned<T: Send + Unpin + 'static>(_: &T) {}
    let server = paging_server(vec![(None, page(&[1], None))]).await;
    let client = builder(&server.uri()).build().unwrap();
    let pages: Pages<GetThings> = client.pages(GetThings::new(2));
    let items = client.items(GetThings::new(2));
    owned(&pages);
    owned(&items);
    fn shared<T: Send + Sync + 'static>(_: &T) {}
    shared(&client);
    drop(client);
    // The pager owns a clone of the client, so it outlives the original.
    let things = tokio::spawn(items.try_collect::<Vec<_>>())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ids(&things), [1]);
}

#[tokio::test]
async fn a_page_larger_than_the_count_asked_for_is_an_error() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (
            Some(2),
            page(&[3, 4, 5], Some(5)).insert_header("Request-Id", "big-1"),
        ),
        (Some(5), page(&[6], None)),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let results: Vec<_> = client.items(GetThings::new(2)).collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    let err = results[2].as_ref().unwrap_err();
    let Error::Decode(decode) = err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.request_id(), Some("big-1"));
    assert!(
        decode.reason().contains("3 items") && decode.reason().contains("Count of 2"),
        "{err}"
    );
    assert_eq!(limitations(&server).await.len(), 2, "paging stopped");
}

/// Answers every page with a full page and a cursor it never gave before.
struct Endless;

impl Respond for Endless {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let last = body["Limitation"]["Cursor"]
            .as_str()
            .map_or(0, |c| c.parse::<Uuid>().unwrap().as_u128());
        page(&[last + 1, last + 2], Some(last + 2))
    }
}

#[tokio::test]
async fn a_stream_can_be_bounded_in_pages() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(Endless)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    let mut items = client.items(GetThings::new(2)).max_pages(3);
    let mut got = Vec::new();
    // Bounded: an unbounded stream would go on for ever.
    for _ in 0..100 {
        match items.next().await {
            Some(Ok(thing)) => got.push(thing.id.as_u128()),
            Some(Err(err)) => {
                let Error::PageLimit(limit) = &err else {
                    panic!("{err:?}")
                };
                assert_eq!((limit.operation(), limit.max_pages()), ("things/getAll", 3));
                assert_eq!(
                    err.to_string(),
                    "things/getAll failed: stopped after 3 pages (the stream's page limit); \
                     more pages remain"
                );
                assert!(!err.is_retryable());
                break;
            }
            None => panic!("the stream ended without saying why"),
        }
    }
    assert_eq!(got, [1, 2, 3, 4, 5, 6]);
    assert!(
        items.next().await.is_none(),
        "the stream ends after the error"
    );
    assert_eq!(limitations(&server).await.len(), 3);
    // Where to resume from.
    assert_eq!(
        items.pages().next_request().limitation.cursor,
        Some(Uuid::from_u128(6))
    );

    // The same bound on pages; a stream that ends within it is not cut.
    let pages: Vec<_> = client.pages(GetThings::new(2)).max_pages(1).collect().await;
    assert!(
        matches!(pages[..], [Ok(_), Err(Error::PageLimit(_))]),
        "{pages:?}"
    );
    let short = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), page(&[3], None)),
    ])
    .await;
    let client = builder(&short.uri()).build().unwrap();
    let things: Vec<Thing> = client
        .items(GetThings::new(2))
        .max_pages(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&things), [1, 2, 3]);
}

/// The `Limitation` of every request the server got, as sent.
async fn sent_limitations(server: &MockServer) -> Vec<serde_json::Value> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["Limitation"].clone()
        })
        .collect()
}

fn some_things(limitation: Option<Limitation>) -> GetSomeThings {
    GetSomeThings {
        thing_ids: vec![Uuid::from_u128(1)],
        limitation,
    }
}

#[tokio::test]
async fn the_pager_fills_in_a_left_out_limitation_with_the_largest_page() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), page(&[3, 4], Some(4))),
        (Some(4), page(&[5], Some(5))),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let things: Vec<Thing> = client.items(some_things(None)).try_collect().await.unwrap();
    assert_eq!(ids(&things), [1, 2, 3, 4, 5]);
    let count = u64::from(LARGEST_PAGE);
    assert_eq!(
        limitations(&server).await,
        [(None, count), (Some(2), count), (Some(4), count)],
        "every page, the first included, is limited to the largest page"
    );
}

#[tokio::test]
async fn a_given_optional_limitation_is_paged_as_given() {
    let server = paging_server(vec![
        (None, page(&[1], Some(1))),
        (Some(1), page(&[2], Some(2))),
        (Some(2), ResponseTemplate::new(204)),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let request = some_things(Some(Limitation {
        count: 1,
        cursor: None,
    }));
    let things: Vec<Thing> = client.items(request).try_collect().await.unwrap();
    assert_eq!(ids(&things), [1, 2]);
    assert_eq!(
        limitations(&server).await,
        [(None, 1), (Some(1), 1), (Some(2), 1)]
    );
}

#[tokio::test]
async fn send_leaves_a_left_out_limitation_out() {
    let server = paging_server(vec![(None, page(&[1, 2, 3], None))]).await;
    let client = builder(&server.uri()).build().unwrap();

    let page = client.send(some_things(None)).await.unwrap();
    assert_eq!(ids(&page.things), [1, 2, 3]);
    assert_eq!(sent_limitations(&server).await, [serde_json::Value::Null]);
}

#[tokio::test]
async fn a_pager_resumed_from_a_request_without_limitation_starts_from_the_newest() {
    let server = paging_server(vec![(None, page(&[1], None))]).await;
    let client = builder(&server.uri()).build().unwrap();

    let pages = client.pages(some_things(None));
    let next = pages.next_request();
    assert_eq!(next.cursor(), None);
    assert_eq!(next.page_size(), LARGEST_PAGE);
    assert!(next.limitation.is_some(), "the pager's request is limited");
    let pages: Vec<ThingPage> = pages.try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
}

fn things_and_tags(ids: &[u128], tags: &[&str], cursor: Option<u128>) -> ResponseTemplate {
    let things: Vec<_> = ids.iter().map(|&n| thing(n)).collect();
    ResponseTemplate::new(200).set_body_json(
        json!({ "Things": things, "Tags": tags, "Cursor": cursor.map(Uuid::from_u128) }),
    )
}

#[tokio::test]
async fn only_the_items_list_decides_whether_a_page_is_the_last() {
    let server = paging_server(vec![
        // Full in items, empty in tags: more pages follow.
        (None, things_and_tags(&[1, 2], &[], Some(2))),
        // Short in items, long in tags: the last page.
        (Some(2), things_and_tags(&[3], &["a", "b", "c"], Some(3))),
        (Some(3), things_and_tags(&[4, 5], &[], None)),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();

    let pages: Vec<ThingsAndTags> = client
        .pages(GetThingsAndTags(GetThings::new(2)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        pages
            .iter()
            .map(|p| (ids(&p.things), p.tags.clone()))
            .collect::<Vec<_>>(),
        [
            (vec![1, 2], vec![]),
            (
                vec![3],
                vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]
            )
        ],
        "the pages stream keeps every list of every page"
    );
    assert_eq!(limitations(&server).await, [(None, 2), (Some(2), 2)]);

    let things: Vec<Thing> = client
        .items(GetThingsAndTags(GetThings::new(2)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ids(&things),
        [1, 2, 3],
        "the item stream follows `Things` only"
    );
}
