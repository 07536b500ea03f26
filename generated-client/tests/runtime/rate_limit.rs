//! The client-side rate limit, on tokio's paused clock.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::join_all;
use mews_connector::{Client, Credentials, Environment, RateLimit, RateLimiter};
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const WINDOW: Duration = Duration::from_secs(30);

/// Checks that no half-open window of 30 s holds more than `limit` of
/// `times`.
fn assert_at_most_per_window(limit: usize, times: &mut [Duration]) {
    times.sort();
    for (i, run) in times.windows(limit + 1).enumerate() {
        assert!(
            run[limit] - run[0] >= WINDOW,
            "requests {i}..={} fall within {:?}",
            i + limit,
            run[limit] - run[0]
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_limiter_lets_200_through_per_30_seconds_under_concurrency() {
    let limiter = RateLimiter::new(RateLimit::MEWS);
    let start = Instant::now();
    let times = Arc::new(Mutex::new(Vec::new()));
    let callers: Vec<_> = (0..650u64)
        .map(|n| {
            let (limiter, times) = (limiter.clone(), times.clone());
            tokio::spawn(async move {
                // Callers arrive in bursts over the first 40 s.
                tokio::time::sleep(Duration::from_millis((n % 4) * 10_000 + n)).await;
                limiter.acquire().await;
                times.lock().unwrap().push(start.elapsed());
            })
        })
        .collect();
    for caller in callers {
        caller.await.unwrap();
    }
    let mut times = times.lock().unwrap().clone();
    assert_eq!(times.len(), 650);
    assert_at_most_per_window(200, &mut times);
    // No one waits longer than needed: 650 requests need four windows.
    assert!(*times.last().unwrap() < 4 * WINDOW, "{:?}", times.last());
    // Room is used as soon as callers come: the 200th caller arrives at
    // 10.145 s and goes at once; the 201st waits for the first slot to free.
    assert_eq!(times[199], Duration::from_millis(10_145));
    assert_eq!(times[200], WINDOW);
}

#[tokio::test(start_paused = true)]
async fn requests_through_clients_sharing_a_token_are_held_back() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things":[],"Cursor":null}"#))
        .mount(&server)
        .await;
    let first = paused_builder(&server.uri()).build().unwrap();
    let clone = first.clone();
    let second = paused_builder(&server.uri()).build().unwrap();
    assert!(
        first
            .rate_limiter()
            .unwrap()
            .same_as(clone.rate_limiter().unwrap())
    );
    assert!(
        first
            .rate_limiter()
            .unwrap()
            .same_as(second.rate_limiter().unwrap())
    );
    assert_eq!(first.rate_limiter().unwrap().limit(), RateLimit::MEWS);

    let start = Instant::now();
    let calls = (0..205).map(|n| {
        let client = [&first, &clone, &second][n % 3].clone();
        async move {
            client
                .send(GetThings::new(1))
                .await
                .map(|_| start.elapsed())
        }
    });
    let mut done: Vec<Duration> = join_all(calls)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    done.sort();
    assert!(
        done[200] >= WINDOW,
        "the 201st request finished after {:?}",
        done[200]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 205);
}

#[test]
fn limiters_are_per_access_token_and_can_be_given_or_turned_off() {
    let env = Environment::custom("http://127.0.0.1:9").unwrap();
    let build = |token: &str| Client::builder(env.clone(), Credentials::new("ct", token, "x"));
    let a = build("token-a").build().unwrap();
    let b = build("token-b").build().unwrap();
    assert!(!a.rate_limiter().unwrap().same_as(b.rate_limiter().unwrap()));
    assert!(
        build("token-a")
            .no_rate_limit()
            .build()
            .unwrap()
            .rate_limiter()
            .is_none()
    );

    let two_per_second = RateLimit::new(NonZeroU32::new(2).unwrap(), Duration::from_secs(1));
    let custom = build("token-a").rate_limit(two_per_second).build().unwrap();
    assert!(
        !custom
            .rate_limiter()
            .unwrap()
            .same_as(a.rate_limiter().unwrap()),
        "another limit, another budget"
    );

    let given = RateLimiter::new(two_per_second);
    let c = build("token-c")
        .rate_limiter(given.clone())
        .build()
        .unwrap();
    let d = build("token-d")
        .rate_limiter(given.clone())
        .build()
        .unwrap();
    assert!(c.rate_limiter().unwrap().same_as(&given) && d.rate_limiter().unwrap().same_as(&given));
}

#[tokio::test(start_paused = true)]
async fn a_429_with_retry_after_pauses_every_caller_of_the_token() {
    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "20"))
        .mount(&server)
        .await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things":[],"Cursor":null}"#))
        .mount(&server)
        .await;
    let client = paused_builder(&server.uri())
        .retry_policy(mews_connector::RetryPolicy::disabled())
        .build()
        .unwrap();
    let other = paused_builder(&server.uri()).build().unwrap();

    let start = Instant::now();
    assert_eq!(
        client
            .send(AddThings::new(&["a"]))
            .await
            .unwrap_err()
            .status(),
        Some(429)
    );
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "the caller that got the 429 decides itself"
    );
    other.send(GetThings::new(1)).await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_window_too_long_for_the_clock_holds_back_without_overflow() {
    let year = Duration::from_secs(365 * 24 * 60 * 60);
    let limiter = RateLimiter::new(RateLimit::new(NonZeroU32::MIN, Duration::MAX));
    assert!(limiter.limit().window() >= 10 * year);

    limiter.acquire().await;
    // The second request waits for the first slot to free up: as good as
    // never.
    assert!(
        tokio::time::timeout(10 * year, limiter.acquire())
            .await
            .is_err()
    );
}

/// A server that records when each request has arrived whole, on the
/// paused clock, and holds back reading the first `slow` connections' requests
/// for `delay` (as a slow network or TLS handshake would).
async fn arrivals_server(slow: usize, delay: Duration) -> (String, Arc<Mutex<Vec<Duration>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let recorded = arrivals.clone();
    let start = Instant::now();
    tokio::spawn(async move {
        for n in 0.. {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let recorded = recorded.clone();
            tokio::spawn(async move {
                if n < slow {
                    tokio::time::sleep(delay).await;
                }
                read_request(&mut socket).await;
                recorded.lock().unwrap().push(start.elapsed());
                let body = r#"{"Things":[],"Cursor":null}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (address, arrivals)
}

#[tokio::test(start_paused = true)]
async fn no_window_sees_more_arrivals_at_the_server_than_the_limit() {
    // Mews' rule with 5 requests for 200 (a burst of 200 connections would
    // overflow the listen backlog, and the paused clock would jump through
    // the SYN retries). The first 5 requests take 5 s to arrive; had their
    // slots counted from when they set off, the 6th would go at 30 s and
    // arrive within 30 s of them.
    let five = RateLimit::new(NonZeroU32::new(5).unwrap(), WINDOW);
    let (address, arrivals) = arrivals_server(5, Duration::from_secs(5)).await;
    let client = paused_builder(&address).rate_limit(five).build().unwrap();
    let calls = (0..12).map(|_| client.send(GetThings::new(1)));
    for result in join_all(calls).await {
        result.unwrap();
    }
    let mut arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 12);
    assert_at_most_per_window(5, &mut arrivals);
}

#[tokio::test(start_paused = true)]
async fn a_waiter_polled_once_and_left_alive_holds_up_no_one() {
    let limiter = RateLimiter::new(RateLimit::new(
        NonZeroU32::new(2).unwrap(),
        Duration::from_secs(10),
    ));
    let start = Instant::now();
    limiter.acquire().await;
    limiter.acquire().await;
    // Waits for the window, then is neither polled nor dropped.
    let mut stalled = Box::pin(limiter.acquire());
    assert!(futures_util::poll!(&mut stalled).is_pending());

    let other = limiter.clone();
    assert!(
        tokio::time::timeout(Duration::from_secs(60), other.acquire())
            .await
            .is_ok(),
        "held up by a waiter no one polls"
    );
    assert_eq!(start.elapsed(), Duration::from_secs(10));
    drop(stalled);
}

#[tokio::test]
async fn a_send_polled_once_and_left_alive_holds_up_no_other_call() {
    // Real time (the call does I/O, during which a paused clock would jump
    // to the guard's deadline): a 100 ms window against a 20 s guard.
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things":[],"Cursor":null}"#))
        .mount(&server)
        .await;
    let two_per_100_ms = RateLimit::new(NonZeroU32::new(2).unwrap(), Duration::from_millis(100));
    let client = builder(&server.uri())
        .rate_limiter(RateLimiter::new(two_per_100_ms))
        .build()
        .unwrap();
    client.send(GetThings::new(1)).await.unwrap();
    client.send(GetThings::new(1)).await.unwrap();
    // Waits for the window; when a slot frees it takes it, like a request
    // in flight, but it must not keep the other slot from the next caller.
    let mut stalled = Box::pin(client.send(GetThings::new(1)));
    assert!(futures_util::poll!(&mut stalled).is_pending());

    let clone = client.clone();
    let call = tokio::time::timeout(Duration::from_secs(20), clone.send(GetThings::new(1)));
    assert!(call.await.is_ok(), "held up by a call no one polls");
    drop(stalled);
}
