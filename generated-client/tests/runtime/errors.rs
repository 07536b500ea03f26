//! Each Mews status mapped to its error, and odd answers read without panics.

use std::time::Duration;

use mews_connector::operation::Empty;
use mews_connector::{ApiError, ApiErrorKind, Error};
use uuid::Uuid;
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

async fn answer_with(template: ResponseTemplate) -> Error {
    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(template)
        .mount(&server)
        .await;
    builder(&server.uri())
        .build()
        .unwrap()
        .send(AddThings::new(&["a"]))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn every_status_has_its_kind_message_and_request_id() {
    let cases = [
        (400, ApiErrorKind::BadRequest),
        (401, ApiErrorKind::Unauthorized),
        (403, ApiErrorKind::Forbidden),
        (404, ApiErrorKind::NotFound),
        (408, ApiErrorKind::RequestTimeout),
        (409, ApiErrorKind::Conflict),
        (410, ApiErrorKind::Gone),
        (413, ApiErrorKind::PayloadTooLarge),
        (429, ApiErrorKind::TooManyRequests),
        (500, ApiErrorKind::ServerError),
        (502, ApiErrorKind::ServerError),
        (503, ApiErrorKind::ServerError),
        (418, ApiErrorKind::Other),
    ];
    for (status, kind) in cases {
        let body = format!(
            r#"{{"Message":"Message {status}.","RequestId":"body-id","Details":"Trace {status}"}}"#
        );
        let err = answer_with(
            ResponseTemplate::new(status)
                .insert_header("Request-Id", format!("header-{status}"))
                .set_body_raw(body, "application/json"),
        )
        .await;
        let Error::Api(api) = &err else {
            panic!("{status}: {err:?}")
        };
        let expected_message = format!("Message {status}.");
        let expected_id = format!("header-{status}");
        let expected_details = format!("Trace {status}");
        assert!(
            matches!(
                api,
                ApiError { operation: "things/add", status: s, kind: k, message: Some(m), request_id: Some(id), details: Some(d), .. }
                    if *s == status && *k == kind && *m == expected_message && *id == expected_id && *d == expected_details
            ),
            "{status}: {api:?}"
        );
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.request_id(), Some(expected_id.as_str()));
        assert_eq!(
            err.is_retryable(),
            // Not 408: Mews asks for a lighter request, not the same again.
            matches!(status, 429 | 500..=599),
            "{status}"
        );
        assert_eq!(
            api.user_message(),
            (status == 403).then_some(expected_message.as_str())
        );
        assert_eq!(
            err.to_string(),
            format!(
                "things/add failed: Mews answered {status} ({kind}): Message {status}. [request id header-{status}]"
            )
        );
    }
}

#[tokio::test]
async fn the_body_request_id_is_used_without_the_header() {
    let err = answer_with(ResponseTemplate::new(400).set_body_raw(
        r#"{"Message":"Invalid JSON","RequestId":"r-1","Details":null}"#,
        "application/json",
    ))
    .await;
    let api = err.as_api().unwrap();
    assert_eq!(api.request_id.as_deref(), Some("r-1"));
    assert_eq!(api.details, None);
}

#[tokio::test]
async fn a_non_json_or_empty_error_body_is_handled() {
    let err = answer_with(
        ResponseTemplate::new(502).set_body_string("<html><body>Bad Gateway</body></html>"),
    )
    .await;
    let api = err.as_api().unwrap();
    assert_eq!(
        (api.kind, api.message.as_deref()),
        (ApiErrorKind::ServerError, None)
    );
    assert_eq!(
        api.details.as_deref(),
        Some("<html><body>Bad Gateway</body></html>")
    );
    assert_eq!(
        err.to_string(),
        "things/add failed: Mews answered 502 (server error)"
    );

    let err = answer_with(ResponseTemplate::new(500)).await;
    let api = err.as_api().unwrap();
    assert_eq!(
        (
            api.message.as_deref(),
            api.request_id.as_deref(),
            api.details.as_deref()
        ),
        (None, None, None)
    );

    let err = answer_with(ResponseTemplate::new(400).set_body_bytes(vec![0xff, 0x00, 0xfe])).await;
    assert!(err.as_api().unwrap().details.is_some());

    let err = answer_with(
        ResponseTemplate::new(401).set_body_raw(r#"{"Message":42}"#, "application/json"),
    )
    .await;
    assert_eq!(err.as_api().unwrap().message.as_deref(), Some("42"));
}

#[tokio::test]
async fn retry_after_is_reported_on_the_error() {
    let err = answer_with(ResponseTemplate::new(429).insert_header("Retry-After", "17")).await;
    assert_eq!(
        err.as_api().unwrap().retry_after,
        Some(Duration::from_secs(17))
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/elsewhere", server.uri())),
        )
        .mount(&server)
        .await;
    let err = builder(&server.uri())
        .build()
        .unwrap()
        .send(AddThings::new(&["a"]))
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!((api.status, api.kind), (307, ApiErrorKind::Other));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn no_content_is_accepted_only_where_an_empty_result_is_legal() {
    let server = server().await;
    Mock::given(path(DELETE_PATH))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(204).insert_header("Request-Id", "r-204"))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    assert_eq!(
        client
            .send(DeleteThings {
                thing_ids: vec![Uuid::nil()]
            })
            .await
            .unwrap(),
        Empty {}
    );

    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((decode.status(), decode.request_id()), (204, Some("r-204")));
    assert!(decode.reason().contains("204"), "{err}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn an_undecodable_success_is_a_decode_error() {
    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things": 5}"#))
        .mount(&server)
        .await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    Mock::given(path(DELETE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Extra":1}"#))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.status() == 200 && d.reason().contains("invalid type")),
        "{err}"
    );
    let err = client.send(GetThings::new(5)).await.unwrap_err();
    assert!(matches!(&err, Error::Decode(_)), "{err}");
    // Unknown properties are fine: Mews adds them without notice.
    assert_eq!(
        client
            .send(DeleteThings { thing_ids: vec![] })
            .await
            .unwrap(),
        Empty {}
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // Bind and drop a listener for a port where nothing listens.
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let err = builder(&address)
        .build()
        .unwrap()
        .send(GetThings::new(1))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert!(transport.is_connect(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "things/getAll failed: could not connect to Mews"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.is_retryable());
}

#[tokio::test]
async fn an_oversized_request_id_is_cut_short() {
    let huge = "R".repeat(300_000);
    let err = answer_with(
        ResponseTemplate::new(400)
            .insert_header("Request-Id", huge.as_str())
            .set_body_raw(r#"{"Message":"Invalid."}"#, "application/json"),
    )
    .await;
    let id = err.request_id().unwrap();
    assert_eq!(id, format!("{}…", "R".repeat(128)));
    assert!(err.to_string().len() < 300, "{err}");

    // The body's `RequestId` too, and a success answer's.
    let body = format!(
        r#"{{"Message":"Invalid.","RequestId":"{}"}}"#,
        "B".repeat(60_000)
    );
    let err = answer_with(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    assert_eq!(err.request_id().unwrap(), format!("{}…", "B".repeat(128)));
    let err = answer_with(
        ResponseTemplate::new(200)
            .insert_header("Request-Id", huge.as_str())
            .set_body_raw("[]", "application/json"),
    )
    .await;
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.request_id().unwrap().chars().count(), 129);
    // One that fits is kept whole.
    let id = "c2d3e4f5-0000-4000-8000-000000000001";
    let err = answer_with(ResponseTemplate::new(409).insert_header("Request-Id", id)).await;
    assert_eq!(err.request_id(), Some(id));
}

#[tokio::test]
async fn an_empty_success_body_is_an_error_unless_the_result_is_empty() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).insert_header("Request-Id", "r-get"))
        .mount(&server)
        .await;
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(202).set_body_string(" \r\n\t"))
        .mount(&server)
        .await;
    Mock::given(path(DELETE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("  "))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    // A broken proxy's empty answer must not read as "no things" (a sync
    // would think every thing was gone): only a 204 says so.
    let err = client.send(GetThings::new(5)).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((decode.status(), decode.request_id()), (200, Some("r-get")));
    assert!(decode.reason().contains("empty"), "{err}");
    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.status() == 202),
        "{err:?}"
    );

    // An operation whose result is `Empty` may answer with nothing.
    assert_eq!(
        client
            .send(DeleteThings { thing_ids: vec![] })
            .await
            .unwrap(),
        Empty {}
    );
}
