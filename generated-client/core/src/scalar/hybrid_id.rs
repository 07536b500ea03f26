//! `HybridId`: a Mews id, or an external id with the `eid:` prefix.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;

/// The prefix of an external identifier.
const EXTERNAL: &str = "eid:";

/// An identifier that is either the entity's Mews id or its external
/// identifier (spec type `hybrid-id`): rates, rate groups, services,
/// products and restrictions are addressed so in some operations.
///
/// On the wire it is a string: the uuid (`"a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5"`)
/// or `eid:` and the external identifier (`"eid:COM-123"`, the entity's
/// `ExternalIdentifier`). A uuid is written in its hyphenated lowercase form;
/// an external identifier exactly as given.
///
/// ```
/// use mews_connector::HybridId;
/// use uuid::Uuid;
///
/// let rate = HybridId::external("BasicRate");
/// assert_eq!(rate.to_string(), "eid:BasicRate");
/// let service: HybridId = "a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5".parse()?;
/// assert_eq!(service.as_id(), Some(Uuid::parse_str("a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5")?));
/// // Builders taking a hybrid id also take a plain `Uuid`.
/// assert_eq!(HybridId::from(Uuid::nil()), HybridId::id(Uuid::nil()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum HybridId {
    /// The entity's own Mews id.
    Id(Uuid),
    /// The entity's external identifier, without the `eid:` prefix.
    External(String),
}

impl HybridId {
    /// The entity's own Mews id.
    pub fn id(id: Uuid) -> HybridId {
        HybridId::Id(id)
    }

    /// The entity's external identifier, without the `eid:` prefix:
    /// `HybridId::external("COM-123")` is sent as `"eid:COM-123"`.
    pub fn external(id: impl Into<String>) -> HybridId {
        HybridId::External(id.into())
    }

    /// The Mews id, if this is one.
    pub fn as_id(&self) -> Option<Uuid> {
        match self {
            HybridId::Id(id) => Some(*id),
            HybridId::External(_) => None,
        }
    }

    /// The external identifier (without `eid:`), if this is one.
    pub fn as_external(&self) -> Option<&str> {
        match self {
            HybridId::External(id) => Some(id),
            HybridId::Id(_) => None,
        }
    }
}

impl From<Uuid> for HybridId {
    fn from(id: Uuid) -> Self {
        HybridId::Id(id)
    }
}

impl fmt::Display for HybridId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HybridId::Id(id) => fmt::Display::fmt(&id.hyphenated(), f),
            HybridId::External(id) => write!(f, "{EXTERNAL}{id}"),
        }
    }
}

impl FromStr for HybridId {
    type Err = HybridIdError;

    /// `eid:` and an external identifier, or a uuid in any form the `uuid`
    /// crate reads.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(external) = text.strip_prefix(EXTERNAL) {
            return Ok(HybridId::External(external.to_owned()));
        }
        Uuid::parse_str(text)
            .map(HybridId::Id)
            .map_err(|_| HybridIdError {
                text: match text.char_indices().nth(64) {
                    Some((cut, _)) => format!("{}…", &text[..cut]),
                    None => text.to_owned(),
                },
            })
    }
}

/// Why text is not a [`HybridId`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HybridIdError {
    text: String,
}

impl fmt::Display for HybridIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is neither a uuid nor an external identifier (`{EXTERNAL}...`)",
            self.text
        )
    }
}

impl std::error::Error for HybridIdError {}

impl Serialize for HybridId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            HybridId::Id(id) => serializer.collect_str(&id.hyphenated()),
            HybridId::External(_) => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for HybridId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = HybridId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a uuid or an external identifier (\"eid:...\")")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<HybridId, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "a01bc7c3-cfa2-4ad6-a360-5cb8b4004ab5";

    #[test]
    fn both_forms_round_trip() {
        for text in [
            ID,
            "eid:COM-123",
            "eid:Stay",
            "eid:",
            "eid:eid:x",
            "eid: spaced out ",
        ] {
            let id: HybridId = text.parse().unwrap();
            assert_eq!(id.to_string(), text);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<HybridId>(&json).unwrap(), id);
        }
        assert_eq!(
            "eid:COM-123".parse::<HybridId>().unwrap(),
            HybridId::external("COM-123")
        );
        let uuid = Uuid::parse_str(ID).unwrap();
        assert_eq!(ID.parse::<HybridId>().unwrap(), HybridId::id(uuid));
        assert_eq!(HybridId::id(uuid).as_external(), None);
        assert_eq!(HybridId::external("x").as_external(), Some("x"));
        assert_eq!(HybridId::external("x").as_id(), None);
    }

    #[test]
    fn uuids_are_written_hyphenated_in_lowercase() {
        let id: HybridId = "A01BC7C3CFA24AD6A3605CB8B4004AB5".parse().unwrap();
        assert_eq!(id.to_string(), ID);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{ID}\""));
    }

    #[test]
    fn anything_else_is_an_error() {
        for text in [
            "",
            "COM-123",
            "EID:COM-123",
            "eid",
            "a01bc7c3-cfa2-4ad6-a360",
        ] {
            let err = text.parse::<HybridId>().unwrap_err().to_string();
            assert_eq!(
                err,
                format!("`{text}` is neither a uuid nor an external identifier (`eid:...`)")
            );
        }
        let err = serde_json::from_str::<HybridId>("12")
            .unwrap_err()
            .to_string();
        assert!(err.contains("a uuid or an external identifier"), "{err}");
    }
}
