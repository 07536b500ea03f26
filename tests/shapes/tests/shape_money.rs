//! The `shapeMoney` fixture (tests/shapes/spec/shape_money.yaml) through the
//! real client against a local server: exact decimals, ISO 8601 durations,
//! hybrid ids and base64 bytes are read from a response and written back
//! byte for byte, sent exactly as built, and checked against their
//! contracts before sending.

use mews_connector::contract::Rule;
use mews_connector::{Base64Data, Decimal, Error, HybridId, IsoDuration};
use shape_tests::harness::{client, refused, server, url_path};
use shape_tests::shape_money::{
    AddShapeMoneyRequest, GetAllShapeMoneyRequest, MoneyPriceParameters, ShapeMoneyClientExt,
};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RATE: &str = "a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5";

async fn answering(operation: &str, body: &str) -> MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path(operation)))
        .respond_with(ResponseTemplate::new(200).set_body_string(body.to_owned()))
        .mount(&server)
        .await;
    server
}

/// The raw body of the one request the server got: raw, because reading it
/// as a `serde_json::Value` would turn its decimals into floats.
async fn sent(server: &MockServer) -> String {
    let requests = server.received_requests().await.expect("recorded requests");
    assert_eq!(requests.len(), 1);
    String::from_utf8(requests[0].body.clone()).expect("a UTF-8 body")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

#[tokio::test]
async fn a_page_of_prices_reads_and_writes_back_byte_for_byte() {
    let body = concat!(
        r#"{"Prices":[{"RateId":"eid:BasicRate","Amount":{"Currency":"EUR","NetValue":0.1,"#,
        r#""GrossValue":1234.5678,"TaxValues":[100000000000000000.01,-0.50]},"#,
        r#""StartOffset":"P0M0DT15H0M0S","Receipt":"JVBERi0xLjA="},"#,
        r#"{"RateId":"a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5","Amount":{"Currency":"CZK","#,
        r#""NetValue":0,"GrossValue":-12,"TaxValues":[]},"StartOffset":"-P1DT2H","Receipt":null}]}"#
    );
    let server = answering("shapeMoney/getAll", body).await;
    let request = GetAllShapeMoneyRequest::builder()
        .rate_ids([
            HybridId::external("BasicRate"),
            HybridId::id(RATE.parse().unwrap()),
        ])
        .build();

    let page = client(&server)
        .shape_money()
        .get_all(request)
        .await
        .unwrap();

    let first = &page.prices[0];
    assert_eq!(first.rate_id, HybridId::external("BasicRate"));
    assert_eq!(first.amount.net_value.to_string(), "0.1");
    assert_eq!(first.amount.gross_value.to_string(), "1234.5678");
    assert_eq!(
        first.amount.tax_values,
        [dec("100000000000000000.01"), dec("-0.50")]
    );
    assert_eq!(first.amount.tax_values[1].to_string(), "-0.50");
    assert_eq!(first.start_offset.parts().hours, 15);
    assert_eq!(
        first.receipt.as_ref().map(|r| r.as_bytes()),
        Some(&b"%PDF-1.0"[..])
    );
    let second = &page.prices[1];
    assert_eq!(second.rate_id.as_id(), Some(RATE.parse().unwrap()));
    assert_eq!(
        second.start_offset.to_chrono().unwrap(),
        chrono::TimeDelta::hours(-26)
    );
    assert_eq!(second.receipt, None);
    // Every value is written back with its own digits and text. (The
    // null receipt is left out, as for any absent optional property.)
    assert_eq!(
        serde_json::to_string(&page).unwrap(),
        body.replace(r#","Receipt":null"#, "")
    );
    assert_eq!(
        sent(&server).await,
        format!(
            r#"{{"ClientToken":"CT-shape-tests","AccessToken":"AT-shape-tests","Client":"shape-tests 1.0","RateIds":["eid:BasicRate","{RATE}"]}}"#
        )
    );
}

#[tokio::test]
async fn add_sends_exactly_what_the_caller_built() {
    let server = answering("shapeMoney/add", "{}").await;
    let request = AddShapeMoneyRequest::builder()
        .price_parameters([
            // Builders take a plain `Uuid` for a hybrid id, integers or
            // `rust_decimal::Decimal`s for a decimal, a `Vec<u8>` for bytes.
            MoneyPriceParameters::builder()
                .rate_id(RATE.parse::<Uuid>().unwrap())
                .gross_value(dec("999999.99999999999999999990"))
                .start_offset("P0Y0M1DT0H0M0S".parse::<IsoDuration>().unwrap())
                .receipt(b"%PDF-1.0".to_vec())
                .build(),
            MoneyPriceParameters::builder()
                .rate_id(HybridId::external("Stay"))
                .gross_value(12)
                .build(),
        ])
        .build();

    client(&server).shape_money().add(request).await.unwrap();

    assert_eq!(
        sent(&server).await,
        concat!(
            r#"{"ClientToken":"CT-shape-tests","AccessToken":"AT-shape-tests","Client":"shape-tests 1.0","#,
            r#""PriceParameters":[{"RateId":"a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5","#,
            r#""GrossValue":999999.99999999999999999990,"StartOffset":"P0Y0M1DT0H0M0S","Receipt":"JVBERi0xLjA="},"#,
            r#"{"RateId":"eid:Stay","GrossValue":12}]}"#
        )
    );
}

#[tokio::test]
async fn decimal_ranges_and_byte_lengths_are_refused_before_sending() {
    let server = answering("shapeMoney/add", "{}").await;
    let request = AddShapeMoneyRequest::builder()
        .price_parameters([
            MoneyPriceParameters::builder()
                .rate_id(HybridId::external("Stay"))
                // Above the maximum by less than an f64 tells apart.
                .gross_value(dec("1000000.0000000000000000000001"))
                .receipt(Base64Data::from(vec![0u8; 17]))
                .build(),
            MoneyPriceParameters::builder()
                .rate_id(HybridId::external("Stay"))
                .gross_value(dec("-0.01"))
                .build(),
        ])
        .build();

    let err = client(&server)
        .shape_money()
        .add(request)
        .await
        .unwrap_err();

    let found = refused(&err);
    assert_eq!(
        found,
        [
            (
                "PriceParameters[0].GrossValue",
                &Rule::DecimalRange {
                    min: Some(dec("0")),
                    max: Some(dec("1000000")),
                    actual: dec("1000000.0000000000000000000001"),
                }
            ),
            (
                "PriceParameters[0].Receipt",
                &Rule::MaxBytes {
                    max: 16,
                    actual: 17
                }
            ),
            (
                "PriceParameters[1].GrossValue",
                &Rule::DecimalRange {
                    min: Some(dec("0")),
                    max: Some(dec("1000000")),
                    actual: dec("-0.01"),
                }
            ),
        ]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_decimal_sent_as_a_string_fails_the_response_with_its_reason() {
    let body = r#"{"Prices":[{"RateId":"eid:x","Amount":{"Currency":"EUR","NetValue":"0.1","GrossValue":1,"TaxValues":[]},"StartOffset":"PT1H"}]}"#;
    let server = answering("shapeMoney/getAll", body).await;
    let request = GetAllShapeMoneyRequest::builder()
        .rate_ids([HybridId::external("x")])
        .build();

    let err = client(&server)
        .shape_money()
        .get_all(request)
        .await
        .unwrap_err();

    assert!(
        matches!(&err, Error::Decode(d) if d.reason().contains(r#"expected a decimal as a JSON number, found the string "0.1""#)),
        "{err}"
    );
}
