//! The reads Mews' webhooks send an integration to, through the runtime
//! against a local server: service kinds read by their discriminator (and a
//! kind Mews adds later kept raw), exact amounts, and the 2023-06-06
//! reservations read with its interval contracts and its pages, and
//! customers selected by chain under a portfolio token.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use mews_connector::common::{Limitation, TimeInterval};
use mews_connector::contract::Rule;
use mews_connector::customers::{
    Customer, CustomerClassification, CustomerExtent, CustomersGetAllResult, GetAllCustomersRequest,
};
use mews_connector::order_items::{GetAllOrderItemsRequest, OrderItem, OrderItemData};
use mews_connector::reservations::{
    GetAllReservations20230606Request, Reservation20230606, ServiceOrderState,
};
use mews_connector::resources::{
    GetAllResourcesRequest, Resource, ResourceData, ResourceExtent, ResourcesGetAllResult,
};
use mews_connector::services::{
    GetAllServicesRequest, Service, ServiceData, ServiceDataDiscriminator, TimeUnitPeriod,
};
use mews_connector::{Client, Credentials, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_TOKEN: &str = "CT-webhook-reads";
const ACCESS_TOKEN: &str = "AT-webhook-reads";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().unwrap()
}

async fn server() -> MockServer {
    MockServer::builder().start().await
}

/// One attempt per call, no rate limit: what is sent is exactly what the
/// test caused.
fn client(server: &MockServer) -> Client {
    Client::builder(
        Environment::custom(&server.uri()).unwrap(),
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, "client-tests 1.0"),
    )
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap()
}

/// The JSON bodies the server got, in order.
async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

fn service(n: u128, data: Value) -> Value {
    json!({
        "Id": id(n),
        "EnterpriseId": id(200),
        "IsActive": true,
        "Names": { "en-US": format!("Service {n}") },
        "Options": { "BillAsPackage": false },
        "Ordering": n,
        "Data": data,
        "ExternalIdentifier": null,
        "CreatedUtc": "2024-01-01T00:00:00Z",
        "UpdatedUtc": "2024-01-02T00:00:00Z",
        "Name": format!("Service {n}")
    })
}

#[tokio::test]
async fn services_of_every_kind_are_read_and_a_later_kind_is_kept_raw() {
    let server = server().await;
    let promotions = json!({
        "BeforeCheckIn": true, "AfterCheckIn": false, "DuringStay": true,
        "BeforeCheckOut": false, "AfterCheckOut": false, "DuringCheckOut": false
    });
    // The later kind's payload holds a number no f64 holds exactly: kept as written.
    let later = r#"{"Spots":12,"Deposit":100000000000000000.01}"#;
    let body = format!(
        r#"{{"Services":[{},{},{}],"Cursor":null}}"#,
        service(
            1,
            json!({"Discriminator": "Bookable", "Value": {
                "StartOffset": "P0M0DT15H0M0S", "EndOffset": "P0M0DT12H0M0S",
                "OccupancyStartOffset": "PT14H", "OccupancyEndOffset": "-PT1H",
                "TimeUnitPeriod": "Day"
            }})
        ),
        service(
            2,
            json!({"Discriminator": "Additional", "Value": { "Promotions": promotions }})
        ),
        service(3, json!({"Discriminator": "Parking", "Value": "LATER"}))
            .to_string()
            .replace(r#""LATER""#, later),
    );
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/services/getAll"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let request = GetAllServicesRequest::builder()
        .limitation(Limitation::builder().count(10).build())
        .build();

    let services: Vec<Service> = client(&server)
        .services()
        .get_all_items(request)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(services.len(), 3);
    let ServiceData::Bookable(bookable) = &services[0].data else {
        panic!("not bookable: {:?}", services[0].data)
    };
    assert_eq!(bookable.start_offset.as_str(), "P0M0DT15H0M0S");
    assert_eq!(bookable.start_offset.parts().hours, 15);
    assert!(bookable.occupancy_end_offset.is_negative());
    assert_eq!(bookable.time_unit_period, TimeUnitPeriod::Day);
    assert_eq!(services[0].data.tag(), ServiceDataDiscriminator::Bookable);
    assert_eq!(services[0].names["en-US"], "Service 1");

    let ServiceData::Additional(additional) = &services[1].data else {
        panic!("not additional: {:?}", services[1].data)
    };
    assert!(additional.promotions.before_check_in);
    assert!(!additional.promotions.after_check_in);

    let ServiceData::Unknown(unknown) = &services[2].data else {
        panic!("a later kind read as {:?}", services[2].data)
    };
    assert_eq!(unknown.discriminator(), "Parking");
    assert_eq!(unknown.property("Value").map(|raw| raw.get()), Some(later));
    assert_eq!(
        services[2].data.tag(),
        ServiceDataDiscriminator::Unknown("Parking".to_owned())
    );
    // Written back as it came.
    let written = serde_json::to_string(&services[2].data).unwrap();
    assert!(written.contains(later), "{written}");
}

#[tokio::test]
async fn amounts_that_f64_cannot_hold_come_back_exactly() {
    let server = server().await;
    // 0.1 + 0.2 style values and 20 significant digits: f64 would change them.
    let amount = r#"{"Currency":"EUR","NetValue":100000000000000000.01,"GrossValue":121000000000000000.0121,"TaxValues":[{"Code":"DE-S","Value":21000000000000000.0021}],"Breakdown":{"Items":[{"TaxRateCode":"DE-S","NetValue":100000000000000000.01,"TaxValue":21000000000000000.0021},{"TaxRateCode":null,"NetValue":0.30000000000000004,"TaxValue":0}]}}"#;
    let item = json!({
        "Id": id(1), "EnterpriseId": id(200), "AccountId": id(300), "AccountType": "Customer",
        "ServiceId": id(400), "ServiceOrderId": id(500), "Notes": null, "BillId": null,
        "AccountingCategoryId": null, "BillingName": null, "ExternalIdentifier": null,
        "UnitCount": 1, "UnitAmount": "AMOUNT", "Amount": "AMOUNT", "OriginalAmount": "AMOUNT",
        "RevenueType": "Service", "CreatorProfileId": id(600), "UpdaterProfileId": id(600),
        "CreatedUtc": "2024-01-01T00:00:00Z", "UpdatedUtc": "2024-01-01T00:00:00Z",
        "ConsumedUtc": "2024-01-01T00:00:00Z", "AccountingState": "Open", "Type": "SpaceOrder",
        "Options": { "CanceledWithReservation": false },
        "Data": { "Discriminator": "Product", "Product": { "ProductId": id(700), "AgeCategoryId": null, "ProductType": "Allowance" },
                  "Rebate": null, "AllowanceDiscount": null, "AllowanceProfits": null }
    })
    .to_string()
    .replace(r#""AMOUNT""#, amount);
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/orderItems/getAll"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"OrderItems":[{item}],"Cursor":null}}"#),
            "application/json",
        ))
        .mount(&server)
        .await;
    let request = GetAllOrderItemsRequest::builder()
        .service_order_ids([id(500)])
        .limitation(Limitation::builder().count(10).build())
        .build();

    let items: Vec<OrderItem> = client(&server)
        .order_items()
        .get_all_items(request)
        .try_collect()
        .await
        .unwrap();

    let [item] = items.as_slice() else {
        panic!("expected one item, got {items:?}")
    };
    assert_eq!(item.amount.net_value.to_string(), "100000000000000000.01");
    assert_eq!(
        item.amount.gross_value.to_string(),
        "121000000000000000.0121"
    );
    assert_eq!(
        item.amount.breakdown.items[1].net_value.to_string(),
        "0.30000000000000004"
    );
    // Written back with the same digits (a property without value is left out).
    assert_eq!(
        serde_json::to_string(&item.amount).unwrap(),
        amount.replace(r#""TaxRateCode":null,"#, "")
    );
    let Some(OrderItemData::Product(product)) = &item.data else {
        panic!("not a product item: {:?}", item.data)
    };
    assert_eq!(product.product_id, id(700));
}

fn interval(start: &str, end: &str) -> TimeInterval {
    TimeInterval::builder()
        .start_utc(at(start))
        .end_utc(at(end))
        .build()
}

#[tokio::test]
async fn reservation_intervals_breaking_their_contracts_are_refused_before_sending() {
    let server = server().await;
    let request = GetAllReservations20230606Request::builder()
        // One second over 3 calendar months.
        .scheduled_start_utc(interval("2024-01-31T00:00:00Z", "2024-04-30T00:00:01Z"))
        // Reversed.
        .updated_utc(interval("2024-02-01T00:00:00Z", "2024-01-01T00:00:00Z"))
        // Exactly 3 months: fine.
        .colliding_utc(interval("2024-01-15T00:00:00Z", "2024-04-15T00:00:00Z"))
        .limitation(Limitation::builder().count(100).build())
        .build();

    let err = client(&server)
        .reservations()
        .get_all_2023_06_06(request)
        .await
        .unwrap_err();

    let Error::Contract(violations) = err else {
        panic!("expected a contract error, got {err:?}")
    };
    let found: Vec<(&str, &Rule)> = violations
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.rule))
        .collect();
    assert_eq!(
        found,
        [
            (
                "UpdatedUtc",
                &Rule::IntervalOrder {
                    start: "2024-02-01T00:00:00Z".into(),
                    end: "2024-01-01T00:00:00Z".into()
                }
            ),
            (
                "ScheduledStartUtc",
                &Rule::IntervalLength {
                    max_months: 3,
                    start: "2024-01-31T00:00:00Z".into(),
                    end: "2024-04-30T00:00:01Z".into()
                }
            ),
        ]
    );
    assert!(bodies(&server).await.is_empty());
}

fn reservation(n: u128) -> Value {
    json!({
        "Id": id(n), "ServiceId": id(100), "AccountId": id(300), "AccountType": "Customer",
        "CreatorProfileId": id(600), "UpdaterProfileId": id(600), "BookerId": null,
        "Number": n.to_string(), "State": "Confirmed", "Origin": "Connector",
        "CommanderOrigin": null, "OriginDetails": null,
        "CreatedUtc": "2024-01-01T00:00:00Z", "UpdatedUtc": "2024-01-02T00:00:00Z",
        "CancelledUtc": null, "VoucherId": null, "BusinessSegmentId": null,
        "Options": { "OwnerCheckedIn": false, "AllCompanionsCheckedIn": false, "AnyCompanionCheckedIn": false, "ConnectorCheckIn": false },
        "RateId": id(800), "CreditCardId": null, "GroupId": id(900),
        "RequestedResourceCategoryId": id(1000), "AssignedResourceId": null,
        "AvailabilityBlockId": null, "PartnerCompanyId": null, "TravelAgencyId": null,
        "AssignedResourceLocked": false, "ChannelNumber": null, "ChannelManagerNumber": null,
        "CancellationReason": null, "ReleasedUtc": null,
        "ScheduledStartUtc": "2024-03-01T14:00:00Z", "ActualStartUtc": null,
        "ScheduledEndUtc": "2024-03-03T10:00:00Z", "ActualEndUtc": null,
        "Purpose": "Leisure", "QrCodeData": null,
        "PersonCounts": [{ "AgeCategoryId": id(1100), "Count": 2 }]
    })
}

/// Answers each `Limitation.Cursor` (or none) with its page; another cursor is an error.
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

#[tokio::test]
async fn reservations_2023_06_06_are_read_page_after_page() {
    let server = server().await;
    let page = |ns: &[u128], cursor: Option<u128>| {
        json!({
            "Reservations": ns.iter().map(|&n| reservation(n)).collect::<Vec<_>>(),
            "Cursor": cursor.map(id)
        })
    };
    let pages = HashMap::from([
        (None, page(&[1, 2], Some(2))),
        (Some(id(2)), page(&[3, 4], Some(4))),
        (Some(id(4)), page(&[5], Some(5))),
    ]);
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/reservations/getAll/2023-06-06"))
        .respond_with(Pages(pages))
        .mount(&server)
        .await;
    let request = GetAllReservations20230606Request::builder()
        .updated_utc(interval("2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z"))
        .states([ServiceOrderState::Confirmed, ServiceOrderState::Started])
        .limitation(Limitation::builder().count(2).build())
        .build();

    let reservations: Vec<Reservation20230606> = client(&server)
        .reservations()
        .get_all_2023_06_06_items(request)
        .try_collect()
        .await
        .unwrap();

    let numbers: Vec<&str> = reservations.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5"]);
    assert_eq!(reservations[0].person_counts[0].count, 2);
    assert_eq!(reservations[0].state, ServiceOrderState::Confirmed);
    let sent = bodies(&server).await;
    let cursors: Vec<&Value> = sent.iter().map(|b| &b["Limitation"]["Cursor"]).collect();
    assert_eq!(cursors, [&Value::Null, &json!(id(2)), &json!(id(4))]);
    for body in &sent {
        assert_eq!(body["States"], json!(["Confirmed", "Started"]));
        assert_eq!(body["UpdatedUtc"]["StartUtc"], "2024-01-01T00:00:00Z");
        assert_eq!(body["ClientToken"], CLIENT_TOKEN);
    }
}

/// A client whose access token is a portfolio token.
fn portfolio_client(server: &MockServer) -> Client {
    Client::builder(
        Environment::custom(&server.uri()).unwrap(),
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, "client-tests 1.0"),
    )
    .portfolio_access_token(true)
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap()
}

fn customer(n: u128, chain: u128) -> Value {
    json!({
        "Id": id(n), "ChainId": id(chain), "Number": n.to_string(), "Title": null, "Sex": null,
        "FirstName": "Ada", "LastName": format!("Guest {n}"), "HasOtaEmail": false,
        "CreatedUtc": "2024-01-01T00:00:00Z", "UpdatedUtc": "2024-01-02T00:00:00Z",
        "Classifications": ["Returning", "Gold"], "Options": [], "IsActive": true,
        "PreferredSpaceFeatures": ["SeaView"],
        "CreatorProfileId": id(600), "UpdaterProfileId": id(600)
    })
}

#[tokio::test]
async fn customers_of_chosen_chains_are_read_under_a_portfolio_token() {
    let server = server().await;
    let page = |ns: &[(u128, u128)], cursor: Option<u128>| {
        json!({
            "Customers": ns.iter().map(|&(n, chain)| customer(n, chain)).collect::<Vec<_>>(),
            "Cursor": cursor.map(id),
            "Documents": []
        })
    };
    let pages = HashMap::from([
        (None, page(&[(1, 10), (2, 11)], Some(2))),
        (Some(id(2)), page(&[(3, 10)], Some(3))),
    ]);
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/customers/getAll"))
        .respond_with(Pages(pages))
        .mount(&server)
        .await;
    let request = |chains: Option<Vec<Uuid>>| {
        let builder = GetAllCustomersRequest::builder()
            .extent(CustomerExtent::builder().customers(true).build())
            .updated_utc(interval("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"))
            .limitation(Limitation::builder().count(2).build());
        match chains {
            Some(chains) => builder.chain_ids(chains).build(),
            None => builder.build(),
        }
    };
    let client = portfolio_client(&server);

    let pages: Vec<CustomersGetAllResult> = client
        .customers()
        .get_all_pages(request(Some(vec![id(10), id(11)])))
        .try_collect()
        .await
        .unwrap();

    let customers: Vec<&Customer> = pages.iter().flat_map(|p| &p.customers).collect();
    let read: Vec<(u128, u128)> = customers
        .iter()
        .map(|c| (c.id.as_u128(), c.chain_id.as_u128()))
        .collect();
    assert_eq!(read, [(1, 10), (2, 11), (3, 10)]);
    // A classification Mews adds later is kept, not an error.
    assert_eq!(
        customers[0].classifications,
        [
            CustomerClassification::Returning,
            CustomerClassification::Unknown("Gold".to_owned())
        ]
    );
    let sent = bodies(&server).await;
    assert_eq!(sent.len(), 2);
    for body in &sent {
        assert_eq!(body["ChainIds"], json!([id(10), id(11)]));
    }

    // The chain filter may be left out with a portfolio token (every chain
    // it covers): not refused, and not sent.
    client.customers().get_all(request(None)).await.unwrap();
    let sent = bodies(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(sent[2].get("ChainIds").is_none(), "{}", sent[2]);
}

fn resource(n: u128, data: Value) -> Value {
    json!({
        "Id": id(n), "EnterpriseId": id(200), "IsActive": true, "ParentResourceId": null,
        "Name": format!("{n}"), "State": "Clean", "Descriptions": {}, "ExternalNames": {},
        "Directions": {}, "CreatedUtc": "2024-01-01T00:00:00Z",
        "UpdatedUtc": "2024-01-02T00:00:00Z", "Data": data
    })
}

fn assignment(n: u128, resource: u128) -> Value {
    json!({
        "Id": id(n), "IsActive": true, "ResourceId": id(resource), "CategoryId": id(50),
        "CreatedUtc": "2024-01-01T00:00:00Z", "UpdatedUtc": "2024-01-01T00:00:00Z"
    })
}

#[tokio::test]
async fn resources_stream_as_items_and_each_page_keeps_its_side_lists() {
    let server = server().await;
    let space =
        json!({"Discriminator": "Space", "Value": {"FloorNumber": "3", "LocationNotes": null}});
    let object = json!({"Discriminator": "Object", "Value": {}});
    let pages = HashMap::from([
        (
            None,
            json!({
                "Resources": [resource(1, space.clone()), resource(2, object)],
                "ResourceCategoryAssignments": [assignment(11, 1), assignment(12, 2)],
                "Cursor": id(2)
            }),
        ),
        (
            Some(id(2)),
            json!({
                "Resources": [resource(3, space)],
                "ResourceCategoryAssignments": [assignment(13, 3)],
                "Cursor": id(3)
            }),
        ),
    ]);
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/resources/getAll"))
        .respond_with(Pages(pages))
        .mount(&server)
        .await;
    #[allow(deprecated)]
    let request = || {
        GetAllResourcesRequest::builder()
            .extent(
                ResourceExtent::builder()
                    .resources(true)
                    .resource_category_assignments(true)
                    .build(),
            )
            .limitation(Limitation::builder().count(2).build())
            .build()
    };
    let client = client(&server);

    // The item stream: every resource, page after page; the side lists never count.
    let resources: Vec<Resource> = client
        .resources()
        .get_all_items(request())
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["1", "2", "3"]);
    let ResourceData::Space(floor) = &resources[0].data else {
        panic!("not a space: {:?}", resources[0].data)
    };
    assert_eq!(floor.floor_number, "3");
    // An object's empty payload is written back as Mews wrote it.
    assert_eq!(
        serde_json::to_value(&resources[1].data).unwrap(),
        json!({"Discriminator": "Object", "Value": {}})
    );

    // Whole pages: each keeps the side lists it came with.
    let pages: Vec<ResourcesGetAllResult> = client
        .resources()
        .get_all_pages(request())
        .try_collect()
        .await
        .unwrap();
    #[allow(deprecated)]
    let assigned: Vec<Vec<u128>> = pages
        .iter()
        .map(|p| {
            p.resource_category_assignments
                .iter()
                .flatten()
                .map(|a| a.resource_id.as_u128())
                .collect()
        })
        .collect();
    assert_eq!(assigned, [vec![1, 2], vec![3]]);
    assert_eq!(bodies(&server).await.len(), 4);
}
