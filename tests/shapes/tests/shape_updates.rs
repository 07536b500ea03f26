//! The `shapeUpdates` fixture (tests/shapes/spec/shape_updates.yaml): update
//! values that are required. The builder insists on them (see the trybuild
//! cases); on the wire a set one is `{"Value": x}` and a cleared one
//! `{"Value": null}`; one put back to `Keep` through the public field is
//! refused before sending, as is clearing one that cannot be cleared.

use mews_connector::contract::{Rule, Validate};
use mews_connector::update::Update;
use serde_json::json;
use shape_tests::harness::{client, received, refused, server, url_path, with_credentials};
use shape_tests::shape_updates::{
    AdjustShapeUpdatesRequest, ShapeUpdatesClientExt, StockAdjustment,
};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

async fn answering() -> MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeUpdates/adjust")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

fn request(adjustments: Vec<StockAdjustment>) -> AdjustShapeUpdatesRequest {
    AdjustShapeUpdatesRequest::builder()
        .shop_id(id(1))
        .adjustments(adjustments)
        .build()
}

#[tokio::test]
async fn required_updates_are_sent_set_or_cleared() {
    let server = answering().await;
    let adjustments = vec![
        StockAdjustment::builder()
            .shelf_id(id(10))
            .set_count_adjustment(-3)
            .set_label("Tea")
            .build(),
        // `{}` in the docs' example: no value, every adjustment removed.
        StockAdjustment::builder()
            .shelf_id(id(11))
            .clear_count_adjustment()
            .set_label("Coffee")
            .set_note("refilled")
            .build(),
    ];

    client(&server)
        .shape_updates()
        .adjust(request(adjustments))
        .await
        .unwrap();

    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeUpdates/adjust"),
            with_credentials(json!({
                "ShopId": id(1),
                "Adjustments": [
                    {
                        "ShelfId": id(10),
                        "CountAdjustment": { "Value": -3 },
                        "Label": { "Value": "Tea" }
                    },
                    {
                        "ShelfId": id(11),
                        "CountAdjustment": { "Value": null },
                        "Label": { "Value": "Coffee" },
                        "Note": { "Value": "refilled" }
                    }
                ]
            }))
        )]
    );
}

#[tokio::test]
async fn a_required_update_put_back_to_keep_is_refused_before_sending() {
    let server = answering().await;
    let mut kept = StockAdjustment::builder()
        .shelf_id(id(10))
        .set_count_adjustment(1)
        .set_label("Tea")
        .build();
    kept.count_adjustment = Update::Keep;
    let mut cleared = kept.clone();
    cleared.count_adjustment = Update::Set(2000);
    cleared.label = Update::Clear;

    let err = client(&server)
        .shape_updates()
        .adjust(request(vec![kept, cleared]))
        .await
        .unwrap_err();

    let found = refused(&err);
    assert_eq!(
        found,
        [
            ("Adjustments[0].CountAdjustment", &Rule::RequiredUpdate),
            (
                "Adjustments[1].CountAdjustment",
                &Rule::Range {
                    min: Some(-1000.0),
                    max: Some(1000.0),
                    actual: 2000.0
                }
            ),
            ("Adjustments[1].Label", &Rule::NotClearable),
        ]
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[test]
fn a_required_update_reads_back_as_sent() {
    let adjustment = StockAdjustment::builder()
        .shelf_id(id(10))
        .clear_count_adjustment()
        .set_label("Tea")
        .build();
    let text = serde_json::to_string(&adjustment).unwrap();
    assert_eq!(
        serde_json::from_str::<StockAdjustment>(&text).unwrap(),
        adjustment
    );

    // The docs' `{}` reads as a clear, which is what the client sends back.
    let docs = json!({ "ShelfId": id(10), "CountAdjustment": {}, "Label": { "Value": "Tea" } });
    let read: StockAdjustment = serde_json::from_value(docs).unwrap();
    assert_eq!(read, adjustment);
    read.check_contracts(false).unwrap();
}
