//! Retries on tokio's paused clock: waits are virtual, so nothing sleeps.

use std::time::Duration;

use chrono::Utc;
use mews_connector::{ApiErrorKind, Error, RetryPolicy};
use tokio::time::Instant;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const SECOND: Duration = Duration::from_secs(1);

/// Answers `first` once on `at`, then `200` with `ok_body`.
async fn failing_once(at: &str, first: ResponseTemplate, ok_body: &str) -> MockServer {
    let server = server().await;
    Mock::given(path(at))
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_string(ok_body.to_owned()))
        .mount(&server)
        .await;
    server
}

const ADDED: &str = r#"{"Things":[]}"#;
const PAGE: &str = r#"{"Things":[],"Cursor":null}"#;

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test(start_paused = true)]
async fn too_many_requests_waits_the_retry_after_seconds_even_for_writes() {
    let server = failing_once(
        ADD_PATH,
        ResponseTemplate::new(429).insert_header("Retry-After", "7"),
        ADDED,
    )
    .await;
    let client = paused_builder(&server.uri()).build().unwrap();

    let start = Instant::now();
    client.send(AddThings::new(&["a"])).await.unwrap();
    assert!(start.elapsed() >= 7 * SECOND, "{:?}", start.elapsed());
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn too_many_requests_honours_an_http_date() {
    // The date is on the wall clock; the wait itself is virtual.
    let date = (Utc::now() + chrono::Duration::seconds(6))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let server = failing_once(
        GET_PATH,
        ResponseTemplate::new(429).insert_header("Retry-After", date),
        PAGE,
    )
    .await;
    let client = paused_builder(&server.uri()).build().unwrap();

    let start = Instant::now();
    client.send(GetThings::new(1)).await.unwrap();
    assert!(start.elapsed() >= 4 * SECOND, "{:?}", start.elapsed());
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn too_many_requests_without_retry_after_backs_off_exponentially() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(3)
        .mount(&server)
        .await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(PAGE))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .with_max_attempts(4)
        .with_initial_backoff(2 * SECOND)
        .with_jitter(false);
    let client = paused_builder(&server.uri())
        .retry_policy(policy)
        .build()
        .unwrap();

    let start = Instant::now();
    client.send(GetThings::new(1)).await.unwrap();
    // 2 s, 4 s, 8 s.
    assert!(start.elapsed() >= 14 * SECOND, "{:?}", start.elapsed());
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let server = failing_once(
        GET_PATH,
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
        PAGE,
    )
    .await;
    let client = paused_builder(&server.uri()).build().unwrap();

    let start = Instant::now();
    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert_eq!(err.as_api().unwrap().retry_after, Some(3600 * SECOND));
    assert!(start.elapsed() < SECOND, "{:?}", start.elapsed());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test(start_paused = true)]
async fn attempts_are_bounded() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = paused_builder(&server.uri())
        .retry_policy(RetryPolicy::default().with_max_attempts(3))
        .build()
        .unwrap();

    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert_eq!(err.as_api().unwrap().kind, ApiErrorKind::ServerError);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test(start_paused = true)]
async fn a_server_error_is_retried_for_a_safe_operation() {
    let server = failing_once(GET_PATH, ResponseTemplate::new(500), PAGE).await;
    let client = paused_builder(&server.uri()).build().unwrap();

    let start = Instant::now();
    client.send(GetThings::new(1)).await.unwrap();
    assert!(start.elapsed() >= SECOND);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn a_server_error_or_timeout_is_not_retried_for_a_write() {
    for status in [500, 503, 408] {
        let server = failing_once(ADD_PATH, ResponseTemplate::new(status), ADDED).await;
        let client = paused_builder(&server.uri()).build().unwrap();

        let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(requests(&server).await, 1, "{status}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_disabled_policy_never_retries() {
    let server = failing_once(GET_PATH, ResponseTemplate::new(500), PAGE).await;
    let client = paused_builder(&server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();

    assert_eq!(
        client.send(GetThings::new(1)).await.unwrap_err().status(),
        Some(500)
    );
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test(start_paused = true)]
async fn a_dropped_connection_is_retried_only_for_a_safe_operation() {
    let answer = |n| {
        if n == 0 {
            Answer::Close
        } else {
            Answer::Json(PAGE)
        }
    };
    let raw = RawServer::start(answer).await;
    let client = paused_builder(&raw.address).build().unwrap();
    client.send(GetThings::new(1)).await.unwrap();
    assert_eq!(raw.connections(), 2);

    let raw = RawServer::start(answer).await;
    let client = paused_builder(&raw.address).build().unwrap();
    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert!(
        !transport.is_connect(),
        "the request may have been processed: {err:?}"
    );
    assert_eq!(raw.connections(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_even_for_a_write() {
    // Reserve a port, free it, and start listening on it only after the
    // first attempt has been refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = paused_builder(&format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let late_server = tokio::spawn(async move {
        tokio::time::sleep(SECOND / 2).await;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        RawServer::serve(listener, |_| Answer::Json(ADDED))
    });

    let start = Instant::now();
    client.send(AddThings::new(&["a"])).await.unwrap();
    assert!(start.elapsed() >= SECOND);
    assert_eq!(late_server.await.unwrap().connections(), 1);
}

#[tokio::test(start_paused = true)]
async fn timeouts_bound_an_attempt_and_an_operation() {
    let raw = RawServer::start(|_| Answer::Hang).await;
    let client = paused_builder(&raw.address)
        .attempt_timeout(30 * SECOND)
        .build()
        .unwrap();
    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert!(transport.is_timeout() && !transport.is_connect(), "{err:?}");
    assert_eq!(
        raw.connections(),
        1,
        "a write that timed out is not repeated"
    );

    let client = paused_builder(&raw.address)
        .operation_timeout(45 * SECOND)
        .build()
        .unwrap();
    let start = Instant::now();
    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.is_timeout()),
        "{err:?}"
    );
    assert!(
        (45 * SECOND..46 * SECOND).contains(&start.elapsed()),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_request_timeout_is_not_retried_even_for_a_read() {
    // Mews: a 408 means "ask for less data", not "send it again".
    let server = failing_once(GET_PATH, ResponseTemplate::new(408), PAGE).await;
    let client = paused_builder(&server.uri()).build().unwrap();

    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert_eq!(err.as_api().unwrap().kind, ApiErrorKind::RequestTimeout);
    assert!(!err.is_retryable(), "{err}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test(start_paused = true)]
async fn a_request_timeout_is_retried_once_for_a_read_when_allowed() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(408))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .with_jitter(false)
        .with_max_attempts(5)
        .with_request_timeout_retry(true);
    let client = paused_builder(&server.uri())
        .retry_policy(policy.clone())
        .build()
        .unwrap();

    let start = Instant::now();
    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert_eq!(err.status(), Some(408));
    assert_eq!(requests(&server).await, 2, "one cautious retry, no more");
    assert!(start.elapsed() >= SECOND, "{:?}", start.elapsed());

    // Still never for a write.
    let server = failing_once(ADD_PATH, ResponseTemplate::new(408), ADDED).await;
    let client = paused_builder(&server.uri())
        .retry_policy(policy)
        .build()
        .unwrap();
    assert_eq!(
        client
            .send(AddThings::new(&["a"]))
            .await
            .unwrap_err()
            .status(),
        Some(408)
    );
    assert_eq!(requests(&server).await, 1);
}

/// Far more seconds than a `u64` holds; parsed as `u64::MAX` seconds.
const ABSURD_RETRY_AFTER: &str = "99999999999999999999";
const YEAR: Duration = Duration::from_secs(365 * 24 * 60 * 60);

#[tokio::test(start_paused = true)]
async fn an_absurd_retry_after_allowed_by_the_cap_pauses_the_token_without_overflow() {
    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", ABSURD_RETRY_AFTER))
        .mount(&server)
        .await;
    let client = paused_builder(&server.uri())
        .retry_policy(RetryPolicy::disabled().with_max_retry_after(Duration::MAX))
        .build()
        .unwrap();

    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    assert_eq!(
        err.as_api().unwrap().retry_after,
        Some(Duration::from_secs(u64::MAX))
    );
    // Every caller of the token is held back, as good as for ever.
    let limiter = client.rate_limiter().unwrap();
    assert!(
        tokio::time::timeout(10 * YEAR, limiter.acquire())
            .await
            .is_err()
    );
}

#[tokio::test(start_paused = true)]
async fn an_absurd_retry_after_allowed_by_the_cap_is_waited_out_without_overflow() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", ABSURD_RETRY_AFTER))
        .mount(&server)
        .await;
    let client = paused_builder(&server.uri())
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_max_retry_after(Duration::MAX),
        )
        .build()
        .unwrap();

    let start = Instant::now();
    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    // The wait ends at the far future (about 30 years on the paused clock).
    assert!(start.elapsed() >= 10 * YEAR, "{:?}", start.elapsed());
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_zero_or_in_the_past_still_backs_off() {
    let past = (Utc::now() - chrono::Duration::hours(1))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    for retry_after in ["0".to_owned(), past] {
        let server = server().await;
        Mock::given(path(GET_PATH))
            .respond_with(
                ResponseTemplate::new(429).insert_header("Retry-After", retry_after.as_str()),
            )
            .up_to_n_times(2)
            .mount(&server)
            .await;
        Mock::given(path(GET_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_string(PAGE))
            .mount(&server)
            .await;
        let client = paused_builder(&server.uri()).build().unwrap();

        let start = Instant::now();
        client.send(GetThings::new(1)).await.unwrap();
        // Not three attempts at once: the backoff's 1 s, then 2 s.
        assert!(
            start.elapsed() >= 3 * SECOND,
            "{retry_after}: {:?}",
            start.elapsed()
        );
        assert_eq!(requests(&server).await, 3);
    }
}

#[tokio::test(start_paused = true)]
async fn with_the_defaults_a_silent_server_is_given_up_on_within_two_minutes() {
    let raw = RawServer::start(|_| Answer::Hang).await;
    // Every default but the retry policy's (a read retried after its
    // timeout).
    let client = builder(&raw.address)
        .retry_policy(RetryPolicy::default())
        .build()
        .unwrap();

    let start = Instant::now();
    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.is_timeout()),
        "{err:?}"
    );
    // The call's deadline, not three whole attempts.
    assert_eq!(start.elapsed(), 120 * SECOND, "{err}");
    assert_eq!(raw.connections(), 2, "one whole attempt, one cut short");

    // A write is not repeated: one attempt's timeout.
    let start = Instant::now();
    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.is_timeout()),
        "{err:?}"
    );
    assert_eq!(start.elapsed(), 60 * SECOND, "{err}");
    assert_eq!(raw.connections(), 3);
}
