//! The `book_stay` example, run as it is (arguments, environment, outputs
//! and exit code) against a local server standing in for Mews.

#[allow(dead_code)]
#[path = "../examples/book_stay.rs"]
mod example;

use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const OP: &str = "/api/connector/v1/reservations/";

fn id(n: u128) -> String {
    Uuid::from_u128(n).to_string()
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

/// A stay of 2 nights, written as Mews writes money: the digits as they are
/// (`json!` would turn `230.70` into an `f64` and print `230.7`).
const PRICE: &str = r#"{"ReservationPrices": [{
    "Identifier": "stay",
    "TotalAmount": {
        "Currency": "EUR", "NetValue": 209.73, "GrossValue": 230.70,
        "TaxValues": [{ "Code": "DE-2020-1-L", "Value": 20.97 }],
        "Breakdown": { "Items": [] }
    }
}]}"#;

fn created() -> Value {
    json!({ "Reservations": [{
        "Identifier": "stay",
        "Reservation": {
            "Id": id(77), "ServiceId": id(1), "GroupId": id(88), "Number": "4021",
            "State": "Confirmed", "Origin": "Connector",
            "CreatedUtc": "2024-05-01T10:00:00Z", "UpdatedUtc": "2024-05-01T10:00:00Z",
            "StartUtc": "2024-06-01T14:00:00Z", "EndUtc": "2024-06-03T10:00:00Z",
            "RequestedCategoryId": id(3), "AssignedResourceLocked": false, "RateId": id(2),
            "PersonCounts": [{ "AgeCategoryId": id(4), "Count": 3 }], "OwnerId": id(5),
            "Options": { "OwnerCheckedIn": false, "AllCompanionsCheckedIn": false, "AnyCompanionCheckedIn": false }
        }
    }]})
}

async fn mews() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{OP}price")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(PRICE, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{OP}add")))
        .respond_with(ResponseTemplate::new(200).set_body_json(created()))
        .mount(&server)
        .await;
    server
}

struct Run {
    code: u8,
    out: String,
    err: String,
}

async fn run(server: &MockServer, extra: &[&str]) -> Run {
    let mut args: Vec<String> = [
        "--service-id",
        &id(1),
        "--rate-id",
        &id(2),
        "--category-id",
        &id(3),
        "--age-category-id",
        &id(4),
        "--start",
        "2024-06-01T14:00:00Z",
        "--end",
        "2024-06-03T10:00:00Z",
        "--guests",
        "3",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.extend(extra.iter().map(|a| a.to_string()));
    let uri = server.uri();
    let env = move |name: &str| match name {
        "MEWS_PLATFORM_ADDRESS" => Some(uri.clone()),
        "MEWS_CLIENT_TOKEN" => Some("client-token".to_owned()),
        "MEWS_ACCESS_TOKEN" => Some("access-token".to_owned()),
        _ => None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = example::run_main(&args, env, &mut out, &mut err).await;
    Run {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

async fn sent(server: &MockServer) -> Vec<(String, Value)> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| (r.url.path().trim_start_matches(OP).to_owned(), body(r)))
        .collect()
}

fn stay(customer: Option<String>) -> Value {
    let mut stay = json!({
        "Identifier": "stay",
        "StartUtc": "2024-06-01T14:00:00Z", "EndUtc": "2024-06-03T10:00:00Z",
        "PersonCounts": [{ "AgeCategoryId": id(4), "Count": 3 }],
        "RequestedCategoryId": id(3), "RateId": id(2)
    });
    if let Some(customer) = customer {
        stay["CustomerId"] = customer.into();
    }
    stay
}

#[tokio::test]
async fn prices_without_booking_unless_asked() {
    let server = mews().await;

    let run = run(&server, &[]).await;

    assert_eq!(run.code, 0, "stderr: {}", run.err);
    assert_eq!(
        run.out,
        "priced: 2024-06-01 14:00:00 UTC to 2024-06-03 10:00:00 UTC, 3 guest(s): 230.70 EUR (net 209.73)\n\
         not booked (pass --book to create it)\n"
    );
    let sent = sent(&server).await;
    assert_eq!(sent.len(), 1, "only the price was asked for");
    let (operation, body) = &sent[0];
    assert_eq!(operation, "price");
    assert_eq!(body["ServiceId"], id(1));
    assert_eq!(body["Reservations"], json!([stay(None)]));
}

#[tokio::test]
async fn books_for_the_customer_when_asked() {
    let server = mews().await;

    let run = run(&server, &["--book", "--customer-id", &id(5)]).await;

    assert_eq!(run.code, 0, "stderr: {}", run.err);
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.out);
    assert!(lines[0].starts_with("priced: "), "{}", lines[0]);
    assert_eq!(
        lines[1],
        format!("created: reservation 4021 ({}), Confirmed", id(77))
    );
    let sent = sent(&server).await;
    let operations: Vec<&str> = sent.iter().map(|(op, _)| op.as_str()).collect();
    assert_eq!(operations, ["price", "add"]);
    assert_eq!(sent[1].1["Reservations"], json!([stay(Some(id(5)))]));
    assert_eq!(sent[1].1["ServiceId"], id(1));
}

#[tokio::test]
async fn usage_mistakes_exit_with_2_and_send_nothing() {
    let server = mews().await;
    for extra in [
        &["--book"][..],
        &["--customer-id", "00000000-0000-0000-0000-000000000005"],
        &["--guests", "0"],
        &["--end", "2024-05-01T00:00:00Z"],
    ] {
        let run = run(&server, extra).await;
        assert_eq!(run.code, 2, "{extra:?}: {}", run.err);
        assert!(run.err.starts_with("book_stay: "), "{}", run.err);
        assert_eq!(run.out, "");
    }
    assert!(sent(&server).await.is_empty());
}
