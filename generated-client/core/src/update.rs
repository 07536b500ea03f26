//! Mews' partial-update values: `{"Value": x}` sets, `{"Value": null}` clears.
//!
//! [`Update`] names the three intents so they cannot be mixed up: a field left
//! at [`Update::Keep`] is not sent at all and Mews keeps its stored value.
//!
//! Some operations require an update value (`services/updateAvailability`
//! takes a relative adjustment in every item): its builder insists on
//! `set_x(v)` or `clear_x()`, and should the public field be put back to
//! `Keep`, which still sends nothing, the contract checks refuse the request
//! with [`Rule::RequiredUpdate`](crate::contract::Rule::RequiredUpdate).

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
        match self {
            // Generated structs leave a `Keep` property out; written on its
            // own it is `null`, the other documented way to say "keep". Never
            // `{}`: a wrapper without `Value` reads as "clear".
            Update::Keep => serializer.serialize_none(),
            Update::Set(value) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Value", value)?;
                map.end()
            }
            Update::Clear => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Value", &None::<T>)?;
                map.end()
            }
        }
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
        // Keep written on its own must read back as Keep, never as Clear.
        let keep = serde_json::to_string(&Update::<String>::Keep).unwrap();
        assert_eq!(keep, "null");
        assert_eq!(read(&keep), Update::Keep);
    }
}
