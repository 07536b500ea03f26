//! `fiscalMachineCommands/getAll` through the runtime, against a local
//! server: each of its mutually exclusive parameter sets builds and is sent
//! with exactly its own properties beside the shared ones. Choosing two sets
//! does not compile (tests/shapes/ui/fail/fiscal-machine-commands-two-sets.rs).

use mews_connector::commands::CommandState;
use mews_connector::common::{Limitation, TimeInterval};
use mews_connector::fiscal_machine_commands::{
    GetAllFiscalMachineCommandsByDevicesAndStates, GetAllFiscalMachineCommandsByIds,
    GetAllFiscalMachineCommandsParameterSet, GetAllFiscalMachineCommandsRequest,
};
use mews_connector::{Client, Credentials, Environment, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

async fn server() -> MockServer {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/fiscalMachineCommands/getAll"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "Commands": [], "Cursor": null })),
        )
        .mount(&server)
        .await;
    server
}

/// One attempt per call, no rate limit: what is sent is exactly what the
/// test caused.
fn client(server: &MockServer) -> Client {
    Client::builder(
        Environment::custom(&server.uri()).unwrap(),
        Credentials::new("CT-fiscal", "AT-fiscal", "client-tests 1.0"),
    )
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap()
}

/// The one body the server received, without the envelope.
async fn sent(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let mut body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    let object = body.as_object_mut().unwrap();
    for key in ["ClientToken", "AccessToken", "Client"] {
        assert!(object.remove(key).is_some(), "{key} missing");
    }
    body
}

#[tokio::test]
async fn by_ids_sends_only_the_command_ids_beside_the_shared_properties() {
    let server = server().await;
    let request = GetAllFiscalMachineCommandsRequest::builder()
        .parameter_set(
            GetAllFiscalMachineCommandsByIds::builder()
                .command_ids(vec![id(1), id(2)])
                .build(),
        )
        .limitation(Limitation::builder().count(10).build())
        .build();
    let page = client(&server)
        .fiscal_machine_commands()
        .get_all(request)
        .await
        .unwrap();
    assert!(page.commands.is_empty());
    assert_eq!(
        sent(&server).await,
        json!({ "CommandIds": [id(1), id(2)], "Limitation": { "Count": 10 } })
    );
}

#[tokio::test]
async fn by_devices_and_states_sends_only_its_properties() {
    let server = server().await;
    let set = GetAllFiscalMachineCommandsByDevicesAndStates::builder()
        .device_ids(vec![id(7)])
        .states(vec![CommandState::Processed, CommandState::Pending])
        .updated_utc(
            TimeInterval::builder()
                .start_utc("2025-01-10T00:00:00Z".parse().unwrap())
                .end_utc("2025-01-17T00:00:00Z".parse().unwrap())
                .build(),
        )
        .build();
    // Through the enum as well as the set's own type.
    let request = GetAllFiscalMachineCommandsRequest::builder()
        .parameter_set(GetAllFiscalMachineCommandsParameterSet::ByDevicesAndStates(
            set,
        ))
        .enterprise_ids(vec![id(9)])
        .limitation(Limitation::builder().count(5).build())
        .build();
    client(&server)
        .fiscal_machine_commands()
        .get_all(request)
        .await
        .unwrap();
    assert_eq!(
        sent(&server).await,
        json!({
            "DeviceIds": [id(7)],
            "States": ["Processed", "Pending"],
            "UpdatedUtc": { "StartUtc": "2025-01-10T00:00:00Z", "EndUtc": "2025-01-17T00:00:00Z" },
            "EnterpriseIds": [id(9)],
            "Limitation": { "Count": 5 }
        })
    );
}

#[test]
fn a_body_with_the_properties_of_two_sets_or_none_is_refused() {
    let both = json!({
        "CommandIds": [id(1)], "DeviceIds": [id(7)], "States": ["Pending"],
        "UpdatedUtc": { "StartUtc": "2025-01-10T00:00:00Z", "EndUtc": "2025-01-17T00:00:00Z" },
        "Limitation": { "Count": 5 }
    });
    let none = json!({ "Limitation": { "Count": 5 } });
    for body in [both, none] {
        let err = serde_json::from_value::<GetAllFiscalMachineCommandsRequest>(body).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("ByIds") && message.contains("ByDevicesAndStates"),
            "{message}"
        );
    }
}
