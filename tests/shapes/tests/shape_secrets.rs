//! The `shapeSecrets` fixture (tests/shapes/spec/shape_secrets.yaml): values
//! marked `sensitive: true` are sent and read as any other, but `Debug`
//! shows `<redacted>` in their place (keeping `None`, item counts and
//! update intents visible) and no error quotes them.

use mews_connector::contract::Rule;
use mews_connector::{Decimal, Error};
use serde_json::json;
use shape_tests::harness::{client, received, refused, server, url_path, with_credentials};
use shape_tests::shape_secrets::{
    ChargeShapeSecretsRequest, DemoSecretPayment, DemoSecretResult, ShapeSecretsClientExt,
};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const TOKEN: &str = "tok_4111-SECRET-CARD";
const BACKUP: &str = "tok_5500-SECRET-BACKUP";
const PIN: &str = "8642-SECRET-PIN";
const REFERENCE: &str = "auth-SECRET-REFERENCE";
const DOOR: &str = "9137-SECRET-DOOR";

fn payment() -> DemoSecretPayment {
    DemoSecretPayment::builder()
        .reference(REFERENCE)
        .amount("12.50".parse::<Decimal>().expect("a decimal"))
        .build()
}

fn request(token: &str) -> ChargeShapeSecretsRequest {
    ChargeShapeSecretsRequest::builder()
        .card_token(token)
        .backup_tokens([BACKUP.to_owned()])
        .set_pin(PIN)
        .notes("late arrival")
        .payment(payment())
        .build()
}

fn assert_hidden(text: &str) {
    for secret in [TOKEN, BACKUP, PIN, REFERENCE, DOOR, "SECRET"] {
        assert!(!text.contains(secret), "`{secret}` shown in: {text}");
    }
}

#[test]
fn debug_redacts_secrets_and_keeps_their_shape() {
    let request = request(TOKEN);
    let shown = format!("{request:?}");
    assert_hidden(&shown);
    // What is not secret stays visible, and so does each secret's shape.
    assert_eq!(
        shown,
        "ChargeShapeSecretsRequest { card_token: <redacted>, backup_tokens: Some([<redacted>]), \
         pin: Set(<redacted>), notes: Some(\"late arrival\"), payment: DemoSecretPayment { \
         reference: <redacted>, amount: Decimal(12.50) } }"
    );
    assert_hidden(&format!("{request:#?}"));
    let cleared = ChargeShapeSecretsRequest::builder()
        .card_token(TOKEN)
        .clear_pin()
        .payment(payment())
        .build();
    assert!(format!("{cleared:?}").contains("backup_tokens: None, pin: Clear"));
}

#[test]
fn builders_redact_secrets_too() {
    let half_built = ChargeShapeSecretsRequest::builder()
        .card_token(TOKEN)
        .backup_tokens([BACKUP.to_owned(), TOKEN.to_owned()])
        .set_pin(PIN);
    let shown = format!("{half_built:?}");
    assert_hidden(&shown);
    assert!(
        shown.contains("backup_tokens: Some([<redacted>, <redacted>])"),
        "{shown}"
    );
    assert_hidden(&format!(
        "{:?}",
        DemoSecretPayment::builder().reference(REFERENCE)
    ));
}

#[tokio::test]
async fn secrets_are_sent_as_given() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path("shapeSecrets/charge")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ChargeId": Uuid::from_u128(7),
            "DoorCode": DOOR,
            "KeyCodes": { "Gym": "1111-SECRET-GYM" },
            "PreviousCodes": null
        })))
        .mount(&server)
        .await;
    let result: DemoSecretResult = client(&server)
        .shape_secrets()
        .charge(request(TOKEN))
        .await
        .expect("a charge");
    assert_eq!(result.door_code, DOOR);
    assert_eq!(
        result.key_codes.as_ref().map(|k| k["Gym"].as_str()),
        Some("1111-SECRET-GYM")
    );
    let shown = format!("{result:?}");
    assert_hidden(&shown);
    assert!(
        shown.contains("key_codes: Some({\"Gym\": <redacted>})"),
        "{shown}"
    );
    assert!(shown.contains("previous_codes: None"), "{shown}");

    let sent = received(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].1,
        with_credentials(json!({
            "CardToken": TOKEN,
            "BackupTokens": [BACKUP],
            "Pin": { "Value": PIN },
            "Notes": "late arrival",
            "Payment": { "Reference": REFERENCE, "Amount": 12.50 }
        }))
    );
}

#[tokio::test]
async fn a_refused_request_does_not_quote_its_secret() {
    let server = server().await;
    let long = format!("{TOKEN}-{}", "x".repeat(64));
    let err = client(&server)
        .shape_secrets()
        .charge(request(&long))
        .await
        .expect_err("a token over 64 characters");
    assert_eq!(
        refused(&err),
        [(
            "CardToken",
            &Rule::MaxLength {
                max: 64,
                actual: 85
            }
        )]
    );
    assert_hidden(&err.to_string());
    assert_hidden(&format!("{err:?}"));
    assert!(received(&server).await.is_empty(), "refused before sending");
}

#[tokio::test]
async fn a_secret_that_does_not_read_is_not_quoted() {
    let server = server().await;
    // A door code of the wrong kind: serde's own message would quote it.
    Mock::given(method("POST"))
        .and(path(url_path("shapeSecrets/charge")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ChargeId": Uuid::from_u128(7),
            "DoorCode": 913_746_825_u64,
            "PreviousCodes": [ 555_123_987_u64 ]
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .shape_secrets()
        .charge(request(TOKEN))
        .await
        .expect_err("a door code that is not a string");
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert!(decode.reason().contains("sensitive"), "{err}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("913746825"), "{text}");
        assert_hidden(&text);
    }
}
