//! The `shapePaging` fixture (tests/shapes/spec/shape_paging.yaml): a pager
//! over an optional `Limitation`, which it fills in with the largest page; a
//! page with a second list, which never decides where paging ends; and
//! method names given by the spec.

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use serde_json::{Value, json};
use shape_tests::harness::{client, received, server, url_path, with_credentials};
// `shapePaging/getAll` is deprecated, like the operation it stands for.
#[allow(deprecated)]
use shape_tests::shape_paging::GetAllShapePagingRequest;
use shape_tests::shape_paging::{
    GetAllByIdsShapePagingRequest, GetAllItemsShapePagingRequest, Parcel, ParcelResult,
    ShapePagingClientExt,
};
use uuid::Uuid;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn parcels(ids: impl IntoIterator<Item = u128>) -> Vec<Value> {
    ids.into_iter().map(|n| json!({ "Id": id(n) })).collect()
}

/// Mounts `answer` for requests of `operation` whose body includes `matching`.
/// Mocks mounted first win, so mount the pages after the first one first.
async fn page(server: &MockServer, operation: &str, matching: Value, answer: Value) {
    Mock::given(method("POST"))
        .and(path(url_path(operation)))
        .and(body_partial_json(matching))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

fn bodies(requests: Vec<(String, Value)>) -> Vec<Value> {
    requests.into_iter().map(|(_, body)| body).collect()
}

#[tokio::test]
async fn the_pager_fills_in_a_left_out_limitation_with_the_largest_page() {
    let server = server().await;
    let operation = "shapePaging/getAllByIds";
    page(
        &server,
        operation,
        json!({ "Limitation": { "Cursor": id(1000) } }),
        json!({ "Parcels": parcels([1001]), "Cursor": id(1001) }),
    )
    .await;
    page(
        &server,
        operation,
        json!({}),
        json!({ "Parcels": parcels(1..=1000), "Cursor": id(1000) }),
    )
    .await;
    let request = GetAllByIdsShapePagingRequest::builder()
        .parcel_ids([id(7)])
        .build();
    assert_eq!(request.limitation, None);

    let all: Vec<Parcel> = client(&server)
        .shape_paging()
        .get_all_by_ids_items(request)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(all.len(), 1001);
    assert_eq!(all[1000].id, id(1001));
    let body = |limitation: Value| {
        with_credentials(json!({ "ParcelIds": [id(7)], "Limitation": limitation }))
    };
    assert_eq!(
        bodies(received(&server).await),
        [
            body(json!({ "Count": 1000 })),
            body(json!({ "Count": 1000, "Cursor": id(1000) }))
        ],
        "the first page is limited too, with `Count`'s maximum"
    );
}

#[tokio::test]
async fn a_given_optional_limitation_is_paged_as_given() {
    let server = server().await;
    let operation = "shapePaging/getAllByIds";
    page(
        &server,
        operation,
        json!({ "Limitation": { "Cursor": id(2) } }),
        json!({ "Parcels": [], "Cursor": null }),
    )
    .await;
    page(
        &server,
        operation,
        json!({}),
        json!({ "Parcels": parcels([1, 2]), "Cursor": id(2) }),
    )
    .await;
    let request = GetAllByIdsShapePagingRequest::builder()
        .parcel_ids([id(7)])
        .limitation(Limitation::builder().count(2).build())
        .build();

    let pages: Vec<ParcelResult> = client(&server)
        .shape_paging()
        .get_all_by_ids_pages(request)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(pages.len(), 2);
    let limitations: Vec<Value> = bodies(received(&server).await)
        .into_iter()
        .map(|b| b["Limitation"].clone())
        .collect();
    assert_eq!(
        limitations,
        [
            json!({ "Count": 2 }),
            json!({ "Count": 2, "Cursor": id(2) })
        ]
    );
}

#[tokio::test]
async fn send_leaves_a_left_out_limitation_out() {
    let server = server().await;
    page(
        &server,
        "shapePaging/getAllByIds",
        json!({}),
        json!({ "Parcels": parcels([1, 2, 3]) }),
    )
    .await;

    let answer = client(&server)
        .shape_paging()
        .get_all_by_ids(
            GetAllByIdsShapePagingRequest::builder()
                .parcel_ids([id(1), id(2), id(3)])
                .build(),
        )
        .await
        .unwrap();

    assert_eq!(answer.parcels.len(), 3);
    assert_eq!(
        bodies(received(&server).await),
        [with_credentials(
            json!({ "ParcelIds": [id(1), id(2), id(3)] })
        )]
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn only_the_items_list_decides_whether_a_page_is_the_last() {
    let server = server().await;
    let operation = "shapePaging/getAll";
    // A short `Parcels` list ends paging, however long `Labels` is...
    page(
        &server,
        operation,
        json!({ "Limitation": { "Cursor": id(2) } }),
        json!({ "Parcels": parcels([3]), "Labels": ["a", "b", "c"], "Cursor": id(3) }),
    )
    .await;
    // ...and a full one goes on, however short `Labels` is.
    page(
        &server,
        operation,
        json!({}),
        json!({ "Parcels": parcels([1, 2]), "Labels": [], "Cursor": id(2) }),
    )
    .await;
    let request = GetAllShapePagingRequest::builder()
        .limitation(Limitation::builder().count(2).build())
        .build();

    let pages: Vec<ParcelResult> = client(&server)
        .shape_paging()
        .get_all_2017_04_12_pages(request)
        .try_collect()
        .await
        .unwrap();

    let seen: Vec<(usize, Option<Vec<String>>)> = pages
        .iter()
        .map(|p| (p.parcels.len(), p.labels.clone()))
        .collect();
    assert_eq!(
        seen,
        [
            (2, Some(vec![])),
            (
                1,
                Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
            )
        ],
        "whole pages, with every list"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
#[allow(deprecated)]
async fn the_item_stream_follows_the_items_list() {
    let server = server().await;
    let operation = "shapePaging/getAll";
    page(
        &server,
        operation,
        json!({ "Limitation": { "Cursor": id(2) } }),
        json!({ "Parcels": parcels([3]), "Labels": ["c"], "Cursor": id(3) }),
    )
    .await;
    page(
        &server,
        operation,
        json!({}),
        json!({ "Parcels": parcels([1, 2]), "Labels": ["a", "b"], "Cursor": id(2) }),
    )
    .await;
    let request = GetAllShapePagingRequest::builder()
        .limitation(Limitation::builder().count(2).build())
        .build();

    let all: Vec<Parcel> = client(&server)
        .shape_paging()
        .get_all_2017_04_12_items(request)
        .try_collect()
        .await
        .unwrap();

    let ids: Vec<u128> = all.iter().map(|p| p.id.as_u128()).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn the_spec_named_method_leaves_get_all_items_to_its_own_operation() {
    let server = server().await;
    page(
        &server,
        "shapePaging/getAllItems",
        json!({}),
        json!({ "Parcels": parcels([5]) }),
    )
    .await;

    let answer = client(&server)
        .shape_paging()
        .get_all_items(
            GetAllItemsShapePagingRequest::builder()
                .parcel_ids([id(5)])
                .build(),
        )
        .await
        .unwrap();

    assert_eq!(answer.parcels[0].id, id(5));
    assert_eq!(
        received(&server).await,
        [(
            url_path("shapePaging/getAllItems"),
            with_credentials(json!({ "ParcelIds": [id(5)] }))
        )]
    );
}
