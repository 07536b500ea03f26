//! The smallest JSON a generated type reads, found from the type's own
//! decoding errors: no generated code needed, so every operation the spec
//! gains gets a default answer.
//!
//! It starts from `{}` and lets serde say what is wrong: a missing property
//! is added with the first candidate value, and a value of the wrong kind is
//! replaced by the next candidate (`{}`, `[]`, `""`, `0`, `false`, a uuid, a
//! date-time, a date, a duration), until the JSON reads. Optional properties
//! are left out and lists stay empty, so the answer is as small as the type
//! allows.

use std::collections::HashMap;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::{Path, Segment};

/// The values a missing or mistyped property is tried with, in order.
fn candidates() -> [Value; 9] {
    [
        Value::Object(Map::new()),
        Value::Array(Vec::new()),
        Value::String(String::new()),
        Value::from(0),
        Value::Bool(false),
        Value::from("00000000-0000-0000-0000-000000000000"),
        Value::from("2000-01-01T00:00:00Z"),
        Value::from("2000-01-01"),
        Value::from("PT0S"),
    ]
}

/// Each step fixes one property; a response with more required properties
/// than this, nested included, is beyond any the Mews documentation shows.
const MAX_STEPS: usize = 4096;

/// The smallest JSON that reads as `T`, or why none was found.
pub(crate) fn smallest_json<T: DeserializeOwned>() -> Result<Bytes, String> {
    let mut document = Value::Object(Map::new());
    // Which candidate each path holds now.
    let mut tried: HashMap<Vec<String>, usize> = HashMap::new();
    for _ in 0..MAX_STEPS {
        let bytes = serde_json::to_vec(&document).expect("JSON values always serialize");
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let error = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => return Ok(Bytes::from(bytes)),
            Err(error) => error,
        };
        let fail = |why: &str| {
            Err(format!(
                "no JSON found that reads as `{}`: {why} ({} at `{}`)",
                std::any::type_name::<T>(),
                error.inner(),
                render_path(error.path())
            ))
        };
        let Some(mut at) = keys(error.path()) else {
            return fail("the path goes through a list or an enum");
        };
        let message = error.inner().to_string();
        let next = match missing_field(&message) {
            Some(field) => {
                at.push(field.to_owned());
                0
            }
            None => tried.get(&at).map_or(0, |i| i + 1),
        };
        let Some(value) = candidates().into_iter().nth(next) else {
            return fail("no candidate value fits");
        };
        if !place(&mut document, &at, value) {
            return fail("the path is not an object the search made");
        }
        tried.insert(at, next);
    }
    Err(format!(
        "no JSON found that reads as `{}` in {MAX_STEPS} steps",
        std::any::type_name::<T>()
    ))
}

/// The property names along `path`, if it holds nothing else.
fn keys(path: &Path) -> Option<Vec<String>> {
    path.iter()
        .map(|segment| match segment {
            Segment::Map { key } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

/// Puts `value` at `at`, through objects only.
fn place(document: &mut Value, at: &[String], value: Value) -> bool {
    let Some((last, parents)) = at.split_last() else {
        *document = value;
        return true;
    };
    let mut here = document;
    for key in parents {
        match here.get_mut(key) {
            Some(next) => here = next,
            None => return false,
        }
    }
    match here.as_object_mut() {
        Some(object) => {
            object.insert(last.clone(), value);
            true
        }
        None => false,
    }
}

/// The property named by serde's "missing field `X`" message.
pub(crate) fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    Some(&rest[..rest.find('`')?])
}

/// A serde path as the client's contract errors write JSON paths:
/// `VoucherCodeParameters[0].Value`; empty at the top.
pub(crate) fn render_path(path: &Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    #[serde(rename_all = "PascalCase")]
    struct Outer {
        id: uuid::Uuid,
        name: String,
        count: i32,
        at: Option<String>,
        inner: Inner,
        #[serde(default)]
        list: Vec<Inner>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    #[serde(rename_all = "PascalCase")]
    struct Inner {
        flag: bool,
        items: Vec<u32>,
    }

    #[test]
    fn required_properties_get_the_first_value_that_reads() {
        let json = smallest_json::<Outer>().unwrap();
        let value: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "Id": "00000000-0000-0000-0000-000000000000",
                "Name": "",
                "Count": 0,
                "Inner": { "Flag": false, "Items": [] }
            })
        );
    }

    #[test]
    fn a_type_nothing_reads_as_is_an_error_not_a_loop() {
        #[derive(Debug)]
        struct Never;
        impl<'de> Deserialize<'de> for Never {
            fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
                Err(serde::de::Error::custom("never"))
            }
        }
        let err = smallest_json::<Never>().unwrap_err();
        assert!(err.contains("no candidate value fits"), "{err}");
    }
}
