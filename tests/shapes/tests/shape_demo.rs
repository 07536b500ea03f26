//! The `shapeDemo` fixture (tests/shapes/spec/shape_demo.yaml) through the
//! real client against a local server: the overlay's generated code sends
//! the JSON its spec describes, reads the answers, pages by cursor, and
//! refuses a request that breaks a contract before sending it.

use chrono::{TimeZone, Utc};
use futures_util::TryStreamExt;
use mews_connector::common::{ActivityState, Limitation, TimeInterval};
use mews_connector::contract::Rule;
use serde_json::{Value, json};
use shape_tests::harness::{
    client, client_with, received, refused, server, url_path, with_credentials,
};
use shape_tests::shape_demo::{
    Gadget, GadgetKind, GadgetUpdateParameters, GetAllShapeDemoRequest, ShapeDemoClientExt,
    UpdateShapeDemoRequest,
};
use uuid::Uuid;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A gadget as the server writes it.
fn gadget_json(n: u128, kind: &str) -> Value {
    json!({
        "Id": id(n),
        "Name": format!("Gadget {n}"),
        "Kind": kind,
        "Notes": null,
        "ActivityState": "Active",
        "UpdatedUtc": "2025-03-01T08:30:00Z",
        "Colour": "a property this version does not know"
    })
}

fn limitation(count: i32) -> Limitation {
    Limitation::builder().count(count).build()
}

#[tokio::test]
async fn get_all_sends_the_filters_and_reads_the_page() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeDemo/getAll")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Gadgets": [gadget_json(1, "Lamp"), gadget_json(2, "Toaster")],
            "Cursor": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
    let request = GetAllShapeDemoRequest::builder()
        .activity_states([ActivityState::Active])
        .updated_utc(
            TimeInterval::builder()
                .start_utc(start)
                .end_utc(end)
                .build(),
        )
        .limitation(limitation(10))
        .build();

    let page = client(&server).shape_demo().get_all(request).await.unwrap();

    let gadgets: Vec<&Gadget> = page.gadgets.iter().collect();
    assert_eq!(gadgets.len(), 2);
    assert_eq!(
        (gadgets[0].id, gadgets[0].name.as_str(), &gadgets[0].kind),
        (id(1), "Gadget 1", &GadgetKind::Lamp)
    );
    assert_eq!(gadgets[0].notes, None);
    assert_eq!(gadgets[0].activity_state, ActivityState::Active);
    assert_eq!(
        gadgets[0].updated_utc,
        Utc.with_ymd_and_hms(2025, 3, 1, 8, 30, 0).unwrap()
    );
    // A kind the fixture does not list is kept, not an error.
    assert_eq!(gadgets[1].kind, GadgetKind::Unknown("Toaster".to_owned()));
    assert_eq!(page.cursor, None);
    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeDemo/getAll"),
            with_credentials(json!({
                "ActivityStates": ["Active"],
                "UpdatedUtc": {
                    "StartUtc": "2025-01-01T00:00:00Z",
                    "EndUtc": "2025-02-01T00:00:00Z"
                },
                "Limitation": { "Count": 10 }
            }))
        )]
    );
}

#[tokio::test]
async fn get_all_items_follow_the_cursor_until_a_short_page() {
    let server = server().await;
    let first =
        json!({ "Gadgets": [gadget_json(1, "Lamp"), gadget_json(2, "Clock")], "Cursor": id(2) });
    let second = json!({ "Gadgets": [gadget_json(3, "Kettle")], "Cursor": id(3) });
    // The first mounted mock that matches answers: the page after cursor 2,
    // then the first page for a request without a cursor.
    Mock::given(method("POST"))
        .and(path(url_path("shapeDemo/getAll")))
        .and(body_partial_json(
            json!({ "Limitation": { "Cursor": id(2) } }),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeDemo/getAll")))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .expect(1)
        .mount(&server)
        .await;
    let request = GetAllShapeDemoRequest::builder()
        .gadget_ids([id(1), id(2), id(3)])
        .limitation(limitation(2))
        .build();

    let gadgets: Vec<Gadget> = client(&server)
        .shape_demo()
        .get_all_items(request)
        .try_collect()
        .await
        .unwrap();

    let ids: Vec<u128> = gadgets.iter().map(|g| g.id.as_u128()).collect();
    assert_eq!(ids, [1, 2, 3]);
    let bodies: Vec<Value> = received(&server)
        .await
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    let body = |limitation: Value| {
        with_credentials(json!({ "GadgetIds": [id(1), id(2), id(3)], "Limitation": limitation }))
    };
    assert_eq!(
        bodies,
        [
            body(json!({ "Count": 2 })),
            body(json!({ "Count": 2, "Cursor": id(2) }))
        ]
    );
}

#[tokio::test]
async fn update_sends_keep_as_absent_set_as_value_and_clear_as_null() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeDemo/update")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let request = UpdateShapeDemoRequest::builder()
        .enterprise_id(id(200))
        .gadget_updates([
            GadgetUpdateParameters::builder()
                .gadget_id(id(1))
                .set_name("Desk lamp")
                .clear_notes()
                .set_kind(GadgetKind::Lamp)
                .build(),
            // Nothing to change: only the identifier is sent.
            GadgetUpdateParameters::builder().gadget_id(id(2)).build(),
        ])
        .build();

    client_with(&server, true)
        .shape_demo()
        .update(request)
        .await
        .unwrap();

    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeDemo/update"),
            with_credentials(json!({
                "EnterpriseId": id(200),
                "GadgetUpdates": [
                    {
                        "GadgetId": id(1),
                        "Name": { "Value": "Desk lamp" },
                        "Notes": { "Value": null },
                        "Kind": { "Value": "Lamp" }
                    },
                    { "GadgetId": id(2) }
                ]
            }))
        )]
    );
}

#[tokio::test]
async fn a_request_that_breaks_contracts_never_reaches_the_server() {
    let server = server().await;
    // A portfolio token needs `EnterpriseId` on writes; names are 1 to 64
    // UTF-16 code units; notes at most 255.
    let request = UpdateShapeDemoRequest::builder()
        .gadget_updates([GadgetUpdateParameters::builder()
            .gadget_id(id(1))
            .set_name("")
            .set_notes("n".repeat(256))
            .build()])
        .build();

    let err = client_with(&server, true)
        .shape_demo()
        .update(request)
        .await
        .unwrap_err();

    let found = refused(&err);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        matches!(found[0], ("EnterpriseId", Rule::RequiredWithPortfolioToken)),
        "{found:?}"
    );
    assert!(
        matches!(
            found[1],
            (
                "GadgetUpdates[0].Name",
                Rule::MinLength { min: 1, actual: 0 }
            )
        ),
        "{found:?}"
    );
    assert!(
        matches!(
            found[2],
            (
                "GadgetUpdates[0].Notes",
                Rule::MaxLength {
                    max: 255,
                    actual: 256
                }
            )
        ),
        "{found:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_filter_interval_longer_than_its_limit_is_refused() {
    let server = server().await;
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2025, 4, 2, 0, 0, 0).unwrap();
    let request = GetAllShapeDemoRequest::builder()
        .updated_utc(
            TimeInterval::builder()
                .start_utc(start)
                .end_utc(end)
                .build(),
        )
        .limitation(limitation(10))
        .build();

    let err = client(&server)
        .shape_demo()
        .get_all(request)
        .await
        .unwrap_err();

    let paths: Vec<&str> = refused(&err).into_iter().map(|(path, _)| path).collect();
    assert_eq!(paths, ["UpdatedUtc"]);
    assert!(received(&server).await.is_empty());
}

#[test]
fn for_each_operation_lists_the_overlay_operations() {
    struct Paths(Vec<&'static str>);
    impl mews_connector::operation::OperationVisitor for Paths {
        fn visit<O>(&mut self)
        where
            O: mews_connector::operation::Operation + serde::de::DeserializeOwned,
            O::Response: serde::Serialize,
        {
            self.0.push(O::PATH);
        }
    }
    let mut paths = Paths(Vec::new());
    shape_tests::for_each_operation(&mut paths);
    // Other fixtures list theirs too; this one's come in spec order.
    let own: Vec<&str> = paths
        .0
        .into_iter()
        .filter(|p| p.starts_with("shapeDemo/"))
        .collect();
    assert_eq!(own, ["shapeDemo/getAll", "shapeDemo/update"]);
}
