//! Wave 4 through the runtime, against a local server: chain-scoped writes
//! under a portfolio token (refused before sending without `ChainId`, sent
//! with it), and the loyalty program type whose own value is `Unknown`
//! (sent as written; a value Mews adds later still read), and door codes of
//! resource access tokens kept out of `Debug` and error messages.

use mews_connector::common::Limitation;
use mews_connector::loyalty_programs::{
    AddLoyaltyProgramsRequest, LoyaltyProgramParameters, LoyaltyProgramSubscription,
    LoyaltyProgramType, LoyaltyProgramUpdateParameters, UpdateLoyaltyProgramsRequest,
};
use mews_connector::resource_access_tokens::{
    AddResourceAccessTokensRequest, GetAllResourceAccessTokensRequest,
    ResourceAccessTokenParameter, ResourceAccessTokenPermissionParameter, ResourceAccessTokenType,
};
use mews_connector::{Client, Credentials, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// One attempt per call, no rate limit: what is sent is exactly what the
/// test caused.
fn client(server: &MockServer, portfolio: bool) -> Client {
    Client::builder(
        Environment::custom(&server.uri()).unwrap(),
        Credentials::new("CT-wave4", "AT-wave4", "client-tests 1.0"),
    )
    .portfolio_access_token(portfolio)
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap()
}

async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

fn program(n: u128, kind: &str) -> Value {
    json!({
        "Id": id(n), "ChainId": id(10), "Name": "Platinum Club", "Code": format!("PC{n}"),
        "Type": kind, "Subscription": "Free"
    })
}

fn parameters(kind: LoyaltyProgramType) -> LoyaltyProgramParameters {
    LoyaltyProgramParameters::builder()
        .name("Platinum Club")
        .code("PC01")
        .r#type(kind)
        .subscription(LoyaltyProgramSubscription::Free)
        .build()
}

async fn answer(server: &MockServer, operation: &str, body: Value) {
    Mock::given(method("POST"))
        .and(path(format!("/api/connector/v1/{operation}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn chain_scoped_writes_need_chain_id_under_a_portfolio_token() {
    let server = MockServer::builder().start().await;
    answer(
        &server,
        "loyaltyPrograms/add",
        json!({ "LoyaltyPrograms": [program(1, "Hotel")] }),
    )
    .await;
    answer(
        &server,
        "loyaltyPrograms/update",
        json!({ "LoyaltyPrograms": [program(1, "Hotel")] }),
    )
    .await;
    let portfolio = client(&server, true);

    // Without the chain: refused before anything reaches the server.
    let add = AddLoyaltyProgramsRequest::builder()
        .loyalty_programs(vec![parameters(LoyaltyProgramType::Hotel)])
        .build();
    let err = portfolio.loyalty_programs().add(add).await.unwrap_err();
    let Error::Contract(violations) = &err else {
        panic!("expected a contract error, got {err:?}");
    };
    assert_eq!(violations.violations().len(), 1, "{err}");
    assert_eq!(violations.violations()[0].path, "ChainId");
    assert!(err.to_string().contains("ChainId"), "{err}");
    let update = UpdateLoyaltyProgramsRequest::builder()
        .loyalty_program_updates(vec![
            LoyaltyProgramUpdateParameters::builder()
                .loyalty_program_id(id(1))
                .set_name("Platinum Club Extra")
                .build(),
        ])
        .build();
    let err = portfolio
        .loyalty_programs()
        .update(update)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Contract(_)), "{err:?}");
    assert!(bodies(&server).await.is_empty(), "nothing may be sent");

    // With the chain: sent, and the chain is in the body.
    let add = AddLoyaltyProgramsRequest::builder()
        .loyalty_programs(vec![parameters(LoyaltyProgramType::Hotel)])
        .chain_id(id(10))
        .build();
    let added = portfolio.loyalty_programs().add(add).await.unwrap();
    assert_eq!(added.loyalty_programs[0].id, id(1));
    let sent = bodies(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["ChainId"], json!(id(10)));

    // A client with an ordinary access token needs no chain.
    let plain = client(&server, false);
    let add = AddLoyaltyProgramsRequest::builder()
        .loyalty_programs(vec![parameters(LoyaltyProgramType::Hotel)])
        .build();
    plain.loyalty_programs().add(add).await.unwrap();
    let sent = bodies(&server).await;
    assert_eq!(sent.len(), 2);
    assert!(sent[1].get("ChainId").is_none(), "{}", sent[1]);
}

#[tokio::test]
async fn the_loyalty_program_type_unknown_is_sent_as_written_and_new_types_are_read() {
    let server = MockServer::builder().start().await;
    answer(
        &server,
        "loyaltyPrograms/add",
        json!({ "LoyaltyPrograms": [program(1, "Unknown"), program(2, "Airline")] }),
    )
    .await;
    let client = client(&server, false);

    let add = AddLoyaltyProgramsRequest::builder()
        .loyalty_programs(vec![parameters(LoyaltyProgramType::Unknown)])
        .build();
    let added = client.loyalty_programs().add(add).await.unwrap();

    let sent = bodies(&server).await;
    assert_eq!(sent[0]["LoyaltyPrograms"][0]["Type"], "Unknown");
    let kinds: Vec<&LoyaltyProgramType> =
        added.loyalty_programs.iter().map(|p| &p.r#type).collect();
    // Mews' own `Unknown` is its variant; a type this version does not know is kept.
    assert_eq!(
        kinds,
        [
            &LoyaltyProgramType::Unknown,
            &LoyaltyProgramType::Unrecognized("Airline".to_owned())
        ]
    );
    assert!(LoyaltyProgramType::Unknown.is_known());
    assert!(!kinds[1].is_known());
    assert_eq!(kinds[1].as_str(), "Airline");
}

fn token(value: Value) -> Value {
    json!({
        "Id": id(1), "EnterpriseId": id(200), "ServiceOrderId": id(300), "CompanionshipId": null,
        "ResourceId": id(400), "Type": "PinCode", "Value": value, "SerialNumber": "SN-77",
        "ValidityStartUtc": "2024-05-01T14:00:00Z", "ValidityEndUtc": "2024-05-03T10:00:00Z",
        "Permissions": { "Bed": false, "Room": true, "Floor": true, "Building": true },
        "CreatedUtc": "2024-04-30T09:00:00Z", "UpdatedUtc": "2024-04-30T09:00:00Z", "IsActive": true
    })
}

#[tokio::test]
async fn door_codes_are_never_shown_by_debug_or_in_errors() {
    const CODE: &str = "482913#";
    let server = MockServer::builder().start().await;
    answer(
        &server,
        "resourceAccessTokens/getAll",
        json!({ "ResourceAccessTokens": [token(json!(CODE))], "Cursor": id(1) }),
    )
    .await;
    // An answer whose code is a number, not text: the error must not quote it.
    answer(
        &server,
        "resourceAccessTokens/add",
        json!({ "ResourceAccessTokens": [token(json!(7_340_119))] }),
    )
    .await;
    let client = client(&server, false);

    // Read from Mews: the value is there, but Debug hides it.
    let request = GetAllResourceAccessTokensRequest::builder()
        .service_order_ids(vec![id(300)])
        .limitation(Limitation::builder().count(10).build())
        .build();
    let page = client
        .resource_access_tokens()
        .get_all(request)
        .await
        .unwrap();
    let read = &page.resource_access_tokens[0];
    assert_eq!(read.value, CODE);
    let shown = format!("{read:?} {page:#?}");
    assert!(!shown.contains(CODE), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(
        shown.contains("SN-77"),
        "what is not secret stays visible: {shown}"
    );

    // Sent to Mews: the request and its builder hide it too.
    let parameter = |value: &str| {
        ResourceAccessTokenParameter::builder()
            .service_order_id(id(300))
            .r#type(ResourceAccessTokenType::PinCode)
            .value(value)
            .validity_start_utc("2024-05-01T14:00:00Z".parse().unwrap())
            .validity_end_utc("2024-05-03T10:00:00Z".parse().unwrap())
            .permissions(ResourceAccessTokenPermissionParameter::builder().build())
    };
    let add = AddResourceAccessTokensRequest::builder()
        .resource_access_token_parameters(vec![parameter(CODE).build()]);
    let shown = format!("{:?} {add:?}", parameter(CODE));
    assert!(!shown.contains(CODE), "{shown}");
    let add = add.build();
    assert!(!format!("{add:?}").contains(CODE));

    // A code Mews answers in a form the client cannot read: the error says a
    // secret did not read, never what it was.
    let err = client.resource_access_tokens().add(add).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("sensitive value"), "{shown}");
    assert!(!shown.contains("7340119"), "{shown}");
    let sent = bodies(&server).await;
    assert_eq!(sent[1]["ResourceAccessTokenParameters"][0]["Value"], CODE);

    // A code too long for Mews: refused before sending, without quoting it.
    let long = format!("{CODE}{}", "9".repeat(300));
    let add = AddResourceAccessTokensRequest::builder()
        .resource_access_token_parameters(vec![parameter(&long).build()])
        .build();
    let err = client.resource_access_tokens().add(add).await.unwrap_err();
    assert!(matches!(err, Error::Contract(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("ResourceAccessTokenParameters[0].Value"),
        "{shown}"
    );
    assert!(!shown.contains(CODE), "{shown}");
    assert_eq!(bodies(&server).await.len(), 2, "nothing more was sent");
}
