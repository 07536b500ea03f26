//! Mews' partial-update values: `{"Value": x}` sets, `{"Value": null}` clears.
//!
//! [`Update`] names the three intents so they cannot be mixed up: a field left
//! at [`Update::Keep`] is not sent at all and Mews keeps its stored value.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// What an update does to one stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Update<T> {
    /// Leave the stored value as it is (the property is not sent).
    #[default]
    Keep,
    /// Replace the stored value (`{"Value": x}`).
    Set(T),
    /// Remove the stored value (`{"Value": null}`).
    Clear,
}

impl<T> Update<T> {
    /// Whether this leaves the value alone; such properties are not sent.
    pub fn is_keep(&self) -> bool {
        matches!(self, Update::Keep)
    }
}

impl<T: Serialize> Serialize for Update<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            // A `Keep` field is skipped by the containing struct; sending the
            // documented "keep" form (`null`) if it is ever serialized alone
            // would need a different shape, so write an explicit no-op map.
            Update::Keep => return map.end(),
            Update::Set(value) => map.serialize_entry("Value", value)?,
            Update::Clear => map.serialize_entry("Value", &None::<T>)?,
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Update<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Wrapper<T> {
            #[serde(rename = "Value")]
            value: Option<T>,
        }
        // `null` for the whole wrapper means "keep", like leaving it out.
        Ok(match Option::<Wrapper<T>>::deserialize(deserializer)? {
            None => Update::Keep,
            Some(Wrapper { value: Some(value) }) => Update::Set(value),
            Some(Wrapper { value: None }) => Update::Clear,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_intents_on_the_wire() {
        let set: Update<String> = Update::Set("x".into());
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"Value":"x"}"#);
        assert_eq!(
            serde_json::to_string(&Update::<String>::Clear).unwrap(),
            r#"{"Value":null}"#
        );
        let read = |s: &str| serde_json::from_str::<Update<String>>(s).unwrap();
        assert_eq!(read(r#"{"Value":"x"}"#), set);
        assert_eq!(read(r#"{"Value":null}"#), Update::Clear);
        assert_eq!(read("null"), Update::Keep);
    }
}
