//! The value types of our own through the whole client: exact decimals,
//! ISO 8601 durations, hybrid ids and base64 bytes come out of a response as
//! they went in, go into a request exactly as built, and carry their
//! contracts.

use mews_connector::contract::{Rule, Validate, Validator};
use mews_connector::operation::Operation;
use mews_connector::{Base64Data, Decimal, Error, HybridId, IsoDuration};
use serde::{Deserialize, Serialize};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const CHARGES_PATH: &str = "/api/connector/v1/charges/add";

/// Shaped like the generated types: Mews' `Amount`, a service's
/// `StartOffset`, a rate's hybrid id and a file's base64 `Data`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AddCharge {
    rate_id: HybridId,
    gross_value: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<Decimal>,
    start_offset: IsoDuration,
    data: Base64Data,
}

impl Validate for AddCharge {
    fn validate(&self, v: &mut Validator) {
        v.push_property("GrossValue");
        v.range(self.gross_value, Some(0.01), Some(1e18));
        v.pop();
        v.push_property("Data");
        v.bytes(self.data.len(), Some(1), Some(8));
        v.pop();
    }
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct ChargeResult {
    charges: Vec<Charge>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Charge {
    amount: Amount,
    start_offset: IsoDuration,
    rate_id: HybridId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pdf: Option<Base64Data>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Amount {
    currency: String,
    net_value: Decimal,
    gross_value: Decimal,
    tax_values: Vec<Decimal>,
}

impl Operation for AddCharge {
    type Response = ChargeResult;
    const PATH: &'static str = "charges/add";
    const SAFE_TO_RETRY: bool = false;
}

fn request() -> AddCharge {
    AddCharge {
        rate_id: HybridId::external("BasicRate"),
        gross_value: "100000000000000000.01".parse().unwrap(),
        discount: Some("-0.50".parse().unwrap()),
        start_offset: "P0M0DT15H0M0S".parse().unwrap(),
        data: Base64Data::from(b"%PDF-1.0".to_vec()),
    }
}

async fn answering(body: &str) -> wiremock::MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CHARGES_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(body.to_owned()))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_response_comes_back_out_byte_for_byte() {
    let body = concat!(
        r#"{"Charges":[{"Amount":{"Currency":"EUR","NetValue":0.1,"GrossValue":1234.5678,"#,
        r#""TaxValues":[100000000000000000.01,-0.50,0,1e3]},"StartOffset":"P0M0DT15H0M0S","#,
        r#""RateId":"eid:BasicRate","Pdf":"JVBERi0xLjA="},"#,
        r#"{"Amount":{"Currency":"CZK","NetValue":-12,"GrossValue":7.9228162514264337593543950335,"#,
        r#""TaxValues":[]},"StartOffset":"-P1DT2H","RateId":"a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5"}]}"#
    );
    let server = answering(body).await;
    let client = builder(&server.uri()).build().unwrap();

    let result = client.send(request()).await.unwrap();

    let first = &result.charges[0];
    assert_eq!(first.amount.net_value.to_string(), "0.1");
    assert_eq!(first.amount.gross_value.to_string(), "1234.5678");
    assert_eq!(
        first.amount.tax_values[0].value(),
        rust_decimal::Decimal::from_i128_with_scale(10_000_000_000_000_000_001, 2)
    );
    assert_eq!(first.start_offset.parts().hours, 15);
    assert_eq!(first.rate_id.as_external(), Some("BasicRate"));
    assert_eq!(first.pdf.as_ref().unwrap().as_ref(), b"%PDF-1.0");
    assert!(result.charges[1].start_offset.is_negative());
    // Written back, every value has its own digits and text; only the
    // exponent is written out in plain notation.
    assert_eq!(
        serde_json::to_string(&result).unwrap(),
        body.replace("1e3", "1000")
    );
}

#[tokio::test]
async fn a_request_sends_exactly_what_the_caller_built() {
    let server = answering(r#"{"Charges":[]}"#).await;
    let client = builder(&server.uri()).build().unwrap();

    client.send(request()).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        std::str::from_utf8(&requests[0].body).unwrap(),
        format!(
            concat!(
                r#"{{"ClientToken":"{}","AccessToken":"{}","Client":"{}","#,
                r#""RateId":"eid:BasicRate","GrossValue":100000000000000000.01,"Discount":-0.50,"#,
                r#""StartOffset":"P0M0DT15H0M0S","Data":"JVBERi0xLjA="}}"#
            ),
            CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_NAME
        )
    );
}

#[tokio::test]
async fn decimal_ranges_and_byte_lengths_are_checked_before_sending() {
    let server = answering(r#"{"Charges":[]}"#).await;
    let client = builder(&server.uri()).build().unwrap();
    let mut bad = request();
    // Above the maximum by less than an f64 can tell.
    bad.gross_value = "1000000000000000000.0000000001".parse().unwrap();
    bad.data = Base64Data::from(vec![0u8; 9]);

    let err = client.send(bad).await.unwrap_err();

    let Error::Contract(violations) = &err else {
        panic!("{err:?}")
    };
    let rules: Vec<(&str, &Rule)> = violations
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.rule))
        .collect();
    let dec = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(
        rules,
        [
            (
                "GrossValue",
                &Rule::DecimalRange {
                    min: Some(dec("0.01")),
                    max: Some(dec("1000000000000000000")),
                    actual: dec("1000000000000000000.0000000001"),
                }
            ),
            ("Data", &Rule::MaxBytes { max: 8, actual: 9 }),
        ]
    );
    assert_eq!(
        err.to_string().lines().next().unwrap(),
        "request not sent: the request breaks 2 contracts: GrossValue: is 1000000000000000000.0000000001, outside the allowed range 0.01..=1000000000000000000; Data: is 9 bytes long, more than the maximum of 8"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn malformed_values_in_a_response_are_decode_errors_that_say_why() {
    for (value, why) in [
        (
            r#""GrossValue":"12.50""#,
            r#"expected a decimal as a JSON number, found the string "12.50""#,
        ),
        (
            r#""GrossValue":79228162514264337593543950336"#,
            "cannot be held exactly by a decimal",
        ),
    ] {
        let body = format!(
            r#"{{"Charges":[{{"Amount":{{"Currency":"EUR","NetValue":1,{value},"TaxValues":[]}},"StartOffset":"PT1H","RateId":"eid:x"}}]}}"#
        );
        let server = answering(&body).await;
        let client = builder(&server.uri()).build().unwrap();
        let err = client.send(request()).await.unwrap_err();
        assert!(
            matches!(&err, Error::Decode(d) if d.reason().contains(why)),
            "{err}"
        );
    }
    let body = r#"{"Charges":[{"Amount":{"Currency":"EUR","NetValue":1,"GrossValue":1,"TaxValues":[]},"StartOffset":"P1","RateId":"eid:x"}]}"#;
    let server = answering(body).await;
    let client = builder(&server.uri()).build().unwrap();
    let err = client.send(request()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.reason().contains("`P1` is not an ISO 8601 duration")),
        "{err}"
    );
}
