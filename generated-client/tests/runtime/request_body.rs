//! What goes on the wire: the exact body, path and headers; and nothing at
//! all for a request that breaks its contracts.

use mews_connector::contract::Rule;
use mews_connector::{Error, Locale};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn the_body_carries_credentials_then_the_request() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"Things":[{"Id":"00000000-0000-0000-0000-000000000007","Value":"a"}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    let result = client.send(AddThings::new(&["a", "b"])).await.unwrap();
    assert_eq!(
        result.things,
        vec![Thing {
            id: Uuid::from_u128(7),
            value: "a".into()
        }]
    );

    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        format!(
            r#"{{"ClientToken":"{CLIENT_TOKEN}","AccessToken":"{ACCESS_TOKEN}","Client":"{CLIENT_NAME}","Values":["a","b"]}}"#
        )
    );
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["accept"], "application/json");
}

#[tokio::test]
async fn a_locale_sends_both_codes() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things":[],"Cursor":null}"#))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .locale(Locale::new("de-DE", "cs-CZ").unwrap())
        .build()
        .unwrap();

    client.send(GetThings::new(10)).await.unwrap();

    let body =
        String::from_utf8(server.received_requests().await.unwrap()[0].body.clone()).unwrap();
    assert_eq!(
        body,
        format!(
            r#"{{"ClientToken":"{CLIENT_TOKEN}","AccessToken":"{ACCESS_TOKEN}","Client":"{CLIENT_NAME}","LanguageCode":"de-DE","CultureCode":"cs-CZ","ThingIds":["00000000-0000-0000-0000-000000000001"],"Limitation":{{"Count":10,"Cursor":null}}}}"#
        )
    );
}

#[tokio::test]
async fn a_path_in_the_platform_address_is_kept() {
    let server = server().await;
    Mock::given(path(format!("/proxy{DELETE_PATH}")))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&format!("{}/proxy/", server.uri()))
        .build()
        .unwrap();
    client
        .send(DeleteThings {
            thing_ids: vec![Uuid::nil()],
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_request_breaking_contracts_is_not_sent() {
    let server = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    let err = client
        .send(AddThings::new(&["toolong", ""]))
        .await
        .unwrap_err();
    let Error::Contract(violations) = &err else {
        panic!("{err:?}")
    };
    let found: Vec<_> = violations
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), v.rule.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("Values[0]", Rule::MaxLength { max: 5, actual: 7 }),
            ("Values[1]", Rule::MinLength { min: 1, actual: 0 })
        ]
    );
    assert!(
        err.to_string()
            .starts_with("request not sent: the request breaks 2 contracts:"),
        "{err}"
    );
    assert_eq!(err.request_id(), None);
    assert!(!err.is_retryable());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn send_unchecked_skips_the_contracts() {
    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things":[]}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    client
        .send_unchecked(AddThings::new(&["toolong"]))
        .await
        .unwrap();
    let body =
        String::from_utf8(server.received_requests().await.unwrap()[0].body.clone()).unwrap();
    assert!(body.ends_with(r#""Values":["toolong"]}"#), "{body}");
}

#[tokio::test]
async fn a_portfolio_token_requires_the_enterprise_on_writes() {
    let server = server().await;
    Mock::given(path(ADD_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things":[]}"#))
        .expect(2)
        .mount(&server)
        .await;
    let portfolio = builder(&server.uri())
        .portfolio_access_token(true)
        .build()
        .unwrap();
    assert!(portfolio.is_portfolio());

    let err = portfolio.send(AddThings::new(&["a"])).await.unwrap_err();
    let violations = err.contract_violations().expect("a contract error");
    assert_eq!(violations.violations()[0].path, "EnterpriseId");
    assert_eq!(
        violations.violations()[0].rule,
        Rule::RequiredWithPortfolioToken
    );

    let with_enterprise = AddThings {
        enterprise_id: Some(Uuid::from_u128(9)),
        ..AddThings::new(&["a"])
    };
    portfolio.send(with_enterprise).await.unwrap();
    // Without a portfolio token the same request goes out as it is.
    builder(&server.uri())
        .build()
        .unwrap()
        .send(AddThings::new(&["a"]))
        .await
        .unwrap();
}
