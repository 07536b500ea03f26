//! The `shapeSets` fixture (tests/shapes/spec/shape_sets.yaml): a request
//! made of mutually exclusive parameter sets. The chosen set's properties
//! are sent beside the request's own, its contracts are checked with the
//! request's, a JSON body is read into the set it carries (and refused when
//! it carries none or two), and the pager keeps the set page after page.

use chrono::{TimeZone, Utc};
use futures_util::TryStreamExt;
use mews_connector::common::{Limitation, TimeInterval};
use mews_connector::contract::Rule;
use serde_json::{Value, json};
use shape_tests::harness::{client, received, refused, server, url_path, with_credentials};
use shape_tests::shape_sets::{
    GetAllShapeSetsByIds, GetAllShapeSetsByPrinters, GetAllShapeSetsParameterSet,
    GetAllShapeSetsRequest, Job, JobState, ShapeSetsClientExt,
};
use uuid::Uuid;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn limitation(count: i32) -> Limitation {
    Limitation::builder().count(count).build()
}

fn by_printers() -> GetAllShapeSetsByPrinters {
    GetAllShapeSetsByPrinters::builder()
        .printer_ids([id(50)])
        .states([JobState::Pending])
        .updated_utc(
            TimeInterval::builder()
                .start_utc(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap())
                .end_utc(Utc.with_ymd_and_hms(2025, 1, 8, 0, 0, 0).unwrap())
                .build(),
        )
        .build()
}

#[tokio::test]
async fn each_set_sends_its_own_properties_beside_the_shared_ones() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeSets/getAll")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "Jobs": [], "Cursor": null })),
        )
        .mount(&server)
        .await;
    let by_ids = GetAllShapeSetsRequest::builder()
        .limitation(limitation(10))
        .parameter_set(
            GetAllShapeSetsByIds::builder()
                .job_ids([id(1), id(2)])
                .build(),
        )
        .build();
    let by_printers = GetAllShapeSetsRequest::builder()
        .enterprise_ids([id(900)])
        .parameter_set(by_printers())
        .limitation(limitation(10))
        .build();

    let client = client(&server);
    client.shape_sets().get_all(by_ids).await.unwrap();
    client.shape_sets().get_all(by_printers).await.unwrap();

    let bodies: Vec<Value> = received(&server)
        .await
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        bodies,
        [
            with_credentials(json!({
                "Limitation": { "Count": 10 },
                "JobIds": [id(1), id(2)]
            })),
            with_credentials(json!({
                "EnterpriseIds": [id(900)],
                "Limitation": { "Count": 10 },
                "PrinterIds": [id(50)],
                "States": ["Pending"],
                "UpdatedUtc": { "StartUtc": "2025-01-01T00:00:00Z", "EndUtc": "2025-01-08T00:00:00Z" }
            })),
        ]
    );
}

#[tokio::test]
async fn the_sets_contracts_are_checked_with_the_requests() {
    let server = server().await;
    let set = GetAllShapeSetsByPrinters::builder()
        .printer_ids((0..101).map(id))
        .states([])
        .build();
    let request = GetAllShapeSetsRequest::builder()
        .enterprise_ids([])
        .limitation(limitation(0))
        .parameter_set(set)
        .build();

    let err = client(&server)
        .shape_sets()
        .get_all(request)
        .await
        .unwrap_err();

    let found = refused(&err);
    assert_eq!(
        found,
        [
            ("EnterpriseIds", &Rule::MinItems { min: 1, actual: 0 }),
            (
                "Limitation.Count",
                &Rule::Range {
                    min: Some(1.0),
                    max: Some(1000.0),
                    actual: 0.0
                }
            ),
            // The set's properties have the request's own paths.
            (
                "PrinterIds",
                &Rule::MaxItems {
                    max: 100,
                    actual: 101
                }
            ),
            ("States", &Rule::MinItems { min: 1, actual: 0 }),
        ]
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[test]
fn a_body_reads_as_the_set_it_carries() {
    let by_ids: GetAllShapeSetsRequest =
        serde_json::from_value(json!({ "Limitation": { "Count": 5 }, "JobIds": [id(1)] })).unwrap();
    assert_eq!(
        by_ids.parameter_set,
        GetAllShapeSetsParameterSet::ByIds(
            GetAllShapeSetsByIds::builder().job_ids([id(1)]).build()
        )
    );

    let written = serde_json::to_string(
        &GetAllShapeSetsRequest::builder()
            .limitation(limitation(5))
            .parameter_set(by_printers())
            .build(),
    )
    .unwrap();
    let read: GetAllShapeSetsRequest = serde_json::from_str(&written).unwrap();
    assert_eq!(
        read.parameter_set,
        GetAllShapeSetsParameterSet::ByPrinters(by_printers())
    );
}

#[test]
fn a_body_with_two_sets_or_none_or_half_a_set_is_refused() {
    let read = |body: Value| {
        serde_json::from_value::<GetAllShapeSetsRequest>(body)
            .unwrap_err()
            .to_string()
    };
    let sets = "`ByIds` (`JobIds`) or `ByPrinters` (`PrinterIds`, `States`, `UpdatedUtc`)";
    assert_eq!(
        read(json!({ "Limitation": { "Count": 5 }, "JobIds": [id(1)], "PrinterIds": [id(2)] })),
        format!(
            "the properties of several parameter sets are present; give those of one only: {sets}"
        )
    );
    assert_eq!(
        read(json!({ "Limitation": { "Count": 5 } })),
        format!("no parameter set is present; give the properties of one: {sets}")
    );
    assert_eq!(
        read(json!({ "Limitation": { "Count": 5 }, "PrinterIds": [id(2)] })),
        "parameter set `ByPrinters` lacks its required property `States`"
    );
}

#[tokio::test]
async fn the_pager_keeps_the_set_page_after_page() {
    let server = server().await;
    let job = |n: u128| json!({ "Id": id(n), "State": "Printed" });
    Mock::given(method("POST"))
        .and(path(url_path("shapeSets/getAll")))
        .and(body_partial_json(
            json!({ "Limitation": { "Cursor": id(2) } }),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "Jobs": [job(3)], "Cursor": id(3) })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeSets/getAll")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "Jobs": [job(1), job(2)], "Cursor": id(2) })),
        )
        .expect(1)
        .mount(&server)
        .await;
    // A set can be given as the enum too, e.g. when it is chosen at run time.
    let chosen: GetAllShapeSetsParameterSet = GetAllShapeSetsByIds::builder()
        .job_ids([id(1), id(2), id(3)])
        .build()
        .into();
    let request = GetAllShapeSetsRequest::builder()
        .limitation(limitation(2))
        .parameter_set(chosen)
        .build();

    let jobs: Vec<Job> = client(&server)
        .shape_sets()
        .get_all_items(request)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(
        jobs.iter().map(|j| j.id.as_u128()).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let bodies: Vec<Value> = received(&server)
        .await
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    let body = |limitation: Value| {
        with_credentials(json!({ "Limitation": limitation, "JobIds": [id(1), id(2), id(3)] }))
    };
    assert_eq!(
        bodies,
        [
            body(json!({ "Count": 2 })),
            body(json!({ "Count": 2, "Cursor": id(2) }))
        ]
    );
}
