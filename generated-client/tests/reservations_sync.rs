//! The `reservations_sync` example, run as it is (arguments, environment,
//! outputs and exit code) against a local server standing in for Mews.

#[allow(dead_code)]
#[path = "../examples/reservations_sync.rs"]
mod example;

use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const OP: &str = "/api/connector/v1/";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

/// Reservation `n`: owned by customer `10_000 + n` (reservation 7 by a
/// company), even ones in resource `20_000 + n % 3`.
fn reservation(n: u128) -> Value {
    let company = n == 7;
    json!({
        "Id": id(n), "ServiceId": id(100),
        "AccountId": id(if company { 30_000 } else { 10_000 + n }),
        "AccountType": if company { "Company" } else { "Customer" },
        "CreatorProfileId": id(600), "UpdaterProfileId": id(600), "BookerId": null,
        "Number": n.to_string(), "State": "Confirmed", "Origin": "Connector",
        "CommanderOrigin": null, "OriginDetails": null,
        "CreatedUtc": "2024-01-01T00:00:00Z", "UpdatedUtc": "2024-01-02T00:00:00Z",
        "CancelledUtc": null, "VoucherId": null, "BusinessSegmentId": null,
        "Options": { "OwnerCheckedIn": false, "AllCompanionsCheckedIn": false, "AnyCompanionCheckedIn": false, "ConnectorCheckIn": false },
        "RateId": id(800), "CreditCardId": null, "GroupId": id(900),
        "RequestedResourceCategoryId": id(1000),
        "AssignedResourceId": n.is_multiple_of(2).then(|| id(20_000 + n % 3)),
        "AvailabilityBlockId": null, "PartnerCompanyId": null, "TravelAgencyId": null,
        "AssignedResourceLocked": false, "ChannelNumber": null, "ChannelManagerNumber": null,
        "CancellationReason": null, "ReleasedUtc": null,
        "ScheduledStartUtc": "2024-03-01T14:00:00Z", "ActualStartUtc": null,
        "ScheduledEndUtc": "2024-03-03T10:00:00Z", "ActualEndUtc": null,
        "Purpose": "Leisure", "QrCodeData": null,
        "PersonCounts": [{ "AgeCategoryId": id(1100), "Count": 2 }]
    })
}

/// Two update windows: the first in two pages (1000 + 1), the second
/// repeating reservation 1 (updated again) beside a new one.
struct Reservations;

impl Respond for Reservations {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = body(request);
        let window = body["UpdatedUtc"]["StartUtc"].as_str().unwrap().to_owned();
        let cursor = body["Limitation"]["Cursor"].as_str().map(str::to_owned);
        let (numbers, cursor): (Vec<u128>, Option<Uuid>) =
            match (window.as_str(), cursor.as_deref()) {
                ("2024-01-01T00:00:00Z", None) => ((1..=1000).collect(), Some(id(1000))),
                ("2024-01-01T00:00:00Z", Some(c)) if c == id(1000).to_string() => {
                    (vec![1001], Some(id(1001)))
                }
                ("2024-04-01T00:00:00Z", None) => (vec![1, 1002], None),
                other => panic!("unexpected reservations request {other:?}"),
            };
        ResponseTemplate::new(200).set_body_json(json!({
            "Reservations": numbers.into_iter().map(reservation).collect::<Vec<_>>(),
            "Cursor": cursor,
        }))
    }
}

/// Answers with one item per id asked for, in one page.
struct ById {
    ids: &'static str,
    list: &'static str,
    item: fn(Uuid) -> Value,
}

impl Respond for ById {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = body(request);
        let items: Vec<Value> = body[self.ids]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| (self.item)(id.as_str().unwrap().parse().unwrap()))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ self.list: items, "Cursor": null }))
    }
}

fn customer(id: Uuid) -> Value {
    let n = id.as_u128();
    json!({
        "Id": id, "ChainId": Uuid::from_u128(1), "Number": n.to_string(), "Title": null,
        "Sex": null, "FirstName": "Ada", "LastName": format!("Guest {n}"),
        "HasOtaEmail": false, "CreatedUtc": "2024-01-01T00:00:00Z",
        "UpdatedUtc": "2024-01-02T00:00:00Z", "Classifications": [], "Options": [],
        "IsActive": true, "CreatorProfileId": Uuid::from_u128(600),
        "UpdaterProfileId": Uuid::from_u128(600)
    })
}

fn resource(id: Uuid) -> Value {
    json!({
        "Id": id, "EnterpriseId": Uuid::from_u128(200), "IsActive": true,
        "ParentResourceId": null, "Name": format!("Room {}", id.as_u128() - 20_000),
        "State": "Clean", "Descriptions": {}, "ExternalNames": {}, "Directions": {},
        "CreatedUtc": "2024-01-01T00:00:00Z", "UpdatedUtc": "2024-01-02T00:00:00Z",
        "Data": { "Discriminator": "Object", "Value": {} }
    })
}

async fn mews() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{OP}reservations/getAll/2023-06-06")))
        .respond_with(Reservations)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{OP}customers/getAll")))
        .respond_with(ById {
            ids: "CustomerIds",
            list: "Customers",
            item: customer,
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{OP}resources/getAll")))
        .respond_with(ById {
            ids: "ResourceIds",
            list: "Resources",
            item: resource,
        })
        .mount(&server)
        .await;
    server
}

struct Run {
    code: u8,
    out: String,
    err: String,
}

async fn run(server: &MockServer, args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let uri = server.uri();
    let env = move |name: &str| match name {
        "MEWS_PLATFORM_ADDRESS" => Some(uri.clone()),
        "MEWS_CLIENT_TOKEN" => Some("client-token".to_owned()),
        "MEWS_ACCESS_TOKEN" => Some("access-token".to_owned()),
        _ => None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = example::run_main(&args, env, &mut out, &mut err).await;
    Run {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

async fn bodies(server: &MockServer, operation: &str) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == format!("{OP}{operation}"))
        .map(body)
        .collect()
}

#[tokio::test]
async fn prints_each_updated_reservation_once_with_its_guest_and_room() {
    let server = mews().await;

    let run = run(
        &server,
        &[
            "--since",
            "2024-01-01T00:00:00Z",
            "--until",
            "2024-05-15T00:00:00Z",
        ],
    )
    .await;

    assert_eq!(run.code, 0, "stderr: {}", run.err);
    assert_eq!(run.err, "");
    let lines: Vec<Value> = run
        .out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // 1..=1002, reservation 1 once although both windows returned it.
    let numbers: Vec<&str> = lines
        .iter()
        .map(|l| l["Number"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=1002).map(|n: u32| n.to_string()).collect();
    assert_eq!(numbers, expected);
    assert_eq!(
        lines[1],
        json!({
            "Id": id(2), "Number": "2", "State": "Confirmed",
            "StartUtc": "2024-03-01T14:00:00Z", "EndUtc": "2024-03-03T10:00:00Z",
            "AccountType": "Customer", "Guest": "Ada Guest 10002", "Resource": "Room 2"
        })
    );
    assert_eq!(lines[0]["Resource"], Value::Null, "no room assigned");
    // A company's reservation: no customer to look up.
    assert_eq!(lines[6]["AccountType"], "Company");
    assert_eq!(lines[6]["Guest"], Value::Null);

    // The window was cut at 3 months, and paged with the cursor.
    let reservations = bodies(&server, "reservations/getAll/2023-06-06").await;
    let windows: Vec<(&Value, &Value, &Value)> = reservations
        .iter()
        .map(|b| {
            (
                &b["UpdatedUtc"]["StartUtc"],
                &b["UpdatedUtc"]["EndUtc"],
                &b["Limitation"]["Cursor"],
            )
        })
        .collect();
    let cursor = json!(id(1000));
    assert_eq!(
        windows,
        [
            (
                &json!("2024-01-01T00:00:00Z"),
                &json!("2024-04-01T00:00:00Z"),
                &Value::Null
            ),
            (
                &json!("2024-01-01T00:00:00Z"),
                &json!("2024-04-01T00:00:00Z"),
                &cursor
            ),
            (
                &json!("2024-04-01T00:00:00Z"),
                &json!("2024-05-15T00:00:00Z"),
                &Value::Null
            ),
        ]
    );
    assert!(
        reservations
            .iter()
            .all(|b| b["Limitation"]["Count"] == 1000)
    );

    // 1001 distinct customers: one batch of 1000 ids, one of 1.
    let customers = bodies(&server, "customers/getAll").await;
    let sizes: Vec<usize> = customers
        .iter()
        .map(|b| b["CustomerIds"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [1000, 1]);
    // 3 distinct rooms, one request.
    let resources = bodies(&server, "resources/getAll").await;
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0]["ResourceIds"].as_array().unwrap().len(), 3);
    assert_eq!(resources[0]["ClientToken"], "client-token");
}

#[tokio::test]
async fn usage_mistakes_exit_with_2_and_send_nothing() {
    let server = mews().await;

    for args in [
        &[][..],
        &["--since", "yesterday"],
        &[
            "--since",
            "2024-02-01T00:00:00Z",
            "--until",
            "2024-01-01T00:00:00Z",
        ],
        &["--since", "2024-01-01T00:00:00Z", "--enterprise-id", "nope"],
    ] {
        let run = run(&server, args).await;
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.err.starts_with("reservations_sync: "), "{}", run.err);
        assert_eq!(run.out, "");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refusal_from_mews_is_one_line_on_stderr_and_exit_1() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({ "Message": "Invalid AccessToken." })),
        )
        .mount(&server)
        .await;

    let run = run(
        &server,
        &[
            "--since",
            "2024-01-01T00:00:00Z",
            "--until",
            "2024-01-02T00:00:00Z",
        ],
    )
    .await;

    assert_eq!(run.code, 1);
    assert_eq!(run.out, "");
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    assert!(run.err.contains("Invalid AccessToken."), "{}", run.err);
}
