//! Limits on what the client reads: a success body larger than the limit
//! ends the call with an error that is not retried.

use std::time::Duration;

use mews_connector::client::DEFAULT_RESPONSE_SIZE_LIMIT;
use mews_connector::{Error, RetryPolicy};

use crate::support::*;

const PAGE: &str = r#"{"Things":[],"Cursor":null}"#;

/// A builder that would retry (a read is safe to repeat) and whose attempts
/// end, so that a client reading on would fail rather than hang.
fn retrying(address: &str) -> mews_connector::ClientBuilder {
    builder(address)
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_jitter(false),
        )
        .attempt_timeout(Duration::from_secs(5))
}

fn too_large(err: &Error) -> (u16, u64) {
    match err {
        Error::ResponseTooLarge(e) => (e.status(), e.limit()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_and_is_not_retried() {
    let raw = RawServer::start(|_| Answer::Endless).await;
    let client = retrying(&raw.address)
        .response_size_limit(1024 * 1024)
        .build()
        .unwrap();

    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert_eq!(too_large(&err), (200, 1024 * 1024));
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "things/getAll failed: Mews' 200 answer is larger than the response size limit of \
         1048576 bytes"
    );
    assert_eq!(raw.connections(), 1, "not retried");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    // The server sends none of the bytes it announces: reading any would
    // wait for the attempt timeout.
    let raw = RawServer::start(|_| Answer::Declared(500 * 1024 * 1024)).await;
    let client = retrying(&raw.address).build().unwrap();

    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert_eq!(too_large(&err), (200, DEFAULT_RESPONSE_SIZE_LIMIT as u64));
    assert_eq!(raw.connections(), 1);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read() {
    for (limit, fits) in [(PAGE.len(), true), (PAGE.len() - 1, false)] {
        // In chunks (no declared length) and whole (with one).
        let chunked = RawServer::start(|_| Answer::Chunked(PAGE, 5)).await;
        let whole = RawServer::start(|_| Answer::Json(PAGE)).await;
        for address in [&chunked.address, &whole.address] {
            let client = retrying(address)
                .response_size_limit(limit)
                .build()
                .unwrap();
            let result = client.send(GetThings::new(1)).await;
            match result {
                Ok(page) => assert!(fits && page == ThingPage::default(), "{limit}"),
                Err(err) => assert_eq!(too_large(&err), (200, limit as u64)),
            }
        }
        assert_eq!((chunked.connections(), whole.connections()), (1, 1));
    }
}
