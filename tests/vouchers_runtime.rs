//! The vouchers operations through the runtime, against a local server: the
//! exact JSON each call sends (credentials included), how the answers are
//! read, and paging through `vouchers/getAll` by the response's cursor
//! (against the stand-in Mews where Mews' own paging is the point, wiremock
//! where a server's odd answers are).

use std::collections::HashMap;

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::vouchers::{
    AddVouchersRequest, DeleteVouchersRequest, GetAllVouchersRequest, UpdateVouchersRequest,
    Voucher, VoucherExtent, VoucherParameters, VoucherResult, VoucherType, VoucherUpdateParameters,
};
use mews_connector::{Client, Credentials, Environment, Error, RetryPolicy};
use mews_connector_mock::{MockMews, from_json};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_TOKEN: &str = "CT-vouchers-runtime";
const ACCESS_TOKEN: &str = "AT-vouchers-runtime";
const CLIENT_NAME: &str = "client-tests 1.0";

const GET_ALL: &str = "/api/connector/v1/vouchers/getAll";
const ADD: &str = "/api/connector/v1/vouchers/add";
const UPDATE: &str = "/api/connector/v1/vouchers/update";
const DELETE: &str = "/api/connector/v1/vouchers/delete";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A server of this test's own (not wiremock's shared pool).
async fn server() -> MockServer {
    MockServer::builder().start().await
}

/// One attempt per call, no rate limit: what is sent is exactly what the
/// test caused.
fn client(server: &MockServer) -> Client {
    let environment = Environment::custom(&server.uri()).unwrap();
    Client::builder(
        environment,
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_NAME),
    )
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap()
}

/// `body` with the credentials the client puts around every request.
fn with_credentials(body: Value) -> Value {
    let mut all =
        json!({ "ClientToken": CLIENT_TOKEN, "AccessToken": ACCESS_TOKEN, "Client": CLIENT_NAME });
    all.as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    all
}

/// The path and JSON body of every request the server got, in order.
async fn received(server: &MockServer) -> Vec<(String, Value)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            assert_eq!(r.headers["content-type"], "application/json");
            (
                r.url.path().to_owned(),
                serde_json::from_slice(&r.body).unwrap(),
            )
        })
        .collect()
}

/// A voucher as Mews writes it.
fn voucher_json(n: u128) -> Value {
    json!({
        "Id": id(n),
        "ServiceId": id(100),
        "EnterpriseId": id(200),
        "Name": format!("Voucher {n}"),
        "CreatedUtc": "2024-01-01T00:00:00Z",
        "UpdatedUtc": "2024-01-02T00:00:00Z",
        "Type": "Public",
        "ActivityState": "Active",
        "CompanyId": null,
        "TravelAgencyId": null,
        "OccupiableIntervalStartUtc": null,
        "OccupiableIntervalEndUtc": null,
        "ExternalIdentifier": null,
        "IsActive": true
    })
}

#[tokio::test]
async fn add_sends_the_parameters_with_the_credentials_and_reads_the_vouchers() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(ADD))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "Vouchers": [voucher_json(1)] })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let request = AddVouchersRequest::builder()
        .voucher_parameters([VoucherParameters::builder()
            .service_id(id(100))
            .name("Partner stays")
            .r#type(VoucherType::PartnerCompany)
            .company_id(id(300))
            .assigned_rate_ids([id(400), id(401)])
            .build()])
        .build();

    let result = client(&server).vouchers().add(request).await.unwrap();

    let vouchers: Vec<Voucher> = result.vouchers.unwrap();
    assert_eq!(vouchers.len(), 1);
    assert_eq!(
        (
            vouchers[0].id,
            vouchers[0].enterprise_id,
            vouchers[0].is_active
        ),
        (id(1), Some(id(200)), true)
    );
    assert_eq!(vouchers[0].name, "Voucher 1");
    assert_eq!(
        received(&server).await,
        [(
            ADD.to_owned(),
            with_credentials(json!({
                "VoucherParameters": [{
                    "ServiceId": id(100),
                    "Name": "Partner stays",
                    "Type": "PartnerCompany",
                    "CompanyId": id(300),
                    "AssignedRateIds": [id(400), id(401)]
                }]
            }))
        )]
    );
}

#[tokio::test]
async fn update_sends_keep_as_absent_set_as_value_and_clear_as_null() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(UPDATE))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "Vouchers": [voucher_json(1)] })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let request = UpdateVouchersRequest::builder()
        .voucher_updates([VoucherUpdateParameters::builder()
            .voucher_id(id(1))
            .set_name("Voucher 1")
            .clear_company_id()
            .set_assigned_rate_ids([id(400)])
            .clear_external_identifier()
            .build()])
        .enterprise_id(id(200))
        .build();

    let result = client(&server).vouchers().update(request).await.unwrap();

    assert_eq!(result.vouchers.unwrap()[0].company_id, None);
    assert_eq!(
        received(&server).await,
        [(
            UPDATE.to_owned(),
            with_credentials(json!({
                "EnterpriseId": id(200),
                "VoucherUpdates": [{
                    "VoucherId": id(1),
                    "Name": { "Value": "Voucher 1" },
                    "CompanyId": { "Value": null },
                    "AssignedRateIds": { "Value": [id(400)] },
                    "ExternalIdentifier": { "Value": null }
                }]
            }))
        )]
    );
}

#[tokio::test]
async fn delete_reads_an_empty_object_and_no_content_alike() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(DELETE))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(DELETE))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let request = DeleteVouchersRequest::builder()
        .voucher_ids([id(1), id(2)])
        .build();

    client.vouchers().delete(request.clone()).await.unwrap();
    client.vouchers().delete(request).await.unwrap();

    let body = with_credentials(json!({ "VoucherIds": [id(1), id(2)] }));
    assert_eq!(
        received(&server).await,
        [(DELETE.to_owned(), body.clone()), (DELETE.to_owned(), body)]
    );
}

#[tokio::test]
async fn a_request_that_breaks_a_contract_never_reaches_the_server() {
    let server = server().await;
    let request = AddVouchersRequest::builder()
        .voucher_parameters([VoucherParameters::builder()
            .service_id(id(100))
            .name("Too many rates")
            .r#type(VoucherType::Public)
            .assigned_rate_ids((0..11).map(id))
            .build()])
        .build();

    let err = client(&server).vouchers().add(request).await.unwrap_err();

    let Error::Contract(violations) = err else {
        panic!("expected a contract error, got {err:?}")
    };
    let paths: Vec<&str> = violations
        .violations()
        .iter()
        .map(|v| v.path.as_str())
        .collect();
    assert_eq!(paths, ["VoucherParameters[0].AssignedRateIds"]);
    assert!(received(&server).await.is_empty());
}

/// Answers `vouchers/getAll` by the `Limitation.Cursor` of the request:
/// each known cursor (or none) has its page; any other is an error.
struct Pages(HashMap<Option<Uuid>, Value>);

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let cursor = body["Limitation"]["Cursor"]
            .as_str()
            .map(|c| c.parse().unwrap());
        match self.0.get(&cursor) {
            Some(page) => ResponseTemplate::new(200).set_body_json(page),
            None => {
                ResponseTemplate::new(400).set_body_json(json!({ "Message": "Invalid Cursor." }))
            }
        }
    }
}

/// A page of vouchers `ids`, with the assignments the extent asks for, and
/// `cursor`.
fn page(ids: &[u128], cursor: Option<u128>) -> Value {
    let vouchers: Vec<Value> = ids.iter().map(|&n| voucher_json(n)).collect();
    let assignments: Vec<Value> = ids
        .iter()
        .map(|&n| json!({ "VoucherId": id(n), "RateId": id(400) }))
        .collect();
    json!({
        "Vouchers": vouchers,
        "VoucherAssignments": assignments,
        "Rates": null,
        "Cursor": cursor.map(id)
    })
}

async fn paging_server(pages: Vec<(Option<u128>, Value)>) -> MockServer {
    let server = server().await;
    let pages = pages
        .into_iter()
        .map(|(cursor, page)| (cursor.map(id), page))
        .collect();
    Mock::given(method("POST"))
        .and(path(GET_ALL))
        .respond_with(Pages(pages))
        .mount(&server)
        .await;
    server
}

fn get_all(count: i32) -> GetAllVouchersRequest {
    GetAllVouchersRequest::builder()
        .extent(
            VoucherExtent::builder()
                .vouchers(true)
                .voucher_assignments(true)
                .build(),
        )
        .service_ids([id(100)])
        .limitation(Limitation::builder().count(count).build())
        .build()
}

/// The body `get_all(count)` is sent with, at `cursor`.
fn get_all_body(count: i32, cursor: Option<u128>) -> Value {
    let mut limitation = json!({ "Count": count });
    if let Some(cursor) = cursor {
        limitation["Cursor"] = json!(id(cursor));
    }
    with_credentials(json!({
        "Extent": { "Vouchers": true, "VoucherAssignments": true },
        "ServiceIds": [id(100)],
        "Limitation": limitation
    }))
}

fn ids(vouchers: &[Voucher]) -> Vec<u128> {
    vouchers.iter().map(|v| v.id.as_u128()).collect()
}

#[tokio::test]
async fn items_follow_the_cursor_across_pages_until_a_short_page() {
    // The stand-in pages as Mews does: two at a time, each page's cursor its
    // last voucher's id; the third page is short (1 of 2), so it is the end.
    let mews = MockMews::start();
    mews.on::<GetAllVouchersRequest>()
        .items((1..=5).map(|n| from_json::<Voucher>(voucher_json(n))));
    let client = mews
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();

    let vouchers: Vec<Voucher> = client
        .vouchers()
        .get_all_items(get_all(2))
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&vouchers), [1, 2, 3, 4, 5]);
    let sent = mews.requests::<GetAllVouchersRequest>();
    let expected: Vec<GetAllVouchersRequest> = [None, Some(2), Some(4)]
        .into_iter()
        .map(|cursor| {
            let mut request = get_all(2);
            request.limitation.cursor = cursor.map(id);
            request
        })
        .collect();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn pages_stop_at_a_null_cursor_and_keep_the_extents() {
    let server = paging_server(vec![
        (None, page(&[1, 2], Some(2))),
        (Some(2), page(&[3, 4], None)),
    ])
    .await;

    let pages: Vec<VoucherResult> = client(&server)
        .vouchers()
        .get_all_pages(get_all(2))
        .try_collect()
        .await
        .unwrap();

    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].cursor, Some(id(2)));
    assert_eq!(pages[1].cursor, None);
    let assignments = pages[1].voucher_assignments.as_ref().unwrap();
    assert_eq!(
        assignments
            .iter()
            .map(|a| (a.voucher_id, a.rate_id))
            .collect::<Vec<_>>(),
        [(id(3), id(400)), (id(4), id(400))]
    );
    assert_eq!(ids(pages[1].vouchers.as_ref().unwrap()), [3, 4]);
    let cursors: Vec<Value> = received(&server)
        .await
        .into_iter()
        .map(|(_, body)| body["Limitation"]["Cursor"].clone())
        .collect();
    assert_eq!(cursors, [Value::Null, json!(id(2))]);
}

#[tokio::test]
async fn one_get_all_call_sends_one_page_request() {
    let server = paging_server(vec![(None, page(&[1, 2], Some(2)))]).await;

    let result = client(&server)
        .vouchers()
        .get_all(get_all(2))
        .await
        .unwrap();

    assert_eq!(ids(result.vouchers.as_ref().unwrap()), [1, 2]);
    assert_eq!(result.cursor, Some(id(2)));
    assert_eq!(
        received(&server).await,
        [(GET_ALL.to_owned(), get_all_body(2, None))]
    );
}

#[tokio::test]
async fn pages_without_the_voucher_list_follow_the_cursor_alone() {
    // Only assignments asked for: `Vouchers` is null on every page, which
    // says nothing about the page being short; the null cursor ends paging.
    let assignments_only = |ids: &[u128], cursor: Option<u128>| {
        let mut page = page(ids, cursor);
        page["Vouchers"] = Value::Null;
        page
    };
    let server = paging_server(vec![
        (None, assignments_only(&[1, 2], Some(2))),
        (Some(2), assignments_only(&[3], Some(3))),
        (Some(3), assignments_only(&[], None)),
    ])
    .await;
    let request = GetAllVouchersRequest::builder()
        .extent(VoucherExtent::builder().voucher_assignments(true).build())
        .service_ids([id(100)])
        .limitation(Limitation::builder().count(2).build())
        .build();

    let pages: Vec<VoucherResult> = client(&server)
        .vouchers()
        .get_all_pages(request)
        .try_collect()
        .await
        .unwrap();

    let assigned: Vec<u128> = pages
        .iter()
        .flat_map(|p| p.voucher_assignments.iter().flatten())
        .map(|a| a.voucher_id.as_u128())
        .collect();
    assert_eq!(assigned, [1, 2, 3]);
    assert_eq!(received(&server).await.len(), 3);
}
