//! File uploads through the runtime, against a local server:
//! `customers/addFile` takes bytes and puts them on the wire as standard
//! base64, checks before sending what its contracts say (the Mews docs give
//! the file no size limit, so the only check is the portfolio token's
//! `ChainId`), never repeats the upload, and keeps the file out of `Debug`
//! and error text. `accounts/addFile` does the same for any account.

use std::time::Duration;

use mews_connector::accounts::AddFileAccountsRequest;
use mews_connector::customers::{AddFileCustomersRequest, SearchCustomersRequest};
use mews_connector::{Client, Credentials, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_TOKEN: &str = "CT-files";
const ACCESS_TOKEN: &str = "AT-files";
const CLIENT_NAME: &str = "client-tests 1.0";

const ADD_FILE: &str = "/api/connector/v1/customers/addFile";
const SEARCH: &str = "/api/connector/v1/customers/search";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A server of this test's own (not wiremock's shared pool).
async fn server() -> MockServer {
    MockServer::builder().start().await
}

fn builder(server: &MockServer) -> mews_connector::ClientBuilder {
    let environment = Environment::custom(&server.uri()).unwrap();
    Client::builder(
        environment,
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_NAME),
    )
    .no_rate_limit()
}

/// One attempt per call: what is sent is exactly what the test caused.
fn client(server: &MockServer) -> Client {
    builder(server)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// The JSON bodies the server got for `path`, in order.
async fn bodies(server: &MockServer, path: &str) -> Vec<Value> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| r.url.path() == path)
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

async fn answer_file_id(server: &MockServer, file: Uuid) {
    Mock::given(method("POST"))
        .and(path(ADD_FILE))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "FileId": file })))
        .mount(server)
        .await;
}

fn upload(data: Vec<u8>) -> AddFileCustomersRequest {
    AddFileCustomersRequest::builder()
        .customer_id(id(1))
        .name("scan.pdf")
        .r#type("application/pdf")
        .data(data)
        .build()
}

/// Standard base64 (RFC 4648 §4: `+`, `/`, `=` padding) decoded here rather
/// than by the client, so the test does not check the client against itself.
/// `None` for anything else: URL-safe letters, line breaks, missing padding.
fn decode_standard_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let text = text.as_bytes();
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for (n, quad) in text.chunks(4).enumerate() {
        let last = n == text.len() / 4 - 1;
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut bits = 0u32;
        for &c in &quad[..4 - pad] {
            let value = ALPHABET.iter().position(|&a| a == c)? as u32;
            bits = bits << 6 | value;
        }
        bits <<= 6 * pad as u32;
        out.extend_from_slice(&bits.to_be_bytes()[1..4 - pad]);
    }
    Some(out)
}

#[tokio::test]
async fn add_file_sends_the_bytes_as_standard_padded_base64() {
    let server = server().await;
    answer_file_id(&server, id(77)).await;
    // Bytes whose base64 needs `+` and `/` (the URL-safe alphabet writes `-`
    // and `_`) and ends in `==`.
    let small = vec![0xfb, 0xff, 0xbf, 0xfb];

    let result = client(&server)
        .customers()
        .add_file(upload(small))
        .await
        .unwrap();

    assert_eq!(result.file_id, id(77));
    assert_eq!(
        bodies(&server, ADD_FILE).await,
        [json!({
            "ClientToken": CLIENT_TOKEN,
            "AccessToken": ACCESS_TOKEN,
            "Client": CLIENT_NAME,
            "CustomerId": id(1),
            "Name": "scan.pdf",
            "Type": "application/pdf",
            "Data": "+/+/+w=="
        })]
    );
}

#[tokio::test]
async fn add_file_data_decodes_on_the_server_to_the_same_bytes() {
    let server = server().await;
    answer_file_id(&server, id(78)).await;
    // Every byte value, in a length that leaves one byte over (so `==`), and
    // long enough that any line wrapping would show.
    let file: Vec<u8> = (0..100_000u32).map(|n| (n * 7 % 256) as u8).collect();
    assert_eq!(file.len() % 3, 1);

    client(&server)
        .customers()
        .add_file(upload(file.clone()))
        .await
        .unwrap();

    let sent = bodies(&server, ADD_FILE).await;
    assert_eq!(sent.len(), 1);
    let data = sent[0]["Data"].as_str().expect("Data is a JSON string");
    assert!(data.ends_with("=="), "padded: {}", &data[data.len() - 8..]);
    assert_eq!(data.len(), file.len().div_ceil(3) * 4, "one unwrapped line");
    assert!(decode_standard_base64(data) == Some(file));
}

#[tokio::test]
async fn add_file_under_a_portfolio_token_needs_the_chain_and_nothing_else() {
    let server = server().await;
    answer_file_id(&server, id(79)).await;
    let portfolio = builder(&server)
        .portfolio_access_token(true)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    // The docs give the file no size limit: the client sets none either, so a
    // multi-megabyte file goes out whole once the chain is named.
    let big = vec![0x25; 3 * 1024 * 1024];

    let err = portfolio
        .customers()
        .add_file(upload(big.clone()))
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
    assert_eq!(paths, ["ChainId"]);
    assert!(bodies(&server, ADD_FILE).await.is_empty(), "nothing sent");

    let mut with_chain = upload(big.clone());
    with_chain.chain_id = Some(id(5));
    let result = portfolio.customers().add_file(with_chain).await.unwrap();

    assert_eq!(result.file_id, id(79));
    let sent = bodies(&server, ADD_FILE).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["ChainId"], json!(id(5)));
    assert!(decode_standard_base64(sent[0]["Data"].as_str().unwrap()) == Some(big));
}

#[tokio::test]
async fn add_file_is_not_repeated_after_a_server_error_while_a_read_is() {
    let server = server().await;
    for route in [ADD_FILE, SEARCH] {
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(
                ResponseTemplate::new(500).set_body_json(json!({ "Message": "Server error." })),
            )
            .mount(&server)
            .await;
    }
    let retrying = builder(&server)
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(1))
                .with_jitter(false),
        )
        .build()
        .unwrap();

    let upload_err = retrying
        .customers()
        .add_file(upload(b"%PDF-1.0".to_vec()))
        .await
        .unwrap_err();
    let read_err = retrying
        .customers()
        .search(SearchCustomersRequest::builder().name("Carbone").build())
        .await
        .unwrap_err();

    assert!(matches!(upload_err, Error::Api(_)), "{upload_err:?}");
    assert!(matches!(read_err, Error::Api(_)), "{read_err:?}");
    // The upload may have been stored before the 500; Mews has no idempotency
    // key, so a repeat could attach the file twice. The read, by the same
    // policy, is tried three times.
    assert_eq!(bodies(&server, ADD_FILE).await.len(), 1);
    assert_eq!(bodies(&server, SEARCH).await.len(), 3);
}

#[tokio::test]
async fn the_file_stays_out_of_debug_and_error_text() {
    let server = server().await;
    let portfolio = builder(&server)
        .portfolio_access_token(true)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let secret = b"SECRET-SCAN-CONTENTS".to_vec();
    let encoded = "U0VDUkVULVNDQU4tQ09OVEVOVFM=";
    let request = upload(secret);

    let debug = format!("{request:?}");
    let err = portfolio.customers().add_file(request).await.unwrap_err();

    assert!(debug.contains("Base64Data(20 bytes)"), "{debug}");
    for text in [debug, format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains("SECRET"), "{text}");
        assert!(!text.contains(encoded), "{text}");
    }
    assert!(bodies(&server, ADD_FILE).await.is_empty());
}

#[tokio::test]
async fn account_add_file_sends_the_bytes_as_standard_padded_base64() {
    const ACCOUNT_ADD_FILE: &str = "/api/connector/v1/accounts/addFile";
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(ACCOUNT_ADD_FILE))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "FileId": id(80) })))
        .mount(&server)
        .await;
    // `+`, `/` and one byte over (so `==`), then every byte value: decoded
    // here, not by the client.
    let mut file = vec![0xfb, 0xff, 0xbf, 0xfb];
    file.extend(0..=255u8);
    file.extend([1, 2]);
    assert_eq!(file.len() % 3, 1);
    let request = AddFileAccountsRequest::builder()
        .account_id(id(2))
        .name("contract.pdf")
        .r#type("application/pdf")
        .data(file.clone())
        .build();

    let result = client(&server).accounts().add_file(request).await.unwrap();

    assert_eq!(result.file_id, id(80));
    let sent = bodies(&server, ACCOUNT_ADD_FILE).await;
    assert_eq!(sent.len(), 1);
    let data = sent[0]["Data"].as_str().expect("Data is a JSON string");
    assert!(data.starts_with("+/+/+"), "{}", &data[..8]);
    assert!(data.ends_with("=="), "padded");
    assert!(decode_standard_base64(data) == Some(file));
    let mut rest = sent[0].clone();
    rest.as_object_mut().unwrap().remove("Data");
    assert_eq!(
        rest,
        json!({
            "ClientToken": CLIENT_TOKEN,
            "AccessToken": ACCESS_TOKEN,
            "Client": CLIENT_NAME,
            "AccountId": id(2),
            "Name": "contract.pdf",
            "Type": "application/pdf"
        })
    );
}
