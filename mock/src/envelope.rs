//! The credential envelope around every request body, read with the JSON
//! names the spec gives it (the client's generated `common::Envelope`).

use mews_connector::common::Envelope;
use mews_connector::operation::Empty;
use serde_json::{Map, Value};

/// The JSON names of the envelope's properties.
#[derive(Debug)]
pub(crate) struct EnvelopeNames {
    pub(crate) client_token: String,
    pub(crate) access_token: String,
    pub(crate) client: String,
    pub(crate) language_code: String,
    pub(crate) culture_code: String,
}

impl EnvelopeNames {
    /// Learns the names by writing an envelope whose values say which role
    /// they fill, so they follow the spec without being spelled here.
    pub(crate) fn from_spec() -> Self {
        const ROLES: [&str; 5] = [
            "\u{0}client_token",
            "\u{0}access_token",
            "\u{0}client",
            "\u{0}language_code",
            "\u{0}culture_code",
        ];
        let envelope = Envelope {
            client_token: ROLES[0],
            access_token: ROLES[1],
            client: ROLES[2],
            language_code: Some(ROLES[3]),
            culture_code: Some(ROLES[4]),
            body: &Empty {},
        };
        let written = serde_json::to_value(envelope).expect("the envelope serializes");
        let name_of = |role: &str| {
            written
                .as_object()
                .and_then(|map| map.iter().find(|(_, v)| v.as_str() == Some(role)))
                .map(|(k, _)| k.clone())
                .expect("every envelope role is written")
        };
        EnvelopeNames {
            client_token: name_of(ROLES[0]),
            access_token: name_of(ROLES[1]),
            client: name_of(ROLES[2]),
            language_code: name_of(ROLES[3]),
            culture_code: name_of(ROLES[4]),
        }
    }
}

/// What a request body says about who sent it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sender {
    pub(crate) client_token: Option<String>,
    pub(crate) access_token: Option<String>,
    pub(crate) client: Option<String>,
    pub(crate) language_code: Option<String>,
    pub(crate) culture_code: Option<String>,
}

impl Sender {
    pub(crate) fn read(names: &EnvelopeNames, body: &Map<String, Value>) -> Self {
        let text = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_owned);
        Sender {
            client_token: text(&names.client_token),
            access_token: text(&names.access_token),
            client: text(&names.client),
            language_code: text(&names.language_code),
            culture_code: text(&names.culture_code),
        }
    }
}
