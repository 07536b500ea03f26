//! Money through the runtime, against local servers: amounts summed exactly
//! and sent with their own digits, bill PDFs byte for byte, refunds and card
//! charges never repeated once they may have reached Mews, and payment
//! secrets kept out of `Debug` and error texts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::TryStreamExt;
use mews_connector::bills::{BillPdfResult, GetPdfBillsRequest};
use mews_connector::common::{AmountParameters, Limitation, TimeInterval};
use mews_connector::credit_cards::{
    AddTokenizedCreditCardsRequest, ChargeCreditCardsRequest, CreditCardData,
};
use mews_connector::outlet_bills::{
    AddOutletBillsRequest, OutletBillParameters, OutletItemParameters,
};
use mews_connector::outlet_items::{GetAllOutletItemsRequest, OutletItemType};
use mews_connector::payments::{
    AddAlternativePaymentsRequest, AlternativePaymentMethodData, RefundPaymentsRequest,
};
use mews_connector::{Client, Credentials, Decimal, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const V1: &str = "/api/connector/v1";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A client of `uri` that retries as the default policy does (3 attempts),
/// without waiting long between them, and with no rate limit.
fn client(uri: &str) -> Client {
    Client::builder(
        Environment::custom(uri).unwrap(),
        Credentials::new("CT-money", "AT-money", "client-tests 1.0"),
    )
    .no_rate_limit()
    .retry_policy(
        RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(1))
            .with_jitter(false),
    )
    .attempt_timeout(Duration::from_millis(500))
    .build()
    .unwrap()
}

fn json_reply(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json")
}

/// The raw bodies the server received for `endpoint`.
async fn bodies(server: &MockServer, endpoint: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == format!("{V1}/{endpoint}"))
        .map(|r| String::from_utf8(r.body.clone()).unwrap())
        .collect()
}

fn interval() -> TimeInterval {
    serde_json::from_value(
        json!({"StartUtc": "2026-01-01T00:00:00Z", "EndUtc": "2026-01-02T00:00:00Z"}),
    )
    .unwrap()
}

/// An outlet item as Mews writes it, its unit price written as `gross`.
fn outlet_item(n: u128, kind: &str, count: u32, gross: &str) -> String {
    format!(
        r#"{{"Id": "{id}", "EnterpriseId": "{e}", "BillId": "{b}", "AccountingCategoryId": null,
        "Type": "{kind}", "Name": "item {n}", "UnitCount": {count},
        "UnitAmount": {{"Currency": "EUR", "NetValue": {gross}, "GrossValue": {gross}, "TaxValues": [],
            "Breakdown": {{"Items": []}}}},
        "CreatedUtc": "2026-01-01T10:00:00Z", "UpdatedUtc": "2026-01-01T10:00:00Z",
        "ConsumedUtc": "2026-01-01T10:00:00Z", "ExternalIdentifier": null, "Notes": null}}"#,
        id = id(n),
        e = id(1),
        b = id(2),
    )
}

fn outlet_page(items: &[String], cursor: Option<Uuid>) -> String {
    let cursor = cursor.map_or("null".to_owned(), |c| format!("\"{c}\""));
    format!(
        r#"{{"OutletItems": [{}], "OutletBills": [{{"Id": "{b}", "EnterpriseId": "{e}",
        "OutletId": "{o}", "Number": "42", "ClosedUtc": "2026-01-01T11:00:00Z",
        "UpdatedUtc": "2026-01-01T11:00:00Z", "Notes": null}}], "Cursor": {cursor}}}"#,
        items.join(","),
        b = id(2),
        e = id(1),
        o = id(3),
    )
}

#[tokio::test]
async fn an_outlet_bill_s_items_sum_exactly_to_the_payment_mews_states() {
    // Ten beers at 0.10, three at 0.20, one at 0.70 and a huge one whose
    // cents f64 cannot hold, over two pages; the payment states the total.
    let mut sales: Vec<String> = (0..10)
        .map(|n| outlet_item(100 + n, "Revenue", 1, "0.1"))
        .collect();
    sales.push(outlet_item(200, "Revenue", 3, "0.2"));
    sales.push(outlet_item(201, "Revenue", 1, "0.7"));
    sales.push(outlet_item(202, "Revenue", 1, "100000000000000000.01"));
    let payment = outlet_item(300, "Payment", 1, "-100000000000000002.31");
    let first: Vec<String> = sales[..7].to_vec();
    let mut second: Vec<String> = sales[7..].to_vec();
    second.push(payment);
    // The values do drift in f64: ten 0.1s are not 1.
    assert_ne!((0..10).map(|_| 0.1f64).sum::<f64>(), 1.0);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/outletItems/getAll")))
        .and(wiremock::matchers::body_partial_json(
            json!({"Limitation": {"Count": 7}}),
        ))
        .and(NoCursor)
        .respond_with(json_reply(&outlet_page(&first, Some(id(106)))))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/outletItems/getAll")))
        .and(wiremock::matchers::body_partial_json(
            json!({"Limitation": {"Count": 7, "Cursor": id(106)}}),
        ))
        .respond_with(json_reply(&outlet_page(&second, None)))
        .mount(&server)
        .await;

    let request = GetAllOutletItemsRequest::builder()
        .consumed_utc(interval())
        .limitation(Limitation::builder().count(7).build())
        .build();
    let items: Vec<_> = client(&server.uri())
        .outlet_items()
        .get_all_items(request)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 14);

    let zero = Decimal::ZERO.value();
    let mut sold = zero;
    let mut paid = zero;
    for item in &items {
        let line = item.unit_amount.gross_value.value() * Decimal::from(item.unit_count).value();
        match item.r#type {
            OutletItemType::Payment => paid += line,
            _ => sold += line,
        }
    }
    assert_eq!(Decimal::from(sold), dec("100000000000000002.31"));
    assert_eq!(Decimal::from(sold + paid), Decimal::ZERO);
    assert_eq!(Decimal::from(sold).to_string(), "100000000000000002.31");
}

/// Matches a request whose `Limitation` has no `Cursor` (the first page).
struct NoCursor;

impl wiremock::Match for NoCursor {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        body["Limitation"].get("Cursor").is_none()
    }
}

fn amount(gross: &str) -> AmountParameters {
    AmountParameters::builder()
        .gross_value(dec(gross))
        .currency("EUR")
        .tax_codes(Vec::<String>::new())
        .build()
}

#[tokio::test]
async fn amounts_are_sent_with_exactly_the_digits_given() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/payments/refund")))
        .respond_with(json_reply(&format!(
            r#"{{"PaymentId": "{}", "RefundId": "{}", "Type": "CreditCardPayment",
            "Amount": {{"Currency": "EUR", "Value": 12.50}}, "State": "Pending"}}"#,
            id(1),
            id(2)
        )))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/creditCards/charge")))
        .respond_with(json_reply(&format!(r#"{{"PaymentId": "{}"}}"#, id(3))))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/outletBills/add")))
        .respond_with(json_reply(&format!(
            r#"{{"OutletBillIds": ["{}"]}}"#,
            id(4)
        )))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let refund = RefundPaymentsRequest::builder()
        .payment_id(id(1))
        .account_id(id(5))
        .reason("Broken glass")
        .value_to_refund(dec("12.50"))
        .build();
    let refunded = client.payments().refund(refund).await.unwrap();
    assert_eq!(refunded.amount.value.to_string(), "12.50");

    let charge = ChargeCreditCardsRequest::builder()
        .credit_card_id(id(6))
        .amount(amount("100000000000000000.10"))
        .build();
    client.credit_cards().charge(charge).await.unwrap();

    let item = OutletItemParameters::builder()
        .name("Beer")
        .unit_count(3)
        .unit_amount(amount("0.10"))
        .consumed_utc("2026-01-01T10:00:00Z".parse().unwrap())
        .r#type(OutletItemType::Revenue)
        .build();
    let bill = OutletBillParameters::builder()
        .outlet_id(id(7))
        .number("42")
        .closed_utc("2026-01-01T11:00:00Z".parse().unwrap())
        .items(vec![item])
        .build();
    client
        .outlet_bills()
        .add(AddOutletBillsRequest::builder().bills(vec![bill]).build())
        .await
        .unwrap();

    let refund = bodies(&server, "payments/refund").await;
    assert!(
        refund[0].contains(r#""ValueToRefund":12.50"#),
        "{}",
        refund[0]
    );
    let charge = bodies(&server, "creditCards/charge").await;
    assert!(
        charge[0].contains(r#""GrossValue":100000000000000000.10"#),
        "{}",
        charge[0]
    );
    let bill = bodies(&server, "outletBills/add").await;
    assert!(bill[0].contains(r#""GrossValue":0.10"#), "{}", bill[0]);
}

/// Standard base64 with padding, written here so that the test does not
/// check the client's decoder against its own encoder.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn pdf_reply(base64_data: &str) -> ResponseTemplate {
    json_reply(&format!(
        r#"{{"BillId": "{}", "Result": {{"Discriminator": "BillPdfFile", "Value": {{"Base64Data": "{base64_data}"}}}}}}"#,
        id(1)
    ))
}

fn pdf_request() -> GetPdfBillsRequest {
    GetPdfBillsRequest::builder().bill_id(id(1)).build()
}

#[tokio::test]
async fn a_bill_pdf_is_the_bytes_the_server_encoded() {
    // Every byte value, in a length that needs padding, behind a PDF header.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend((0..=255u8).cycle().take(3 * 1024 + 1));
    assert_eq!(base64(b"Ma"), "TWE=");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/bills/getPdf")))
        .respond_with(pdf_reply(&base64(&pdf)))
        .mount(&server)
        .await;

    let answer = client(&server.uri())
        .bills()
        .get_pdf(pdf_request())
        .await
        .unwrap();
    assert_eq!(answer.bill_id, id(1));
    let BillPdfResult::BillPdfFile(file) = answer.result else {
        panic!("expected the PDF, got {:?}", answer.result);
    };
    assert_eq!(file.base64_data.as_bytes(), pdf.as_slice());
}

#[tokio::test]
async fn a_malformed_pdf_is_a_decode_error_naming_the_property() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/bills/getPdf")))
        .respond_with(pdf_reply("JVBERi0xLj..."))
        .mount(&server)
        .await;

    let error = client(&server.uri())
        .bills()
        .get_pdf(pdf_request())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    let text = decode.to_string();
    assert!(text.contains("Base64Data"), "{text}");
    assert!(text.contains("BillPdfResult"), "{text}");
    // A read is retried after a 5xx, but a malformed answer is not.
    assert_eq!(bodies(&server, "bills/getPdf").await.len(), 1);
}

#[tokio::test]
async fn a_bill_pdf_is_asked_for_again_after_a_server_error() {
    // The control for the writes below: `bills/getPdf` is read-like.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/bills/getPdf")))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/bills/getPdf")))
        .respond_with(pdf_reply(&base64(b"%PDF")))
        .mount(&server)
        .await;
    client(&server.uri())
        .bills()
        .get_pdf(pdf_request())
        .await
        .unwrap();
    assert_eq!(bodies(&server, "bills/getPdf").await.len(), 2);
}

/// The two operations that move money and must never be sent twice.
#[derive(Clone, Copy, Debug)]
enum MoneyWrite {
    Refund,
    Charge,
}

impl MoneyWrite {
    const ALL: [MoneyWrite; 2] = [MoneyWrite::Refund, MoneyWrite::Charge];

    fn endpoint(self) -> &'static str {
        match self {
            MoneyWrite::Refund => "payments/refund",
            MoneyWrite::Charge => "creditCards/charge",
        }
    }

    fn success(self) -> String {
        match self {
            MoneyWrite::Refund => format!(
                r#"{{"PaymentId": "{}", "RefundId": "{}", "Type": "CreditCardPayment",
                "Amount": {{"Currency": "EUR", "Value": 5}}, "State": "Pending"}}"#,
                id(1),
                id(2)
            ),
            MoneyWrite::Charge => format!(r#"{{"PaymentId": "{}"}}"#, id(3)),
        }
    }

    async fn send(self, client: &Client) -> Result<(), Error> {
        match self {
            MoneyWrite::Refund => {
                let request = RefundPaymentsRequest::builder()
                    .payment_id(id(1))
                    .account_id(id(5))
                    .reason("Duplicate")
                    .value_to_refund(dec("5.00"))
                    .build();
                client.payments().refund(request).await.map(drop)
            }
            MoneyWrite::Charge => {
                let request = ChargeCreditCardsRequest::builder()
                    .credit_card_id(id(6))
                    .amount(amount("5.00"))
                    .build();
                client.credit_cards().charge(request).await.map(drop)
            }
        }
    }
}

#[tokio::test]
async fn a_money_write_is_not_repeated_after_a_server_error() {
    for write in MoneyWrite::ALL {
        for status in [500, 502, 503, 504] {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .respond_with(
                    ResponseTemplate::new(status)
                        .set_body_raw(r#"{"Message": "Try later."}"#, "application/json"),
                )
                .mount(&server)
                .await;
            let error = write.send(&client(&server.uri())).await.unwrap_err();
            assert!(
                matches!(error, Error::Api(_)),
                "{write:?} {status}: {error:?}"
            );
            assert_eq!(
                bodies(&server, write.endpoint()).await.len(),
                1,
                "{write:?} {status}"
            );
        }
    }
}

#[tokio::test]
async fn a_money_write_refused_with_429_is_sent_again() {
    // Mews refuses a 429 before processing it, so sending it again cannot
    // move money twice: the runtime retries it as it does for every operation.
    for write in MoneyWrite::ALL {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(json_reply(&write.success()))
            .mount(&server)
            .await;
        write.send(&client(&server.uri())).await.unwrap();
        assert_eq!(
            bodies(&server, write.endpoint()).await.len(),
            2,
            "{write:?}"
        );
    }
}

/// What a raw server does once it has read a request.
#[derive(Clone, Copy, Debug)]
enum AfterRequest {
    /// Closes the connection without answering.
    Hang,
    /// Keeps the connection open without answering (the client times out).
    Stall,
}

/// A server on 127.0.0.1 that reads each request whole, counts it, and then
/// never answers; returns its address and the count.
async fn silent_server(after: AfterRequest) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while !whole_request(&request) {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                seen.fetch_add(1, Ordering::SeqCst);
                match after {
                    AfterRequest::Hang => drop(socket),
                    AfterRequest::Stall => {
                        // Held until the client gives up and closes it.
                        let _ = socket.read(&mut buffer).await;
                    }
                }
            });
        }
    });
    (address, count)
}

/// Whether `data` holds a whole HTTP request with its `Content-Length` body.
fn whole_request(data: &[u8]) -> bool {
    let text = String::from_utf8_lossy(data);
    let Some(end) = text.find("\r\n\r\n") else {
        return false;
    };
    let length = text[..end]
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    data.len() >= end + 4 + length
}

#[tokio::test]
async fn a_money_write_is_not_repeated_when_the_connection_breaks_or_times_out_after_sending() {
    for write in MoneyWrite::ALL {
        for after in [AfterRequest::Hang, AfterRequest::Stall] {
            let (address, count) = silent_server(after).await;
            let error = write.send(&client(&address)).await.unwrap_err();
            assert!(
                matches!(error, Error::Transport(_)),
                "{write:?} {after:?}: {error:?}"
            );
            assert_eq!(count.load(Ordering::SeqCst), 1, "{write:?} {after:?}");
        }
    }
}

#[tokio::test]
async fn a_read_is_repeated_when_the_connection_breaks_after_sending() {
    // The control: the same failure repeats a read-like call.
    let (address, count) = silent_server(AfterRequest::Hang).await;
    let error = client(&address)
        .bills()
        .get_pdf(pdf_request())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn card_tokens_and_payment_secrets_stay_out_of_debug_and_errors() {
    const TOKEN: &str = "pci-transaction-7f3a9c";
    let data = CreditCardData::builder()
        .storage_data(TOKEN)
        .expiration("2030-01")
        .build();
    let request = AddTokenizedCreditCardsRequest::builder()
        .customer_id(id(1))
        .credit_card_data(data.clone())
        .build();
    assert!(!format!("{data:?}").contains(TOKEN), "{data:?}");
    assert!(!format!("{request:?}").contains(TOKEN), "{request:?}");
    assert!(format!("{request:?}").contains("2030-01"), "{request:?}");

    // The link that completes an alternative payment authorizes it.
    const LINK: &str = "https://gateway.example/authenticate/s3cr3t-session";
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{V1}/payments/addAlternative")))
        .respond_with(json_reply(&format!(
            r#"{{"PaymentId": "{}", "NextAction": {{"Discriminator": "RedirectToUrl", "Value": "{LINK}"}}}}"#,
            id(2)
        )))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    // Then the same link where a text is expected as a number would be:
    // the error must not quote it.
    Mock::given(method("POST"))
        .and(path(format!("{V1}/payments/addAlternative")))
        .respond_with(json_reply(&format!(
            r#"{{"PaymentId": "{}", "NextAction": {{"Discriminator": "RedirectToUrl", "Value": ["{LINK}"]}}}}"#,
            id(2)
        )))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let request = || {
        let data: AlternativePaymentMethodData = serde_json::from_value(json!({
            "Discriminator": "ApplePay", "ApplePay": null, "GooglePay": null, "Ideal": null, "SepaDirectDebit": null
        }))
        .unwrap();
        AddAlternativePaymentsRequest::builder()
            .customer_id(id(3))
            .amount(amount("10.00"))
            .data(data)
            .build()
    };
    let started = client.payments().add_alternative(request()).await.unwrap();
    let action = started.next_action.as_ref().unwrap();
    assert_eq!(action.value, LINK);
    assert!(!format!("{started:?}").contains("s3cr3t"), "{started:?}");

    let error = client
        .payments()
        .add_alternative(request())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(!error.to_string().contains("s3cr3t"), "{error}");
    assert!(!format!("{error:?}").contains("s3cr3t"), "{error:?}");
}
