//! The `shapeQuirks` fixture (tests/shapes/spec/shape_quirks.yaml) through
//! the real client against a local server: a property with an alias is read
//! under either spelling and sent under its own, and a property the
//! examples leave out (`examples_omit`) is sent like any required one.

use mews_connector::Error;
use serde_json::json;
use shape_tests::harness::{client, received, server, url_path, with_credentials};
use shape_tests::shape_quirks::{
    AddShapeQuirksRequest, QuirkCompany, QuirkCompanyOptions, QuirkCompanyParameters,
    ShapeQuirksClientExt,
};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn company(name: &str, contact: &str) -> QuirkCompanyParameters {
    QuirkCompanyParameters::builder()
        .name(name)
        .contact_person(contact)
        .options(QuirkCompanyOptions::builder().invoiceable(true).build())
        .build()
}

#[tokio::test]
async fn an_alias_is_read_and_the_name_is_sent() {
    let server = server().await;
    // The answer spells the properties both ways, as the documentation does.
    Mock::given(method("POST"))
        .and(path(url_path("shapeQuirks/add")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Companies": [
                {"Id": id(1), "Name": "Acme", "ContacPerson": "Ann"},
                {"Id": id(2), "CompanyName": "Brio", "ContactPerson": "Bob"},
                {"Id": id(3), "Name": "Cato", "ContactPerson": null}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let request = AddShapeQuirksRequest::builder()
        .companies([company("Acme", "Ann")])
        .build();

    let result = client(&server).shape_quirks().add(request).await.unwrap();

    let read: Vec<(&str, Option<&str>)> = result
        .companies
        .iter()
        .map(|c| (c.name.as_str(), c.contact_person.as_deref()))
        .collect();
    assert_eq!(
        read,
        [("Acme", Some("Ann")), ("Brio", Some("Bob")), ("Cato", None)]
    );
    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeQuirks/add"),
            with_credentials(json!({
                "Companies": [{
                    "Name": "Acme",
                    "ContactPerson": "Ann",
                    "Options": {"Invoiceable": true}
                }]
            }))
        )]
    );
}

#[test]
fn a_value_read_under_an_alias_is_written_under_the_name() {
    let read: QuirkCompany =
        serde_json::from_value(json!({"Id": id(1), "CompanyName": "Acme", "ContacPerson": "Ann"}))
            .unwrap();
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        json!({"Id": id(1), "Name": "Acme", "ContactPerson": "Ann"})
    );
}

#[test]
fn when_both_spellings_hold_a_value_the_name_wins() {
    let both = json!({
        "Id": id(1),
        "Name": "Acme",
        "CompanyName": "Old Acme",
        "ContacPerson": "Ann",
        "ContactPerson": "Bob"
    });
    let read: QuirkCompany = serde_json::from_value(both).unwrap();
    assert_eq!(
        (read.name.as_str(), read.contact_person.as_deref()),
        ("Acme", Some("Bob"))
    );
    // A null under the name is no value: the alias's is kept.
    let null = json!({"Id": id(1), "Name": "Acme", "ContactPerson": null, "ContacPerson": "Ann"});
    let read: QuirkCompany = serde_json::from_value(null).unwrap();
    assert_eq!(read.contact_person.as_deref(), Some("Ann"));
}

#[tokio::test]
async fn a_required_property_under_no_spelling_is_a_decoding_error() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeQuirks/add")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Companies": [{"Id": id(1), "ContacPerson": "Ann"}]
        })))
        .mount(&server)
        .await;
    let request = AddShapeQuirksRequest::builder()
        .companies([company("Acme", "Ann")])
        .build();
    let err = client(&server)
        .shape_quirks()
        .add(request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("missing field `Name`"), "{err}");
}
