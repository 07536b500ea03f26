//! Values the spec marks `sensitive: true` (card tokens, door and key
//! codes): the generated `Debug` shows [`Redacted`] in their place, and
//! they are read with [`deserialize`], whose error never quotes them.
//!
//! Public only for generated code in other crates (the shape fixtures of
//! `tests/shapes`); not part of the API.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error};

/// What is shown in place of a secret, the credentials' tokens included.
#[doc(hidden)]
pub const REDACTED: &str = "<redacted>";

/// Stands in for a secret in `Debug` output: prints `<redacted>`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Reads a sensitive value. serde's own error would quote a value of the
/// wrong kind (`invalid type: integer `4711`, expected a string`); this one
/// says only that the value does not read, and the JSON reader adds where.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer)
        .map_err(|_| D::Error::custom("a sensitive value (not shown) does not read as its type"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Card {
        #[serde(rename = "Token", deserialize_with = "deserialize")]
        _token: String,
        #[serde(rename = "Codes", default, deserialize_with = "deserialize")]
        codes: Option<Vec<u32>>,
    }

    #[test]
    fn a_value_that_does_not_read_is_not_quoted() {
        let e = serde_json::from_str::<Card>(r#"{"Token": 47114711}"#).unwrap_err();
        let text = e.to_string();
        assert!(!text.contains("4711"), "{text}");
        assert!(text.contains("sensitive"), "{text}");
        assert!(text.contains("line 1"), "the position is kept: {text}");
        let e = serde_json::from_str::<Card>(r#"{"Token": "t", "Codes": ["s3cr3t"]}"#).unwrap_err();
        assert!(!e.to_string().contains("s3cr3t"), "{e}");
    }

    #[test]
    fn absent_and_present_values_read_as_usual() {
        let card: Card = serde_json::from_str(r#"{"Token": "t"}"#).unwrap();
        assert_eq!(card.codes, None);
        let card: Card = serde_json::from_str(r#"{"Token": "t", "Codes": [1, 2]}"#).unwrap();
        assert_eq!(card.codes, Some(vec![1, 2]));
        assert_eq!(format!("{:?}", Some(Redacted)), "Some(<redacted>)");
    }
}
