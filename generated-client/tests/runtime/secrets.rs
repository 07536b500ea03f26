//! The tokens never show: not in `Debug`, not in errors (even when the
//! server echoes them back), not in logs.

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};

use mews_connector::{Error, Locale};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata};
use uuid::Uuid;
use wiremock::matchers::path;
use wiremock::{Mock, Request, Respond, ResponseTemplate};

use crate::support::*;

fn assert_hidden(what: &str, text: &str) {
    // In any case.
    let text = text.to_uppercase();
    assert!(
        !text.contains(&CLIENT_TOKEN.to_uppercase())
            && !text.contains(&ACCESS_TOKEN.to_uppercase()),
        "{what} shows a token: {text}"
    );
    // Not even a part of one (e.g. cut off in an excerpt).
    assert!(
        !text.contains("0123456789") && !text.contains("FEDCBA9876"),
        "{what}: {text}"
    );
}

/// Every text an error can be shown as: `Display` and `Debug` of it and of
/// each error in its source chain.
fn assert_error_hidden(err: &Error) {
    let mut current: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = current {
        assert_hidden("error", &e.to_string());
        assert_hidden("error debug", &format!("{e:?}"));
        current = e.source();
    }
}

/// Answers with the request's own body in every place an answer can hold text.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        match request.url.path() {
            ADD_PATH => ResponseTemplate::new(400)
                .insert_header("Request-Id", CLIENT_TOKEN)
                .set_body_json(serde_json::json!({
                    "Message": format!("Invalid request {body}"),
                    "RequestId": ACCESS_TOKEN,
                    "Details": { "Request": body },
                })),
            GET_PATH => ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "Things": ACCESS_TOKEN })),
            // Long enough that an excerpt would cut through the tokens.
            _ => ResponseTemplate::new(502)
                .set_body_string(format!("{}{body}{body}", " ".repeat(1000))),
        }
    }
}

/// Collects every log event's fields as text.
struct Capture(Arc<Mutex<String>>);

struct Collect<'a>(&'a mut String);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut Collect(&mut self.0.lock().unwrap()));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Collect(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut log = self.0.lock().unwrap();
        event.record(&mut Collect(&mut log));
        log.push('\n');
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn tokens_never_show_in_debug_errors_or_logs() {
    // A global subscriber (only this test sets one): a thread-local one can
    // miss events whose callsites other tests' threads registered first. It
    // also sees the other tests' logs, which use the same tokens: all the
    // better.
    let log = Arc::new(Mutex::new(String::new()));
    tracing::subscriber::set_global_default(Capture(log.clone())).unwrap();

    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(Echo)
        .mount(&server)
        .await;
    Mock::given(path(GET_PATH))
        .respond_with(Echo)
        .mount(&server)
        .await;
    Mock::given(path(DELETE_PATH))
        .respond_with(Echo)
        .mount(&server)
        .await;
    let builder = builder(&server.uri()).locale(Locale::new("en-US", "en-US").unwrap());
    assert_hidden("builder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_hidden("client", &format!("{client:?}"));
    assert_hidden("credentials", &format!("{:?}", credentials()));
    assert_hidden("credentials", &format!("{:?}", client.credentials()));
    assert!(format!("{client:?}").contains(CLIENT_NAME));

    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    let api = err.as_api().unwrap();
    assert!(
        api.message
            .as_deref()
            .unwrap()
            .contains("\"AccessToken\":\"<redacted>\""),
        "{api:?}"
    );
    assert_eq!(api.request_id.as_deref(), Some("<redacted>"));
    assert_error_hidden(&err);

    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_error_hidden(&err);

    let err = client
        .send(DeleteThings {
            thing_ids: vec![Uuid::nil()],
        })
        .await
        .unwrap_err();
    assert!(err.as_api().unwrap().details.is_some());
    assert_error_hidden(&err);

    let err = client
        .send(AddThings::new(&[ACCESS_TOKEN]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Contract(_)));
    assert_error_hidden(&err);

    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let err = crate::support::builder(&refused)
        .build()
        .unwrap()
        .send(GetThings::new(1))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)));
    assert_error_hidden(&err);

    let log = log.lock().unwrap().clone();
    assert!(log.contains("things/add"), "the calls were logged: {log}");
    assert_hidden("log", &log);
}

/// `text` with every character written as a JSON `\uXXXX` escape.
fn json_escaped(text: &str) -> String {
    text.encode_utf16().map(|u| format!("\\u{u:04X}")).collect()
}

#[tokio::test]
async fn tokens_are_scrubbed_however_the_server_spells_them() {
    let server = server().await;
    // Escaped in the JSON text, lower-cased, or cut short: once decoded,
    // each is (part of) a token.
    let body = format!(
        r#"{{"Message":"Bad token {}.","RequestId":"{}","Details":{{"Token":"{}","Trace":"at {}"}}}}"#,
        json_escaped(ACCESS_TOKEN),
        CLIENT_TOKEN.to_lowercase(),
        &ACCESS_TOKEN[..12],
        &CLIENT_TOKEN[3..20].to_uppercase(),
    );
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"Things":"{}"}}"#, json_escaped(ACCESS_TOKEN)),
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    let err = client.send(AddThings::new(&["a"])).await.unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.message.as_deref(), Some("Bad token <redacted>."));
    assert_eq!(api.request_id.as_deref(), Some("<redacted>"));
    assert_eq!(
        api.details.as_deref(),
        Some(r#"{"Token":"<redacted>","Trace":"at <redacted>"}"#)
    );
    assert_error_hidden(&err);

    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_error_hidden(&err);
}

#[tokio::test]
async fn the_path_of_the_platform_address_never_shows() {
    // A proxy address may carry a key in its path; like configuration
    // errors, transport errors and `Debug` show only scheme, host and port.
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let address = format!("{refused}/proxy-key-SECRET");
    let builder = crate::support::builder(&address);
    let client = builder.build().unwrap();
    let err = client.send(GetThings::new(1)).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");

    let mut shown = vec![
        format!("{:?}", crate::support::builder(&address)),
        format!("{client:?}"),
        format!("{:?}", client.environment()),
    ];
    let mut current: Option<&dyn std::error::Error> = Some(&err);
    while let Some(e) = current {
        shown.push(e.to_string());
        shown.push(format!("{e:?}"));
        current = e.source();
    }
    for text in shown {
        assert!(!text.contains("SECRET"), "{text}");
    }
    assert!(
        format!("{client:?}").contains(&format!("{refused}…")),
        "{client:?}"
    );
    // Asked for explicitly, the address is whole.
    assert_eq!(client.environment().platform_address(), address);
}
