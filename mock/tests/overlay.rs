//! Operations added by spec alone (the shape fixtures of `tests/shapes`, an
//! overlay generated beside the client) are served like the client's own:
//! paged from given items, checked against their contracts, answered with
//! their smallest response, with no code for them in the stand-in.

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::{Client, Error, RetryPolicy};
use mews_connector_mock::{MockMews, from_json};
use serde_json::json;
use shape_tests::shape_demo::{
    Gadget, GadgetUpdateParameters, GetAllShapeDemoRequest, ShapeDemoClientExt,
    UpdateShapeDemoRequest,
};
use shape_tests::shape_unions::{GetAllShapeUnionsRequest, ShapeUnionsClientExt};
use uuid::Uuid;

fn client(mews: &MockMews) -> Client {
    mews.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn gadget(n: u128) -> Gadget {
    from_json(json!({
        "Id": Uuid::from_u128(n), "Name": format!("Gadget {n}"), "Kind": "Lamp",
        "ActivityState": "Active", "UpdatedUtc": "2025-01-01T00:00:00Z"
    }))
}

#[tokio::test]
async fn an_overlay_operation_is_paged_and_checked() {
    let mews = MockMews::builder()
        .operations(shape_tests::for_each_operation)
        .start();
    mews.on::<GetAllShapeDemoRequest>()
        .items((1..=5).rev().map(gadget));
    let client = client(&mews);
    let request = GetAllShapeDemoRequest::builder()
        .limitation(Limitation::builder().count(2).build())
        .build();

    let gadgets: Vec<Gadget> = client
        .shape_demo()
        .get_all_items(request)
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = gadgets.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        ["Gadget 5", "Gadget 4", "Gadget 3", "Gadget 2", "Gadget 1"]
    );

    // A name longer than its 64 UTF-16 code units, refused alike.
    let update = UpdateShapeDemoRequest::builder()
        .gadget_updates([GadgetUpdateParameters::builder()
            .gadget_id(Uuid::from_u128(1))
            .set_name("x".repeat(65))
            .build()])
        .build();
    let Err(Error::Contract(before)) = client.send(update.clone()).await else {
        panic!("expected a contract error")
    };
    let Err(Error::Api(after)) = client.send_unchecked(update).await else {
        panic!("expected Mews' 400")
    };
    assert_eq!(
        after.message.as_deref(),
        Some("Invalid GadgetUpdates[0].Name.")
    );
    assert_eq!(mews.received().last().unwrap().violations(), Some(&before));
}

#[tokio::test]
async fn an_operation_configured_with_on_is_served_without_being_listed() {
    // No `operations(...)`: `on` makes the stand-in serve it.
    let mews = MockMews::start();
    mews.on::<GetAllShapeUnionsRequest>();

    let services = client(&mews)
        .shape_unions()
        .get_all(GetAllShapeUnionsRequest::builder().build())
        .await
        .unwrap();

    assert!(services.services.is_empty());
}

#[tokio::test]
async fn an_operation_nobody_listed_is_not_found() {
    let mews = MockMews::start();

    let error = client(&mews)
        .shape_unions()
        .get_all(GetAllShapeUnionsRequest::builder().build())
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(404), "{error}");
}

#[tokio::test]
async fn exact_decimals_are_read_and_checked_exactly() {
    use mews_connector::scalar::Decimal;
    use shape_tests::shape_money::{AddShapeMoneyRequest, MoneyPriceParameters};

    let mews = MockMews::builder()
        .operations(shape_tests::for_each_operation)
        .start();
    let client = client(&mews);
    let price = |gross: &str| {
        AddShapeMoneyRequest::builder()
            .price_parameters([MoneyPriceParameters::builder()
                .rate_id(Uuid::from_u128(1))
                .gross_value(gross.parse::<Decimal>().unwrap())
                .build()])
            .build()
    };

    client
        .send(price("100000.000000000000000001"))
        .await
        .unwrap();
    let Err(Error::Api(refused)) = client.send_unchecked(price("1000000.01")).await else {
        panic!("expected Mews' 400")
    };

    let sent = mews.requests::<AddShapeMoneyRequest>();
    assert_eq!(
        sent[0].price_parameters[0].gross_value.to_string(),
        "100000.000000000000000001"
    );
    assert_eq!(
        refused.message.as_deref(),
        Some("Invalid PriceParameters[0].GrossValue.")
    );
}
