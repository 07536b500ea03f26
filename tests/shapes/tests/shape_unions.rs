//! The `shapeUnions` fixture (tests/shapes/spec/shape_unions.yaml) through
//! the real client against a local server: discriminated unions of both
//! shapes are read by their discriminator, one this version does not know is
//! kept and written back exactly, a malformed payload is an error with its
//! path, sent unions go out as Mews writes them with their payload's
//! contracts checked first, and an enum value named `Unknown` is a value
//! like any other.

use mews_connector::contract::Rule;
use mews_connector::update::Update;
use mews_connector::{Error, UnknownVariant};
use serde_json::json;
use shape_tests::harness::{client, received, refused, server, url_path, with_credentials};
use shape_tests::shape_unions::{
    DemoAccountData, DemoCompanyAccountData, DemoCustomerAccountData, DemoLoyaltyProgramType,
    DemoProfileData, DemoResourceDataUpdate, DemoResourceUpdate, DemoService, DemoServiceData,
    DemoServiceDataDiscriminator, DemoSpaceResourceDataUpdate, DemoTimeUnitPeriod,
    GetAllShapeUnionsRequest, ShapeUnionsClientExt, UpdateShapeUnionsRequest,
};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// The `Data` of a service of a kind Mews added after this version: its
/// numbers must come back with exactly these digits.
const LATER_DATA: &str = r#"{"Discriminator":"Parking","Value":{"Spots":12,"Rate":0.10,"Deposit":100000000000000000.01,"Zones":["A",{"Covered":true}]}}"#;

/// A profile of a kind Mews added after this version.
const LATER_PROFILE: &str = r#"{"Discriminator":"Platform","EnterpriseProfile":null}"#;

/// Answers `shapeUnions/getAll` with `body`, written exactly as given.
async fn answer_get_all(server: &MockServer, body: String) {
    Mock::given(method("POST"))
        .and(path(url_path("shapeUnions/getAll")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(server)
        .await;
}

async fn get_all(server: &MockServer) -> Result<Vec<DemoService>, Error> {
    let request = GetAllShapeUnionsRequest::builder().build();
    let result = client(server).shape_unions().get_all(request).await?;
    Ok(result.services)
}

#[tokio::test]
async fn each_kind_is_read_by_its_discriminator_and_a_later_kind_is_kept_exactly() {
    let server = server().await;
    let body = format!(
        r#"{{"Services":[
        {{"Id":"{}","Name":"Accommodation",
          "Data":{{"Discriminator":"Bookable","Value":{{"StartOffset":"P0M0DT15H0M0S","EndOffset":"P0M0DT12H0M0S","OccupancyStartOffset":"P0M0DT15H0M0S","TimeUnitPeriod":"Day"}}}},
          "CreatorProfile":{{"Discriminator":"Enterprise","EnterpriseProfile":{{"ProfileId":"{}"}}}},
          "LoyaltyProgramType":"Unknown"}},
        {{"Id":"{}","Name":"Restaurant",
          "Data":{{"Value":{{"Promotions":{{"BeforeCheckIn":false,"DuringStay":true}}}},"Discriminator":"Additional"}},
          "CreatorProfile":{{"Discriminator":"Integration","EnterpriseProfile":null}},
          "LoyaltyProgramType":"Gold"}},
        {{"Id":"{}","Name":"Parking","Data":{LATER_DATA},"CreatorProfile":{LATER_PROFILE}}}
        ]}}"#,
        id(1),
        id(9),
        id(2),
        id(3)
    );
    answer_get_all(&server, body).await;

    let services = get_all(&server).await.unwrap();
    assert_eq!(services.len(), 3);

    // Bookable: the payload read as its own type; properties it does not
    // know (`OccupancyStartOffset`) are ignored as anywhere else.
    let DemoServiceData::Bookable(bookable) = &services[0].data else {
        panic!("not bookable: {:?}", services[0].data)
    };
    assert_eq!(
        (
            bookable.start_offset.as_str(),
            bookable.end_offset.as_str(),
            &bookable.time_unit_period
        ),
        ("P0M0DT15H0M0S", "P0M0DT12H0M0S", &DemoTimeUnitPeriod::Day)
    );
    assert_eq!(services[0].data.discriminator(), "Bookable");
    assert_eq!(
        services[0].data.tag(),
        DemoServiceDataDiscriminator::Bookable
    );
    assert!(services[0].data.is_known());
    let Some(DemoProfileData::Enterprise(profile)) = &services[0].creator_profile else {
        panic!(
            "not an enterprise profile: {:?}",
            services[0].creator_profile
        )
    };
    assert_eq!(profile.profile_id, id(9));

    // Additional, with the payload before the discriminator.
    let DemoServiceData::Additional(additional) = &services[1].data else {
        panic!("not additional: {:?}", services[1].data)
    };
    assert!(!additional.promotions.before_check_in);
    assert!(additional.promotions.during_stay);
    assert_eq!(
        services[1].creator_profile,
        Some(DemoProfileData::Integration)
    );

    // A kind this version does not know: kept, with its raw JSON.
    let later = &services[2];
    let DemoServiceData::Unknown(unknown) = &later.data else {
        panic!("a later kind read as {:?}", later.data)
    };
    assert_eq!(unknown.discriminator(), "Parking");
    assert_eq!(
        unknown.property("Value").map(|raw| raw.get()),
        Some(
            r#"{"Spots":12,"Rate":0.10,"Deposit":100000000000000000.01,"Zones":["A",{"Covered":true}]}"#
        )
    );
    assert!(!later.data.is_known());
    assert_eq!(
        later.data.tag(),
        DemoServiceDataDiscriminator::Unknown("Parking".to_owned())
    );
    // Written back exactly as received: every digit, in the same order.
    assert_eq!(serde_json::to_string(&later.data).unwrap(), LATER_DATA);
    let profile = later.creator_profile.as_ref().expect("a profile");
    assert!(matches!(profile, DemoProfileData::Unknown(u) if u.discriminator() == "Platform"));
    assert_eq!(serde_json::to_string(profile).unwrap(), LATER_PROFILE);

    // An enum value named `Unknown` is a value; the catch-all is `Unrecognized`.
    assert_eq!(
        services[0].loyalty_program_type,
        Some(DemoLoyaltyProgramType::Unknown)
    );
    assert!(DemoLoyaltyProgramType::Unknown.is_known());
    assert_eq!(
        services[1].loyalty_program_type,
        Some(DemoLoyaltyProgramType::Unrecognized("Gold".to_owned()))
    );
    assert!(
        !services[1]
            .loyalty_program_type
            .as_ref()
            .unwrap()
            .is_known()
    );
    assert_eq!(services[2].loyalty_program_type, None);
}

#[tokio::test]
async fn a_known_kind_whose_payload_does_not_read_fails_with_its_path() {
    let cases = [
        (
            r#"{"Discriminator":"Bookable","Value":{"StartOffset":15,"EndOffset":"PT12H","TimeUnitPeriod":"Day"}}"#,
            "`DemoServiceData` `Bookable` at `Value.StartOffset`: invalid type: integer `15`, expected a string at line 1 column ",
        ),
        (
            r#"{"Discriminator":"Additional","Value":{"Promotions":{"BeforeCheckIn":false}}}"#,
            "`DemoServiceData` `Additional` at `Value.Promotions`: missing field `DuringStay` at line 1 column ",
        ),
        (
            r#"{"Discriminator":"Bookable","Value":null}"#,
            "`DemoServiceData` `Bookable` has a null payload `Value` at line 1 column ",
        ),
        (
            r#"{"Value":{}}"#,
            "missing field `Discriminator` at line 1 column ",
        ),
    ];
    for (data, expected) in cases {
        let server = server().await;
        let body = format!(
            r#"{{"Services":[{{"Id":"{}","Name":"Broken","Data":{data}}}]}}"#,
            id(1)
        );
        answer_get_all(&server, body).await;
        let err = get_all(&server).await.unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("not a decode error: {err:?}")
        };
        assert_eq!(decode.operation(), "shapeUnions/getAll");
        let reason = decode.reason();
        assert!(
            reason.starts_with(expected),
            "for {data}:\n  got {reason}\n want {expected}..."
        );
        // The position is that of the union in the body.
        let column: usize = reason[expected.len()..].parse().expect("a column");
        let union_end =
            r#"{"Services":[{"Id":"00000000-0000-0000-0000-000000000001","Name":"Broken","Data":"#
                .len()
                + data.len();
        assert_eq!(column, union_end, "{reason}");
    }
}

fn space(floor: &str) -> DemoSpaceResourceDataUpdate {
    DemoSpaceResourceDataUpdate::builder()
        .set_floor_number(floor)
        .clear_location_notes()
        .build()
}

async fn answer_update(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(url_path("shapeUnions/update")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn sent_unions_go_out_as_mews_writes_them() {
    let server = server().await;
    answer_update(&server).await;
    let request = UpdateShapeUnionsRequest::builder()
        .resource_updates([
            // The payload alone makes the union (`From`)...
            DemoResourceUpdate::builder()
                .resource_id(id(1))
                .data(space("2"))
                .account(
                    DemoCompanyAccountData::builder()
                        .company_id(id(7))
                        .reference("R-1")
                        .build(),
                )
                .loyalty_program_type(DemoLoyaltyProgramType::Unknown)
                .build(),
            // ...or the variant by name; a variant without payload sends `null`.
            DemoResourceUpdate::builder()
                .resource_id(id(2))
                .data(DemoResourceDataUpdate::Object)
                .account(DemoAccountData::Customer(
                    DemoCustomerAccountData::builder()
                        .customer_id(id(8))
                        .build(),
                ))
                .build(),
        ])
        .build();

    client(&server)
        .shape_unions()
        .update(request)
        .await
        .unwrap();

    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeUnions/update"),
            with_credentials(json!({
                "ResourceUpdates": [
                    {
                        "ResourceId": id(1),
                        "Data": {
                            "Discriminator": "Space",
                            "Value": {
                                "FloorNumber": { "Value": "2" },
                                "LocationNotes": { "Value": null }
                            }
                        },
                        "Account": {
                            "Discriminator": "Company",
                            "Customer": null,
                            "Company": { "CompanyId": id(7), "Reference": "R-1" }
                        },
                        "LoyaltyProgramType": "Unknown"
                    },
                    {
                        "ResourceId": id(2),
                        "Data": { "Discriminator": "Object", "Value": null },
                        "Account": {
                            "Discriminator": "Customer",
                            "Customer": { "CustomerId": id(8) },
                            "Company": null
                        }
                    }
                ]
            }))
        )]
    );
}

#[tokio::test]
async fn a_union_read_from_mews_is_sent_back_as_it_came() {
    let server = server().await;
    answer_update(&server).await;
    // Only a union read from JSON can hold a discriminator this version
    // does not know (the catch-all cannot be built by hand).
    let later: DemoResourceDataUpdate =
        serde_json::from_str(r#"{"Value":{"Capacity":4.50},"Discriminator":"Vehicle"}"#).unwrap();
    assert!(matches!(&later, DemoResourceDataUpdate::Unknown(u) if u.discriminator() == "Vehicle"));
    let request = UpdateShapeUnionsRequest::builder()
        .resource_updates([DemoResourceUpdate::builder()
            .resource_id(id(1))
            .data(later)
            .build()])
        .build();

    client(&server)
        .shape_unions()
        .update(request)
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    let body = std::str::from_utf8(&requests[0].body).unwrap();
    assert!(
        body.contains(r#""Data":{"Value":{"Capacity":4.50},"Discriminator":"Vehicle"}"#),
        "{body}"
    );
}

#[tokio::test]
async fn the_payload_contracts_of_a_sent_union_are_checked_before_sending() {
    let server = server().await;
    let request = UpdateShapeUnionsRequest::builder()
        .resource_updates([
            DemoResourceUpdate::builder()
                .resource_id(id(1))
                .data(space("123456"))
                .build(),
            DemoResourceUpdate::builder()
                .resource_id(id(2))
                .data(space("12345"))
                .account(
                    DemoCompanyAccountData::builder()
                        .company_id(id(7))
                        .reference("TOO-LONG-1")
                        .build(),
                )
                .build(),
        ])
        .build();

    let err = client(&server)
        .shape_unions()
        .update(request)
        .await
        .unwrap_err();

    let found = refused(&err);
    assert_eq!(
        found,
        [
            (
                "ResourceUpdates[0].Data.Value.FloorNumber",
                &Rule::MaxLength { max: 5, actual: 6 }
            ),
            (
                "ResourceUpdates[1].Account.Company.Reference",
                &Rule::MaxLength { max: 8, actual: 10 }
            ),
        ]
    );
    assert!(received(&server).await.is_empty());
}

#[test]
fn a_union_is_made_from_its_payload_and_says_what_it_is() {
    let data: DemoResourceDataUpdate = space("3").into();
    assert_eq!(data.discriminator(), "Space");
    assert!(data.is_known());
    let DemoResourceDataUpdate::Space(payload) = &data else {
        panic!("not a space: {data:?}")
    };
    assert_eq!(payload.floor_number, Update::Set("3".to_owned()));
    assert_eq!(DemoResourceDataUpdate::Object.discriminator(), "Object");
    // The catch-all's contents are there to read, not to make.
    fn readable(u: &UnknownVariant) -> (&str, usize) {
        (u.discriminator(), u.properties().count())
    }
    let later: DemoAccountData = serde_json::from_str(
        r#"{"Discriminator":"Partner","Customer":null,"Company":null,"Partner":{"Id":1}}"#,
    )
    .unwrap();
    let DemoAccountData::Unknown(unknown) = &later else {
        panic!("not unknown: {later:?}")
    };
    assert_eq!(readable(unknown), ("Partner", 3));
}
