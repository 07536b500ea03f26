//! The `shapeUnionProps` fixture (tests/shapes/spec/shape_union_props.yaml):
//! unions with properties of their own beside the discriminator and
//! payloads, as `accounts/update` has them. In Rust a struct holds the
//! properties and, in `variant`, the enum of the variants; on the wire it
//! is one flat object, as Mews writes it, both ways. Contracts of the own
//! properties and of the payload are reported at their JSON paths.

use mews_connector::Decimal;
use mews_connector::contract::Rule;
use serde_json::{Value, json};
use shape_tests::harness::{client, received, refused, server, url_path, with_credentials};
use shape_tests::shape_union_props::{
    OrganisationUpdate, PartiesResult, PartyKind, PartyUpdate, PartyUpdateVariant, PartyVariant,
    PersonUpdate, ShapeUnionPropsClientExt, UpdateShapeUnionPropsRequest,
};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// An answer of raw JSON text, so that numbers keep their digits.
const ANSWER: &str = r#"{"Parties":[
    {"Id":"00000000-0000-0000-0000-000000000001","Kind":"Person","Data":{"Name":"Ann"}},
    {"Kind":"Organisation","Data":{"Title":"Acme","Credit":100000000000000000.01},"Tags":["vip"],"Id":"00000000-0000-0000-0000-000000000002"},
    {"Id":"00000000-0000-0000-0000-000000000003","Kind":"Robot","Data":{"Serial":1.50},"Tags":null}
]}"#;

async fn answering(body: &str) -> MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeUnionProps/update")))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

fn updates() -> Vec<PartyUpdate> {
    vec![
        PartyUpdate::builder()
            .id(id(1))
            .note("moved")
            .variant(PersonUpdate::builder().set_name("Ann").build())
            .build(),
        PartyUpdate::builder()
            .id(id(2))
            .variant(OrganisationUpdate::builder().set_title("Acme").build())
            .build(),
    ]
}

#[tokio::test]
async fn a_request_is_written_flat_and_the_answer_read_flat() {
    let server = answering(ANSWER).await;
    let request = UpdateShapeUnionPropsRequest::builder()
        .party_updates(updates())
        .build();

    let answer = client(&server)
        .shape_union_props()
        .update(request)
        .await
        .unwrap();

    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeUnionProps/update"),
            with_credentials(json!({
                "PartyUpdates": [
                    {
                        "Id": id(1),
                        "Note": "moved",
                        "Discriminator": "Person",
                        "Person": { "Name": { "Value": "Ann" } },
                        "Organisation": null
                    },
                    {
                        "Id": id(2),
                        "Discriminator": "Organisation",
                        "Person": null,
                        "Organisation": { "Title": { "Value": "Acme" } }
                    }
                ]
            }))
        )]
    );

    let [person, organisation, robot] = &answer.parties[..] else {
        panic!("three parties: {answer:?}")
    };
    assert_eq!(person.id, id(1));
    assert!(matches!(&person.variant, PartyVariant::Person(p) if p.name == "Ann"));
    assert_eq!(person.tags, None);
    // Properties on either side of the discriminator, and exact money in the payload.
    assert_eq!(organisation.id, id(2));
    assert_eq!(organisation.tags.as_deref(), Some(&["vip".to_owned()][..]));
    let PartyVariant::Organisation(o) = &organisation.variant else {
        panic!("not an organisation: {organisation:?}")
    };
    assert_eq!(
        o.credit,
        Some("100000000000000000.01".parse::<Decimal>().unwrap())
    );
    // An unknown kind keeps its payload; its own properties are read all the same.
    assert_eq!(robot.id, id(3));
    assert_eq!(robot.tags, None);
    let PartyVariant::Unknown(unknown) = &robot.variant else {
        panic!("not unknown: {robot:?}")
    };
    assert_eq!(unknown.discriminator(), "Robot");
    assert_eq!(
        unknown.property("Data").unwrap().get(),
        r#"{"Serial":1.50}"#
    );
    assert!(unknown.property("Id").is_none());
}

#[test]
fn both_read_what_they_write() {
    let answer: PartiesResult = serde_json::from_str(ANSWER).unwrap();
    let written = serde_json::to_string(&answer).unwrap();
    assert_eq!(
        serde_json::from_str::<PartiesResult>(&written).unwrap(),
        answer
    );
    // Written with the own properties first; the unknown kind's text exactly.
    assert!(
        written.contains(
            r#"{"Id":"00000000-0000-0000-0000-000000000003","Kind":"Robot","Data":{"Serial":1.50}}"#
        ),
        "{written}"
    );
    for update in updates() {
        let text = serde_json::to_string(&update).unwrap();
        assert_eq!(serde_json::from_str::<PartyUpdate>(&text).unwrap(), update);
    }
    let update = &updates()[1];
    assert_eq!(update.variant.tag(), PartyKind::Organisation);
}

#[test]
fn a_broken_answer_names_the_union_and_the_property() {
    let read = |json: Value| {
        serde_json::from_value::<PartiesResult>(json!({ "Parties": [json] }))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        read(json!({"Kind": "Person", "Data": {"Name": "Ann"}})),
        "`Party` lacks its property `Id`"
    );
    let bad_id = read(json!({"Id": "x", "Kind": "Person", "Data": {"Name": "Ann"}}));
    assert!(
        bad_id.starts_with("`Party` at `Id`: UUID parsing failed"),
        "{bad_id}"
    );
    assert_eq!(
        read(json!({"Id": id(1), "Kind": "Person", "Data": {"Name": 5}})),
        "`Party` `Person` at `Data.Name`: invalid type: integer `5`, expected a string"
    );
}

#[tokio::test]
async fn contracts_are_checked_at_their_json_paths_before_sending() {
    let server = answering(ANSWER).await;
    let mut updates = updates();
    updates[0].note = Some("far too long a note".into());
    updates[0].variant =
        PartyUpdateVariant::from(PersonUpdate::builder().set_name("Annabel").build());
    let request = UpdateShapeUnionPropsRequest::builder()
        .party_updates(updates)
        .build();

    let err = client(&server)
        .shape_union_props()
        .update(request)
        .await
        .unwrap_err();

    assert_eq!(
        refused(&err),
        [
            (
                "PartyUpdates[0].Note",
                &Rule::MaxLength {
                    max: 10,
                    actual: 19
                }
            ),
            (
                "PartyUpdates[0].Person.Name",
                &Rule::MaxLength { max: 5, actual: 7 }
            ),
        ]
    );
    assert!(received(&server).await.is_empty());
}
