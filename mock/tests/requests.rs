//! How the stand-in checks a request before answering it: the URL, the JSON,
//! the credential envelope and the request type, with Mews' statuses and
//! error bodies; what it records; and answers given by the test.

use mews_connector::common::Limitation;
use mews_connector::operation::Empty;
use mews_connector::voucher_codes::{
    AddVoucherCodesRequest, DeleteVoucherCodesRequest, GetAllVoucherCodesRequest,
    VoucherCodeParameters, VoucherCodeResult,
};
use mews_connector::vouchers::DeleteVouchersRequest;
use mews_connector::{ApiErrorKind, Client, Credentials, Error, Locale, RetryPolicy};
use mews_connector_mock::{
    ACCESS_TOKEN, CLIENT_NAME, CLIENT_TOKEN, Failure, MockMews, from_json, smallest,
};
use serde_json::{Value, json};
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn client_with(mews: &MockMews, credentials: Credentials) -> Client {
    Client::builder(mews.environment(), credentials)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn client(mews: &MockMews) -> Client {
    client_with(mews, mews.credentials())
}

fn delete(n: u128) -> DeleteVoucherCodesRequest {
    DeleteVoucherCodesRequest::builder()
        .voucher_code_ids([id(n)])
        .build()
}

fn get_all() -> GetAllVoucherCodesRequest {
    GetAllVoucherCodesRequest::builder()
        .voucher_ids([id(1)])
        .limitation(Limitation::builder().count(10).build())
        .build()
}

/// A request sent by hand: status, `Request-Id` header and JSON body.
async fn post(mews: &MockMews, path: &str, body: &str) -> (u16, String, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", mews.uri()))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let request_id = response.headers()["request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.json().await.unwrap();
    (status, request_id, body)
}

/// `body` in an envelope with the given client name.
fn enveloped(client: &str, body: Value) -> String {
    let mut all =
        json!({ "ClientToken": CLIENT_TOKEN, "AccessToken": ACCESS_TOKEN, "Client": client });
    all.as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    all.to_string()
}

fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> mews_connector::ApiError {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an error answer, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_token_gets_mews_401_with_a_request_id() {
    let mews = MockMews::start();
    let wrong_client = client_with(
        &mews,
        Credentials::new("not-the-client-token", ACCESS_TOKEN, CLIENT_NAME),
    );
    let wrong_access = client_with(
        &mews,
        Credentials::new(CLIENT_TOKEN, "not-an-access-token", CLIENT_NAME),
    );

    let client_error = api_error(wrong_client.send(delete(1)).await);
    let access_error = api_error(wrong_access.send(delete(1)).await);

    assert_eq!(
        (client_error.kind, client_error.message.as_deref()),
        (ApiErrorKind::Unauthorized, Some("Invalid ClientToken."))
    );
    assert_eq!(
        (access_error.kind, access_error.message.as_deref()),
        (ApiErrorKind::Unauthorized, Some("Invalid AccessToken."))
    );
    let received = mews.received();
    assert_eq!(
        client_error.request_id.as_deref(),
        Some(received[0].request_id())
    );
    assert_eq!(
        access_error.request_id.as_deref(),
        Some(received[1].request_id())
    );
    assert_ne!(received[0].request_id(), received[1].request_id());
    assert_eq!(received[0].status(), Some(401));
}

#[tokio::test]
async fn tokens_of_its_own_are_accepted() {
    let mews = MockMews::builder()
        .client_token("CT-of-the-test")
        .access_token("AT-of-the-test")
        .start();
    let ours = client_with(
        &mews,
        Credentials::new("CT-of-the-test", "AT-of-the-test", "tests 1.0"),
    );

    let the_default = client_with(
        &mews,
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_NAME),
    );

    ours.send(delete(1)).await.unwrap();
    // `credentials()` has the client token it accepts.
    client(&mews).send(delete(1)).await.unwrap();
    let refused = api_error(the_default.send(delete(1)).await);

    assert_eq!(refused.message.as_deref(), Some("Invalid ClientToken."));
    assert_eq!(mews.received()[0].client(), Some("tests 1.0"));
}

#[tokio::test]
async fn the_envelope_and_body_are_checked_as_mews_checks_them() {
    let mews = MockMews::start();
    let path = "/api/connector/v1/voucherCodes/delete";
    let ids = json!({ "VoucherCodeIds": [id(1)] });

    let cases = [
        (enveloped("", ids.clone()), "Invalid Client.", None),
        (r#"{"ClientToken": "a",}"#.to_owned(), "Invalid JSON.", None),
        ("[1, 2]".to_owned(), "Invalid JSON.", None),
        (
            enveloped("tests 1.0", json!({})),
            "Invalid VoucherCodeIds.",
            Some("missing field `VoucherCodeIds`"),
        ),
        (
            enveloped("tests 1.0", json!({ "VoucherCodeIds": ["not a uuid"] })),
            "Invalid VoucherCodeIds[0].",
            Some("invalid character"),
        ),
    ];
    for (body, message, details) in cases {
        let (status, request_id, answer) = post(&mews, path, &body).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(answer["Message"], message, "{body}");
        assert_eq!(answer["RequestId"], request_id.as_str());
        match details {
            Some(details) => assert!(
                answer["Details"].as_str().unwrap().contains(details),
                "{answer}"
            ),
            None => assert_eq!(answer["Details"], Value::Null),
        }
    }
    let nested = enveloped(
        "tests 1.0",
        json!({ "VoucherCodeParameters": [{ "VoucherId": id(1), "Value": "A" }, { "VoucherId": 5, "Value": "B" }] }),
    );
    let (_, _, answer) = post(&mews, "/api/connector/v1/voucherCodes/add", &nested).await;
    assert_eq!(
        answer["Message"],
        "Invalid VoucherCodeParameters[1].VoucherId."
    );
}

#[tokio::test]
async fn an_unknown_path_or_method_gets_404() {
    let mews = MockMews::start();
    let body = enveloped("tests 1.0", json!({ "VoucherCodeIds": [id(1)] }));

    // Mews' URLs are case-sensitive.
    let (status, _, answer) = post(&mews, "/api/connector/v1/voucherCodes/Delete", &body).await;
    assert_eq!(status, 404);
    assert!(
        answer["Message"]
            .as_str()
            .unwrap()
            .contains("case-sensitive")
    );
    let get = reqwest::get(format!(
        "{}/api/connector/v1/voucherCodes/delete",
        mews.uri()
    ))
    .await
    .unwrap();
    assert_eq!(get.status().as_u16(), 404);

    let received = mews.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].path(), "/api/connector/v1/voucherCodes/Delete");
    assert_eq!(received[0].operation(), None);
    assert_eq!(received[1].operation(), Some("voucherCodes/delete"));
    assert_eq!(received[1].status(), Some(404));
}

#[tokio::test]
async fn every_request_is_recorded_as_its_generated_type() {
    let mews = MockMews::start();
    let client = mews
        .client_builder()
        .locale(Locale::new("fr-FR", "fr-FR").unwrap())
        .build()
        .unwrap();
    let add = AddVoucherCodesRequest::builder()
        .voucher_code_parameters([VoucherCodeParameters::builder()
            .voucher_id(id(1))
            .value("SUMMER")
            .build()])
        .build();

    client.send(add.clone()).await.unwrap();
    client.send(delete(2)).await.unwrap();
    client.send(delete(3)).await.unwrap();

    assert_eq!(
        mews.requests::<AddVoucherCodesRequest>(),
        std::slice::from_ref(&add)
    );
    assert_eq!(
        mews.requests::<DeleteVoucherCodesRequest>(),
        [delete(2), delete(3)]
    );
    assert_eq!(
        mews.on::<DeleteVoucherCodesRequest>().requests(),
        [delete(2), delete(3)]
    );
    assert!(mews.requests::<DeleteVouchersRequest>().is_empty());
    let received = mews.received();
    assert_eq!(received[0].request::<AddVoucherCodesRequest>(), Some(&add));
    assert_eq!(received[0].request::<DeleteVoucherCodesRequest>(), None);
    assert_eq!(
        (
            received[0].client(),
            received[0].language_code(),
            received[0].culture_code()
        ),
        (Some(CLIENT_NAME), Some("fr-FR"), Some("fr-FR"))
    );
    let body: Value = serde_json::from_slice(received[0].body()).unwrap();
    assert_eq!(body["ClientToken"], CLIENT_TOKEN);
    assert!(received.iter().all(|r| r.status() == Some(200)));

    mews.reset();
    assert!(mews.received().is_empty());
}

#[tokio::test]
async fn without_data_an_operation_gets_its_smallest_response() {
    let mews = MockMews::start();
    let client = client(&mews);

    let page = client.voucher_codes().get_all(get_all()).await.unwrap();
    let deleted = client.voucher_codes().delete(delete(1)).await.unwrap();

    assert_eq!((page.voucher_codes.len(), page.cursor), (0, None));
    assert_eq!(deleted, Empty {});
}

#[tokio::test]
async fn answers_given_by_the_test() {
    let mews = MockMews::start();
    let client = client(&mews);
    let mut code: mews_connector::voucher_codes::VoucherCode = smallest();
    code.id = id(9);
    code.value = Some("GIVEN".into());
    let result: VoucherCodeResult = from_json(json!({ "VoucherCodes": [code] }));
    mews.on::<AddVoucherCodesRequest>().respond(result.clone());
    mews.on::<DeleteVoucherCodesRequest>()
        .try_respond_with(|request| match request.voucher_code_ids[0].as_u128() {
            1 => Ok(Empty {}),
            _ => Err(Failure::error(403, "The code is in use.")),
        });
    let add = AddVoucherCodesRequest::builder()
        .voucher_code_parameters([VoucherCodeParameters::builder()
            .voucher_id(id(1))
            .value("ANY")
            .build()])
        .build();

    assert_eq!(client.send(add).await.unwrap(), result);
    client.send(delete(1)).await.unwrap();
    let refused = api_error(client.send(delete(2)).await);

    assert_eq!(refused.user_message(), Some("The code is in use."));
}

#[tokio::test]
async fn a_panicking_answer_is_a_500_that_quotes_it() {
    let mews = MockMews::start();
    mews.on::<DeleteVoucherCodesRequest>()
        .respond_with(|_| panic!("no answer for this one"));

    let error = api_error(client(&mews).send(delete(1)).await);

    assert_eq!(error.status, 500);
    assert!(
        error.message.unwrap().contains("no answer for this one"),
        "the panic's message"
    );
}

#[tokio::test]
async fn it_stops_listening_when_dropped() {
    let mews = MockMews::start();
    let address = mews.address();
    client(&mews).send(delete(1)).await.unwrap();

    drop(mews);

    assert!(std::net::TcpStream::connect(address).is_err());
}
