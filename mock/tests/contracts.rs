//! A request that breaks a contract, sent with `send_unchecked`, is refused
//! by the stand-in exactly as `send` refuses it before sending: the same
//! violations, in the same order, at the same JSON paths; one request per
//! kind of contract.

use chrono::{DateTime, Utc};
use mews_connector::common::{Limitation, TimeInterval};
use mews_connector::contract::Rule;
use mews_connector::operation::Operation;
use mews_connector::voucher_codes::{
    AddVoucherCodesRequest, DeleteVoucherCodesRequest, GetAllVoucherCodesRequest,
    VoucherCodeParameters,
};
use mews_connector::vouchers::{UpdateVouchersRequest, VoucherUpdateParameters};
use mews_connector::{ApiErrorKind, Client, Error, RetryPolicy};
use mews_connector_mock::{MockMews, from_json};
use serde_json::json;
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn client(mews: &MockMews) -> Client {
    mews.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn portfolio_client(mews: &MockMews) -> Client {
    Client::builder(mews.environment(), mews.portfolio_credentials())
        .portfolio_access_token(true)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// Sends `request` checked, then unchecked, and compares the two refusals;
/// gives the paths and rules.
async fn refused_alike<O: Operation + Clone>(
    mews: &MockMews,
    client: &Client,
    request: O,
) -> Vec<(String, Rule)>
where
    O::Response: std::fmt::Debug,
{
    let before = match client.send(request.clone()).await {
        Err(Error::Contract(violations)) => violations,
        other => panic!("expected a contract error, got {other:?}"),
    };
    assert!(
        mews.received().is_empty(),
        "a checked request is never sent"
    );

    let api = match client.send_unchecked(request).await {
        Err(Error::Api(api)) => api,
        other => panic!("expected Mews' 400, got {other:?}"),
    };

    assert_eq!((api.status, api.kind), (400, ApiErrorKind::BadRequest));
    let received = mews.received();
    let [record] = received.as_slice() else {
        panic!("expected one request, got {received:?}")
    };
    assert_eq!(record.violations(), Some(&before));
    assert_eq!(record.status(), Some(400));
    assert_eq!(api.request_id.as_deref(), Some(record.request_id()));
    let paths: Vec<&str> = before
        .violations()
        .iter()
        .map(|v| v.path.as_str())
        .collect();
    assert_eq!(
        api.message.as_deref(),
        Some(format!("Invalid {}.", paths.join(", ")).as_str())
    );
    let lines: Vec<String> = before.violations().iter().map(|v| v.to_string()).collect();
    assert_eq!(api.details.as_deref(), Some(lines.join("\n").as_str()));
    mews.reset();
    before
        .into_violations()
        .into_iter()
        .map(|v| (v.path, v.rule))
        .collect()
}

fn get_all(count: i32) -> GetAllVoucherCodesRequest {
    GetAllVoucherCodesRequest::builder()
        .voucher_ids([id(1)])
        .limitation(Limitation::builder().count(count).build())
        .build()
}

fn code(value: &str) -> VoucherCodeParameters {
    VoucherCodeParameters::builder()
        .voucher_id(id(1))
        .value(value)
        .build()
}

#[tokio::test]
async fn items() {
    let mews = MockMews::start();
    let client = client(&mews);

    let none = DeleteVoucherCodesRequest::builder()
        .voucher_code_ids([])
        .build();
    assert_eq!(
        refused_alike(&mews, &client, none).await,
        [(
            "VoucherCodeIds".into(),
            Rule::MinItems { min: 1, actual: 0 }
        )]
    );

    let mut too_many = get_all(10);
    too_many.voucher_ids = (0..1001).map(id).collect();
    assert_eq!(
        refused_alike(&mews, &client, too_many).await,
        [(
            "VoucherIds".into(),
            Rule::MaxItems {
                max: 1000,
                actual: 1001
            }
        )]
    );
}

#[tokio::test]
async fn length_in_utf16_code_units() {
    let mews = MockMews::start();
    // 64 emoji and a letter: 65 characters, 129 UTF-16 code units.
    let long = format!("{}x", "😀".repeat(64));
    let request = AddVoucherCodesRequest::builder()
        .voucher_code_parameters([code("FINE"), code(&long), code("")])
        .build();

    assert_eq!(
        refused_alike(&mews, &client(&mews), request).await,
        [
            (
                "VoucherCodeParameters[1].Value".into(),
                Rule::MaxLength {
                    max: 128,
                    actual: 129
                }
            ),
            (
                "VoucherCodeParameters[2].Value".into(),
                Rule::MinLength { min: 1, actual: 0 }
            ),
        ]
    );
}

#[tokio::test]
async fn range() {
    let mews = MockMews::start();
    let client = client(&mews);

    for count in [0, 1001] {
        let paths = refused_alike(&mews, &client, get_all(count)).await;
        assert_eq!(paths.len(), 1);
        assert_eq!(paths[0].0, "Limitation.Count");
        assert!(matches!(paths[0].1, Rule::Range { actual, .. } if actual == f64::from(count)));
    }
}

#[tokio::test]
async fn interval_months_and_order() {
    let mews = MockMews::start();
    let client = client(&mews);
    let with_interval = |start: &str, end: &str| {
        let mut request = get_all(10);
        request.updated_utc = Some(
            TimeInterval::builder()
                .start_utc(at(start))
                .end_utc(at(end))
                .build(),
        );
        request
    };

    let long = with_interval("2024-11-30T00:00:00Z", "2025-03-01T00:00:00Z");
    let reversed = with_interval("2024-02-01T00:00:00Z", "2024-01-01T00:00:00Z");

    let long = refused_alike(&mews, &client, long).await;
    assert_eq!(long[0].0, "UpdatedUtc");
    assert!(matches!(
        long[0].1,
        Rule::IntervalLength { max_months: 3, .. }
    ));
    let reversed = refused_alike(&mews, &client, reversed).await;
    assert_eq!(reversed[0].0, "UpdatedUtc");
    assert!(matches!(reversed[0].1, Rule::IntervalOrder { .. }));
    // Three calendar months exactly is allowed, by both.
    let three = with_interval("2024-11-30T00:00:00Z", "2025-02-28T00:00:00Z");
    client.send(three.clone()).await.unwrap();
    client.send_unchecked(three).await.unwrap();
}

#[tokio::test]
async fn enterprise_required_with_a_portfolio_token_only() {
    let mews = MockMews::start();
    let request = AddVoucherCodesRequest::builder()
        .voucher_code_parameters([code("SUMMER")])
        .build();

    assert_eq!(
        refused_alike(&mews, &portfolio_client(&mews), request.clone()).await,
        [("EnterpriseId".into(), Rule::RequiredWithPortfolioToken)]
    );
    // The same request with a single enterprise's token is fine.
    client(&mews).send(request).await.unwrap();
}

#[tokio::test]
async fn update_values_that_cannot_be_cleared() {
    let mews = MockMews::start();
    // The builders cannot clear `Name`; a request read from JSON can.
    let request: UpdateVouchersRequest = from_json(json!({
        "VoucherUpdates": [{ "VoucherId": id(1), "Name": { "Value": null } }]
    }));

    assert_eq!(
        refused_alike(&mews, &client(&mews), request).await,
        [("VoucherUpdates[0].Name".into(), Rule::NotClearable)]
    );
}

#[tokio::test]
async fn every_violation_of_a_request_in_the_client_order() {
    let mews = MockMews::start();
    let mut request = get_all(0);
    request.voucher_ids = Vec::new();
    request.enterprise_ids = Some(Vec::new());
    request.updated_utc = Some(
        TimeInterval::builder()
            .start_utc(at("2024-01-01T00:00:00Z"))
            .end_utc(at("2025-01-01T00:00:00Z"))
            .build(),
    );

    let paths: Vec<String> = refused_alike(&mews, &client(&mews), request)
        .await
        .into_iter()
        .map(|(path, _)| path)
        .collect();

    assert_eq!(
        paths,
        [
            "EnterpriseIds",
            "VoucherIds",
            "UpdatedUtc",
            "Limitation.Count"
        ]
    );
}

#[tokio::test]
async fn a_request_that_keeps_its_contracts_is_answered() {
    let mews = MockMews::start();
    let update = UpdateVouchersRequest::builder()
        .voucher_updates([VoucherUpdateParameters::builder()
            .voucher_id(id(1))
            .clear_company_id()
            .build()])
        .build();

    let result = client(&mews).vouchers().update(update).await.unwrap();

    assert_eq!(result.vouchers, None, "the smallest answer");
    let received = mews.received();
    assert_eq!(received[0].violations(), None);
    assert_eq!(received[0].status(), Some(200));
}
