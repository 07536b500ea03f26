//! The generated voucher-code operations through the real runtime, against a
//! local server: the exact body each operation sends, credentials included,
//! nothing sent for a refused request, and pagination of `getAll`.

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::voucher_codes::{
    AddVoucherCodesRequest, DeleteVoucherCodesRequest, GetAllVoucherCodesRequest,
    VoucherCodeParameters,
};
use mews_connector::{Client, Credentials, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

fn client(server: &MockServer) -> Client {
    Client::builder(
        Environment::custom(&server.uri()).unwrap(),
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, "voucher-codes-tests 1.0"),
    )
    .retry_policy(RetryPolicy::disabled())
    .no_rate_limit()
    .build()
    .unwrap()
}

fn envelope(mut body: Value) -> Value {
    let map = body.as_object_mut().unwrap();
    map.insert("ClientToken".into(), CLIENT_TOKEN.into());
    map.insert("AccessToken".into(), ACCESS_TOKEN.into());
    map.insert("Client".into(), "voucher-codes-tests 1.0".into());
    body
}

fn code(id: u128) -> Value {
    json!({
        "Id": Uuid::from_u128(id),
        "VoucherId": Uuid::from_u128(1),
        "Value": format!("CODE-{id}"),
        "ValidityStartUtc": null,
        "ValidityEndUtc": null,
        "CreatedUtc": "2024-05-01T10:00:00Z",
        "UpdatedUtc": "2024-05-01T10:00:00Z",
        "IsActive": true,
        "ActivityState": "Active",
        "SomethingNew": "ignored",
    })
}

#[tokio::test]
async fn add_sends_the_exact_body_and_reads_the_codes() {
    let server = MockServer::start().await;
    let expected = envelope(json!({
        "EnterpriseId": Uuid::from_u128(9),
        "VoucherCodeParameters": [{
            "VoucherId": Uuid::from_u128(1),
            "Value": "SUMMER",
            "ValidityStartUtc": "2024-06-01T00:00:00Z",
        }],
    }));
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/voucherCodes/add"))
        .and(body_json(&expected))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "VoucherCodes": [code(5)] })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let request = AddVoucherCodesRequest::builder()
        .enterprise_id(Uuid::from_u128(9))
        .voucher_code_parameters([VoucherCodeParameters::builder()
            .voucher_id(Uuid::from_u128(1))
            .value("SUMMER")
            .validity_start_utc("2024-06-01T00:00:00Z".parse().unwrap())
            .build()])
        .build();
    let result = client(&server).voucher_codes().add(request).await.unwrap();
    assert_eq!(result.voucher_codes.len(), 1);
    assert_eq!(result.voucher_codes[0].id, Uuid::from_u128(5));
    assert_eq!(result.voucher_codes[0].value.as_deref(), Some("CODE-5"));
    assert_eq!(result.cursor, None);
}

#[tokio::test]
async fn delete_sends_the_exact_body_and_accepts_an_empty_answer() {
    let server = MockServer::start().await;
    let expected = envelope(json!({ "VoucherCodeIds": [Uuid::from_u128(3), Uuid::from_u128(4)] }));
    Mock::given(path("/api/connector/v1/voucherCodes/delete"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let request = DeleteVoucherCodesRequest::builder()
        .voucher_code_ids([Uuid::from_u128(3), Uuid::from_u128(4)])
        .build();
    client(&server)
        .voucher_codes()
        .delete(request)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refused_request_is_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let request = DeleteVoucherCodesRequest::builder()
        .voucher_code_ids(Vec::new())
        .build();
    let err = client(&server)
        .voucher_codes()
        .delete(request)
        .await
        .unwrap_err();
    let Error::Contract(violations) = err else {
        panic!("expected a contract error, got {err:?}")
    };
    assert_eq!(violations.violations()[0].path, "VoucherCodeIds");
}

#[tokio::test]
async fn get_all_items_follows_the_cursor_until_a_short_page() {
    let server = MockServer::start().await;
    let page_request = |cursor: Option<u128>| {
        let mut limitation = json!({ "Count": 2 });
        if let Some(c) = cursor {
            limitation["Cursor"] = json!(Uuid::from_u128(c));
        }
        envelope(json!({ "VoucherIds": [Uuid::from_u128(1)], "Limitation": limitation }))
    };
    let pages = [
        (
            None,
            json!({ "VoucherCodes": [code(10), code(9)], "Cursor": Uuid::from_u128(9) }),
        ),
        (
            Some(9),
            json!({ "VoucherCodes": [code(8), code(7)], "Cursor": Uuid::from_u128(7) }),
        ),
        (
            Some(7),
            json!({ "VoucherCodes": [code(6)], "Cursor": Uuid::from_u128(6) }),
        ),
    ];
    for (cursor, body) in pages {
        Mock::given(path("/api/connector/v1/voucherCodes/getAll"))
            .and(body_json(page_request(cursor)))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let request = GetAllVoucherCodesRequest::builder()
        .voucher_ids([Uuid::from_u128(1)])
        .limitation(Limitation::builder().count(2).build())
        .build();
    let codes: Vec<_> = client(&server)
        .voucher_codes()
        .get_all_items(request)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<u128> = codes.iter().map(|c| c.id.as_u128()).collect();
    assert_eq!(ids, [10, 9, 8, 7, 6]);
}
