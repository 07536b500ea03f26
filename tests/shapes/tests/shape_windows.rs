//! The `shapeWindows` fixture (tests/shapes/spec/shape_windows.yaml):
//! time-unit windows, whose longest span depends on the service's time
//! unit. Given the unit (`time_unit_for_checks`, never sent), a window over
//! that unit's limit is refused before sending and one at the limit is
//! sent; without it, only a window no unit allows is refused. A window in
//! a list's objects is checked against the request's unit, at its own path.

use chrono::{DateTime, Utc};
use mews_connector::Decimal;
use mews_connector::contract::{Rule, TimeUnit, TimeUnitLimits};
use serde_json::json;
use shape_tests::harness::{client, received, refused, server, url_path, with_credentials};
use shape_tests::shape_windows::{
    GetPricesShapeWindowsRequest, PriceChange, ShapeWindowsClientExt,
    UpdatePricesShapeWindowsRequest,
};
use uuid::Uuid;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("a timestamp")
}

fn rental() -> Uuid {
    Uuid::from_u128(7)
}

async fn answering() -> MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

fn prices(first: &str, last: &str, unit: Option<TimeUnit>) -> GetPricesShapeWindowsRequest {
    let builder = GetPricesShapeWindowsRequest::builder()
        .rental_id(rental())
        .first_time_unit_start_utc(at(first))
        .last_time_unit_start_utc(at(last));
    match unit {
        Some(unit) => builder.time_unit_for_checks(unit).build(),
        None => builder.build(),
    }
}

/// For each unit: the last start at the limit (367 hours, 367 days, 60
/// months after the first), and one unit past it.
const AT_AND_PAST_LIMIT: [(TimeUnit, &str, &str, u32); 3] = [
    (
        TimeUnit::Hour,
        "2024-01-16T07:00:00Z",
        "2024-01-16T08:00:00Z",
        367,
    ),
    (
        TimeUnit::Day,
        "2025-01-02T00:00:00Z",
        "2025-01-03T00:00:00Z",
        367,
    ),
    (
        TimeUnit::Month,
        "2029-01-01T00:00:00Z",
        "2029-02-01T00:00:00Z",
        60,
    ),
];

#[tokio::test]
async fn a_window_over_its_units_limit_is_refused_before_sending() {
    let server = answering().await;
    let client = client(&server);
    for (unit, _, past, max) in AT_AND_PAST_LIMIT {
        let err = client
            .shape_windows()
            .get_prices(prices("2024-01-01T00:00:00Z", past, Some(unit)))
            .await
            .unwrap_err();
        assert_eq!(
            refused(&err),
            [(
                "LastTimeUnitStartUtc",
                &Rule::TimeUnitWindow {
                    start_property: "FirstTimeUnitStartUtc",
                    start: "2024-01-01T00:00:00Z".into(),
                    end: past.into(),
                    unit,
                    max,
                    actual: u64::from(max) + 1,
                }
            )],
            "{unit}"
        );
    }
    let err = client
        .shape_windows()
        .get_prices(prices(
            "2024-01-01T00:00:00Z",
            "2025-01-03T00:00:00Z",
            Some(TimeUnit::Day),
        ))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "LastTimeUnitStartUtc: is 2025-01-03T00:00:00Z, 368 days after FirstTimeUnitStartUtc 2024-01-01T00:00:00Z, more than the 367 days allowed for a service whose time unit is `Day`"
        ),
        "{err}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_window_at_its_units_limit_is_sent_and_the_unit_is_not() {
    let server = answering().await;
    let client = client(&server);
    for (unit, limit, _, _) in AT_AND_PAST_LIMIT {
        client
            .shape_windows()
            .get_prices(prices("2024-01-01T00:00:00Z", limit, Some(unit)))
            .await
            .unwrap();
    }
    let sent = received(&server).await;
    assert_eq!(sent.len(), 3);
    // The unit is a hint for the checks, never a property.
    assert_eq!(
        sent[0],
        (
            url_path("shapeWindows/getPrices"),
            with_credentials(json!({
                "RentalId": rental(),
                "FirstTimeUnitStartUtc": "2024-01-01T00:00:00Z",
                "LastTimeUnitStartUtc": "2024-01-16T07:00:00Z",
            }))
        )
    );
}

#[tokio::test]
async fn without_the_unit_only_what_no_unit_allows_is_refused() {
    let server = answering().await;
    let client = client(&server);
    // Five years: too long for hours and days, within 60 months.
    client
        .shape_windows()
        .get_prices(prices("2024-01-01T00:00:00Z", "2029-01-01T00:00:00Z", None))
        .await
        .unwrap();
    let err = client
        .shape_windows()
        .get_prices(prices("2024-01-01T00:00:00Z", "2029-02-01T00:00:00Z", None))
        .await
        .unwrap_err();
    assert_eq!(
        refused(&err),
        [(
            "LastTimeUnitStartUtc",
            &Rule::TimeUnitWindowAnyUnit {
                start_property: "FirstTimeUnitStartUtc",
                start: "2024-01-01T00:00:00Z".into(),
                end: "2029-02-01T00:00:00Z".into(),
                limits: TimeUnitLimits {
                    hours: Some(367),
                    days: Some(367),
                    months: Some(60),
                },
            }
        )]
    );
    // A window that ends before it starts, whatever the unit.
    let err = client
        .shape_windows()
        .get_prices(prices("2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z", None))
        .await
        .unwrap_err();
    assert!(matches!(
        refused(&err)[..],
        [("LastTimeUnitStartUtc", Rule::TimeUnitWindowOrder { .. })]
    ));
    assert_eq!(received(&server).await.len(), 1);
}

fn change(first: Option<&str>, last: Option<&str>) -> PriceChange {
    let mut b = PriceChange::builder().price("12.50".parse::<Decimal>().unwrap());
    if let Some(first) = first {
        b = b.first_time_unit_start_utc(at(first));
    }
    if let Some(last) = last {
        b = b.last_time_unit_start_utc(at(last));
    }
    b.build()
}

#[tokio::test]
async fn windows_in_a_list_use_the_requests_unit_at_their_own_path() {
    let server = answering().await;
    let client = client(&server);
    let changes = || {
        vec![
            // 100 days: the limit for days.
            change(Some("2024-01-01T00:00:00Z"), Some("2024-04-10T00:00:00Z")),
            // 101 days.
            change(Some("2024-01-01T00:00:00Z"), Some("2024-04-11T00:00:00Z")),
            // An open window is not checked.
            change(Some("2024-01-01T00:00:00Z"), None),
        ]
    };
    let request = UpdatePricesShapeWindowsRequest::builder()
        .rental_id(rental())
        .price_changes(changes())
        .time_unit_for_checks(TimeUnit::Day)
        .build();
    let err = client
        .shape_windows()
        .update_prices(request)
        .await
        .unwrap_err();
    assert!(matches!(
        refused(&err)[..],
        [(
            "PriceChanges[1].LastTimeUnitStartUtc",
            Rule::TimeUnitWindow {
                unit: TimeUnit::Day,
                max: 100,
                actual: 101,
                ..
            }
        )]
    ));
    // Months allow both (24), and so does the check without a unit.
    for unit in [Some(TimeUnit::Month), None] {
        let mut request = UpdatePricesShapeWindowsRequest::builder()
            .rental_id(rental())
            .price_changes(changes())
            .build();
        request.time_unit_for_checks = unit;
        client.shape_windows().update_prices(request).await.unwrap();
    }
    assert_eq!(received(&server).await.len(), 2);
}
