//! Hybrid identifiers (`hybrid-id`: a uuid, or `eid:` and an external
//! identifier) through real operations against a local server: each form is
//! sent exactly as written, and text that is neither form is refused where it
//! becomes a `HybridId` (parsing it, or reading a request body that holds
//! it), so it never reaches a request.

use std::collections::BTreeMap;

use mews_connector::rates::{
    AddRatesRequest, DeleteRatesRequest, DependentRatePricingParameters,
    RateAddPricingDataParameters, RateAddType, RateParameters, RatePricingDiscriminator,
};
use mews_connector::restrictions::{
    DaysParameters, RestrictionSetData, RestrictionType, SetRestrictionsRequest,
};
use mews_connector::{Client, Credentials, Environment, HybridId, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_TOKEN: &str = "CT-hybrid-ids";
const ACCESS_TOKEN: &str = "AT-hybrid-ids";
const CLIENT_NAME: &str = "client-tests 1.0";

const RATES_ADD: &str = "/api/connector/v1/rates/add";
const RATES_DELETE: &str = "/api/connector/v1/rates/delete";
const RESTRICTIONS_SET: &str = "/api/connector/v1/restrictions/set";

const SERVICE: &str = "bd26d8db-86da-4f96-9efc-e5a4654a4a94";
const RATE: &str = "7e89ee8e-11a0-4d9d-8880-f8d8494824b5";

/// A server of this test's own, answering `answer` to every call of `at`.
async fn server(at: &str, answer: Value) -> MockServer {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    server
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

/// The one request the server got: its path and JSON body, credentials left out.
async fn only_request(server: &MockServer) -> (String, Value) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected one request, got {requests:?}");
    let mut body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    let body_map = body.as_object_mut().unwrap();
    for (key, expected) in [
        ("ClientToken", CLIENT_TOKEN),
        ("AccessToken", ACCESS_TOKEN),
        ("Client", CLIENT_NAME),
    ] {
        assert_eq!(body_map.remove(key), Some(json!(expected)), "{key}");
    }
    (requests[0].url.path().to_owned(), body)
}

fn hybrid(text: &str) -> HybridId {
    text.parse()
        .unwrap_or_else(|e| panic!("`{text}` is a hybrid id: {e}"))
}

#[tokio::test]
async fn rates_delete_sends_a_uuid_and_external_ids_exactly_as_written() {
    let server = server(RATES_DELETE, json!({})).await;
    // External identifiers are the caller's own text: case, spaces, a second
    // `eid:` and non-ASCII characters are all part of it.
    let written = [
        RATE,
        "eid:BasicRate",
        "eid:basic rate 2024/é",
        "eid:eid:Nested",
    ];
    let request = DeleteRatesRequest::builder()
        .rate_ids(written.iter().map(|text| hybrid(text)))
        .build();

    client(&server).rates().delete(request).await.unwrap();

    assert_eq!(
        only_request(&server).await,
        (RATES_DELETE.to_owned(), json!({ "RateIds": written }))
    );
}

#[tokio::test]
async fn a_uuid_is_sent_in_its_hyphenated_lowercase_form_however_it_was_parsed() {
    let server = server(RATES_DELETE, json!({})).await;
    let request = DeleteRatesRequest::builder()
        .rate_ids([
            hybrid(&RATE.to_uppercase()),
            hybrid(&RATE.replace('-', "")),
            HybridId::from(Uuid::parse_str(RATE).unwrap()),
        ])
        .build();

    client(&server).rates().delete(request).await.unwrap();

    assert_eq!(
        only_request(&server).await.1,
        json!({ "RateIds": [RATE, RATE, RATE] })
    );
}

#[tokio::test]
async fn rates_add_sends_hybrid_ids_of_service_group_and_base_rate_as_given() {
    let server = server(RATES_ADD, json!({ "Rates": [] })).await;
    let rate_group = Uuid::from_u128(0x5eed);
    let rate = RateParameters::builder()
        .service_id(HybridId::external("Stay"))
        // A plain `Uuid` is a hybrid id too.
        .rate_group_id(rate_group)
        .r#type(RateAddType::Private)
        .names(BTreeMap::from([(
            "en-US".to_owned(),
            "Corporate".to_owned(),
        )]))
        .pricing_type(RatePricingDiscriminator::DependentRatePricing)
        .pricing(
            RateAddPricingDataParameters::builder()
                .dependent_rate_pricing(
                    DependentRatePricingParameters::builder()
                        .base_rate_id(hybrid("eid:BAR"))
                        .relative_adjustment("-0.10".parse::<mews_connector::Decimal>().unwrap())
                        .absolute_adjustment(0)
                        .build(),
                )
                .build(),
        )
        .build();
    let request = AddRatesRequest::builder().rates([rate]).build();

    let result = client(&server).rates().add(request).await.unwrap();

    assert_eq!(result.rates, Some(vec![]));
    assert_eq!(
        only_request(&server).await,
        (
            RATES_ADD.to_owned(),
            json!({
                "Rates": [{
                    "ServiceId": "eid:Stay",
                    "RateGroupId": rate_group.to_string(),
                    "Type": "Private",
                    "Names": { "en-US": "Corporate" },
                    "PricingType": "DependentRatePricing",
                    "Pricing": {
                        "DependentRatePricing": {
                            "BaseRateId": "eid:BAR",
                            "RelativeAdjustment": -0.10,
                            "AbsoluteAdjustment": 0
                        }
                    }
                }]
            })
        )
    );
}

#[tokio::test]
async fn restrictions_set_sends_the_service_and_each_target_as_written() {
    let server = server(RESTRICTIONS_SET, json!({})).await;
    let weekend = DaysParameters::builder()
        .monday(false)
        .tuesday(false)
        .wednesday(false)
        .thursday(false)
        .friday(false)
        .saturday(true)
        .sunday(true)
        .build();
    let request = SetRestrictionsRequest::builder()
        .service_id(hybrid(SERVICE))
        .data([RestrictionSetData::builder()
            .r#type(RestrictionType::Start)
            .exact_rate_id(hybrid("eid:BasicRate"))
            .resource_category_id(hybrid("eid:DBL"))
            .days(weekend)
            .build()])
        .build();

    client(&server).restrictions().set(request).await.unwrap();

    assert_eq!(
        only_request(&server).await.1,
        json!({
            "ServiceId": SERVICE,
            "Data": [{
                "Type": "Start",
                "ExactRateId": "eid:BasicRate",
                "ResourceCategoryId": "eid:DBL",
                "Days": {
                    "Monday": false, "Tuesday": false, "Wednesday": false, "Thursday": false,
                    "Friday": false, "Saturday": true, "Sunday": true
                }
            }]
        })
    );
}

/// Text that is neither a uuid nor `eid:` and an identifier: an external
/// identifier without its prefix, the prefix in capitals or without its
/// colon, nothing at all, a cut-off uuid.
const MALFORMED: [&str; 6] = [
    "BasicRate",
    "EID:BasicRate",
    "eid",
    "eid-BasicRate",
    "",
    "7e89ee8e-11a0-4d9d-8880",
];

#[test]
fn malformed_text_is_refused_with_a_message_that_quotes_it() {
    for text in MALFORMED {
        let error = text.parse::<HybridId>().unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("`{text}` is neither a uuid nor an external identifier (`eid:...`)")
        );
    }
}

#[test]
fn a_request_body_with_a_malformed_id_is_refused_at_its_path() {
    for text in MALFORMED {
        let body = json!({ "RateIds": [RATE, text] });
        let error = serde_path_to_error::deserialize::<_, DeleteRatesRequest>(body).unwrap_err();
        assert_eq!(error.path().to_string(), "RateIds[1]", "{text:?}");
        assert!(
            error.to_string().contains(&format!(
                "`{text}` is neither a uuid nor an external identifier"
            )),
            "{error}"
        );
    }
    // Deep in a request too, and a JSON value that is not text at all.
    let body = json!({
        "Rates": [{
            "ServiceId": "eid:Stay",
            "RateGroupId": 42,
            "Type": "Public",
            "Names": {},
            "PricingType": "BaseRatePricing"
        }]
    });
    let error = serde_path_to_error::deserialize::<_, AddRatesRequest>(body).unwrap_err();
    assert_eq!(error.path().to_string(), "Rates[0].RateGroupId");
    assert!(
        error
            .to_string()
            .contains("a uuid or an external identifier"),
        "{error}"
    );
}

#[tokio::test]
async fn a_well_formed_body_read_back_is_sent_as_it_was_written() {
    // The refusal above is of the malformed id only: the same body with a
    // well-formed one reads, and the client sends it unchanged.
    let server = server(RATES_DELETE, json!({})).await;
    let body = json!({ "RateIds": [RATE, "eid:BasicRate"] });
    let request: DeleteRatesRequest = serde_json::from_value(body.clone()).unwrap();

    client(&server).rates().delete(request).await.unwrap();

    assert_eq!(only_request(&server).await.1, body);
}
