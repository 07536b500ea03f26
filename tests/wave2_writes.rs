//! Wave 2's booking writes through the runtime, against local servers: a
//! write that may have reached Mews is never sent twice (Mews has no
//! idempotency keys), while the read-like `reservations/price` is retried;
//! and a batch of reservations with one bad item is refused, naming that
//! item's path, before anything is sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use mews_connector::reservations::{
    AddReservationsRequest, AgeCategoryParameters, CancelReservationsRequest,
    PriceReservationsRequest, ReservationParameters,
};
use mews_connector::{Client, Credentials, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ADD: &str = "/api/connector/v1/reservations/add";
const CANCEL: &str = "/api/connector/v1/reservations/cancel";
const PRICE: &str = "/api/connector/v1/reservations/price";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

/// A client that would retry up to 3 attempts, with backoff short enough
/// not to slow the tests; whether it does is the operation's business.
fn client(address: &str) -> Client {
    Client::builder(
        Environment::custom(address).unwrap(),
        Credentials::new("CT-wave2", "AT-wave2", "client-tests 1.0"),
    )
    .no_rate_limit()
    .retry_policy(
        RetryPolicy::default()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(1))
            .with_jitter(false),
    )
    .build()
    .unwrap()
}

/// A server of the test's own that answers `status` once on `at`, then `200`
/// with the JSON text `ok`.
async fn failing_once(at: &str, status: u16, ok: &str) -> MockServer {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(json!({ "Message": "Boom." })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ok.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

/// A bare server that reads each whole request and then closes the
/// connection without answering: the request did reach it. Counts the
/// requests it read.
async fn dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                if read_request(&mut socket).await {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (address, requests)
}

/// Reads one HTTP/1.1 request with a `Content-Length` body; whether all of
/// it came.
async fn read_request(socket: &mut tokio::net::TcpStream) -> bool {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if data.len() >= end + 4 + length {
                return true;
            }
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
}

fn adults(count: i32) -> AgeCategoryParameters {
    AgeCategoryParameters::builder()
        .age_category_id(id(10))
        .count(count)
        .build()
}

fn stay(n: u32, people: i32) -> ReservationParameters {
    ReservationParameters::builder()
        .identifier(format!("stay-{n}"))
        .start_utc(at(n + 1, 14))
        .end_utc(at(n + 2, 10))
        .person_counts([adults(people)])
        .customer_id(id(20))
        .requested_category_id(id(30))
        .rate_id(id(40))
        .build()
}

fn add(stays: Vec<ReservationParameters>) -> AddReservationsRequest {
    AddReservationsRequest::builder()
        .service_id(id(1))
        .reservations(stays)
        .build()
}

fn cancel() -> CancelReservationsRequest {
    CancelReservationsRequest::builder()
        .reservation_ids([id(50)])
        .notes("Guest asked")
        .build()
}

fn price() -> PriceReservationsRequest {
    PriceReservationsRequest::builder()
        .service_id(id(1))
        .reservations([stay(1, 2)])
        .build()
}

/// Written as text: the amounts' digits are the point.
const PRICE_ANSWER: &str = r#"{"ReservationPrices":[{"Identifier":"stay-1","TotalAmount":{"Currency":"EUR","NetValue":200.00,"GrossValue":220.00,"TaxValues":[{"Code":"DE-S","Value":20.00}],"Breakdown":{"Items":[]}}}]}"#;

#[tokio::test]
async fn a_write_that_fails_with_a_server_error_is_sent_once() {
    for status in [500, 503] {
        let server = failing_once(ADD, status, r#"{"Reservations":[]}"#).await;
        let err = client(&server.uri())
            .reservations()
            .add(add(vec![stay(1, 2)]))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(bodies(&server).await.len(), 1, "{status}");

        let server = failing_once(CANCEL, status, r#"{"ReservationIds":[]}"#).await;
        let err = client(&server.uri())
            .reservations()
            .cancel(cancel())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(bodies(&server).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn a_write_whose_connection_breaks_after_sending_is_sent_once() {
    let (address, requests) = dropping_server().await;
    let err = client(&address)
        .reservations()
        .cancel(cancel())
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}")
    };
    assert!(!transport.is_connect(), "the request was sent: {err:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);

    let (address, requests) = dropping_server().await;
    let err = client(&address)
        .reservations()
        .add(add(vec![stay(1, 2)]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn pricing_is_retried_after_a_server_error_with_the_same_request() {
    let server = failing_once(PRICE, 500, PRICE_ANSWER).await;
    let prices = client(&server.uri())
        .reservations()
        .price(price())
        .await
        .unwrap();

    assert_eq!(prices.reservation_prices.len(), 1);
    assert_eq!(
        prices.reservation_prices[0]
            .total_amount
            .gross_value
            .to_string(),
        "220.00"
    );
    let sent = bodies(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0], sent[1]);
    assert_eq!(sent[0]["Reservations"][0]["Identifier"], "stay-1");
}

#[tokio::test]
async fn pricing_is_retried_after_a_broken_connection_until_attempts_run_out() {
    let (address, requests) = dropping_server().await;
    let err = client(&address)
        .reservations()
        .price(price())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_batch_with_one_bad_reservation_is_refused_by_its_path_and_not_sent() {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "Reservations": [] })))
        .mount(&server)
        .await;

    // The second of three stays is for nobody: counts must be positive.
    let request = add(vec![stay(1, 2), stay(3, 0), stay(5, 1)]);
    let err = client(&server.uri())
        .reservations()
        .add(request)
        .await
        .unwrap_err();

    let Error::Contract(violations) = &err else {
        panic!("expected a contract error, got {err:?}")
    };
    let paths: Vec<&str> = violations
        .violations()
        .iter()
        .map(|v| v.path.as_str())
        .collect();
    assert_eq!(paths, ["Reservations[1].PersonCounts[0].Count"]);
    assert!(
        err.to_string()
            .contains("Reservations[1].PersonCounts[0].Count"),
        "{err}"
    );
    assert!(bodies(&server).await.is_empty());
}
