//! Pricing and availability windows through real operations, against a
//! local server: `rates/getPricing` refuses a window longer than its
//! service's time unit allows before sending, `rates/updatePrice` and
//! `services/updateAvailability` check each update's window against the
//! request's time unit, at the update's path, and send the ones at the
//! limit without the unit.

use chrono::{DateTime, Utc};
use mews_connector::contract::{Rule, TimeUnit};
use mews_connector::rates::{GetPricingRatesRequest, RatePriceUpdate, UpdatePriceRatesRequest};
use mews_connector::services::{AvailabilityUpdate, UpdateAvailabilityServicesRequest};
use mews_connector::{Client, Credentials, Decimal, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// One attempt per call, no rate limit: what is sent is exactly what the
/// test caused.
fn client(server: &MockServer) -> Client {
    let environment = Environment::custom(&server.uri()).unwrap();
    Client::builder(
        environment,
        Credentials::new("CT-windows", "AT-windows", "client-tests 1.0"),
    )
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap()
}

async fn answering() -> MockServer {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

fn violations(err: &Error) -> Vec<(String, Rule)> {
    let Error::Contract(v) = err else {
        panic!("expected a contract error, got {err:?}")
    };
    v.violations()
        .iter()
        .map(|v| (v.path.clone(), v.rule.clone()))
        .collect()
}

#[tokio::test]
async fn get_pricing_refuses_a_window_over_the_days_limit_before_sending() {
    let server = answering().await;
    let request = GetPricingRatesRequest::builder()
        .rate_id(Uuid::from_u128(1))
        .first_time_unit_start_utc(at("2023-12-31T23:00:00Z"))
        .last_time_unit_start_utc(at("2025-01-02T23:00:00Z"))
        .time_unit_for_checks(TimeUnit::Day)
        .build();
    let err = client(&server)
        .rates()
        .get_pricing(request)
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "LastTimeUnitStartUtc".to_owned(),
            Rule::TimeUnitWindow {
                start_property: "FirstTimeUnitStartUtc",
                start: "2023-12-31T23:00:00Z".into(),
                end: "2025-01-02T23:00:00Z".into(),
                unit: TimeUnit::Day,
                max: 367,
                actual: 368,
            }
        )]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

fn update(first: &str, last: &str) -> RatePriceUpdate {
    RatePriceUpdate::builder()
        .value("120.00".parse::<Decimal>().unwrap())
        .first_time_unit_start_utc(at(first))
        .last_time_unit_start_utc(at(last))
        .build()
}

#[tokio::test]
async fn update_price_checks_each_window_by_the_requests_unit() {
    let server = answering().await;
    let client = client(&server);
    let request = |updates: Vec<RatePriceUpdate>| {
        UpdatePriceRatesRequest::builder()
            .rate_id(Uuid::from_u128(1))
            .price_updates(updates)
            .time_unit_for_checks(TimeUnit::Month)
            .build()
    };
    // 24 months is the limit for monthly services.
    let at_limit = update("2023-12-31T23:00:00Z", "2025-12-31T23:00:00Z");
    let over = update("2023-12-31T23:00:00Z", "2026-01-31T23:00:00Z");
    let err = client
        .rates()
        .update_price(request(vec![at_limit.clone(), over]))
        .await
        .unwrap_err();
    assert!(matches!(
        &violations(&err)[..],
        [(path, Rule::TimeUnitWindow { unit: TimeUnit::Month, max: 24, actual: 25, .. })]
            if path == "PriceUpdates[1].LastTimeUnitStartUtc"
    ));
    assert!(server.received_requests().await.unwrap().is_empty());

    client
        .rates()
        .update_price(request(vec![at_limit]))
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body["PriceUpdates"],
        json!([{
            "Value": 120.00,
            "FirstTimeUnitStartUtc": "2023-12-31T23:00:00Z",
            "LastTimeUnitStartUtc": "2025-12-31T23:00:00Z",
        }])
    );
    // The unit is a hint for the checks, never a property.
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "AccessToken",
            "Client",
            "ClientToken",
            "PriceUpdates",
            "RateId"
        ]
    );
}

fn adjustment(first: &str, last: &str) -> AvailabilityUpdate {
    AvailabilityUpdate::builder()
        .first_time_unit_start_utc(at(first))
        .last_time_unit_start_utc(at(last))
        .resource_category_id(Uuid::from_u128(5))
        .set_unit_count_adjustment(-1)
        .build()
}

#[tokio::test]
async fn update_availability_checks_hourly_windows() {
    let server = answering().await;
    let client = client(&server);
    let request = |unit: Option<TimeUnit>| {
        let mut request = UpdateAvailabilityServicesRequest::builder()
            .service_id(Uuid::from_u128(4))
            .availability_updates([
                // 367 hours, then 368.
                adjustment("2024-01-01T00:00:00Z", "2024-01-16T07:00:00Z"),
                adjustment("2024-01-01T00:00:00Z", "2024-01-16T08:00:00Z"),
            ])
            .build();
        request.time_unit_for_checks = unit;
        request
    };
    let err = client
        .services()
        .update_availability(request(Some(TimeUnit::Hour)))
        .await
        .unwrap_err();
    assert!(matches!(
        &violations(&err)[..],
        [(path, Rule::TimeUnitWindow { unit: TimeUnit::Hour, max: 367, actual: 368, .. })]
            if path == "AvailabilityUpdates[1].LastTimeUnitStartUtc"
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
    // Without the unit, 368 hours is within what days allow: sent.
    client
        .services()
        .update_availability(request(None))
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
