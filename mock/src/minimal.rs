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
    let document = complete::<T>(Value::Object(Map::new()))?;
    Ok(Bytes::from(document.to_string()))
}

/// `document`, with what `T` needs added or replaced until it reads as `T`
/// (the values already there that read are kept).
pub(crate) fn complete<T: DeserializeOwned>(mut document: Value) -> Result<Value, String> {
    // Which candidate each place holds, for those the search filled in.
    let mut tried: HashMap<Vec<Step>, usize> = HashMap::new();
    for _ in 0..MAX_STEPS {
        let text = document.to_string();
        let mut deserializer = serde_json::Deserializer::from_str(&text);
        let error = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => return Ok(document),
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
        let Some(mut at) = steps(error.path()) else {
            return fail("the path goes through an enum");
        };
        let message = error.inner().to_string();
        let next = match missing_field(&message) {
            Some(field) => {
                at.push(Step::Key(field.to_owned()));
                0
            }
            None => tried.get(&at).map_or(0, |i| i + 1),
        };
        let Some(value) = candidates().into_iter().nth(next) else {
            return fail("no candidate value fits");
        };
        if !place(&mut document, &at, value) {
            return fail("the path leads nowhere in the JSON");
        }
        tried.insert(at, next);
    }
    Err(format!(
        "no JSON found that reads as `{}` in {MAX_STEPS} steps",
        std::any::type_name::<T>()
    ))
}

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// The steps along `path`, if it holds no enum variant.
fn steps(path: &Path) -> Option<Vec<Step>> {
    path.iter()
        .map(|segment| match segment {
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Seq { index } => Some(Step::Index(*index)),
            _ => None,
        })
        .collect()
}

/// Puts `value` at `at`: a property is added or replaced, an element only
/// replaced.
pub(crate) fn place(document: &mut Value, at: &[Step], value: Value) -> bool {
    let Some((last, parents)) = at.split_last() else {
        *document = value;
        return true;
    };
    let mut here = document;
    for step in parents {
        let next = match step {
            Step::Key(key) => here.get_mut(key),
            Step::Index(index) => here.get_mut(index),
        };
        match next {
            Some(next) => here = next,
            None => return false,
        }
    }
    match (last, here) {
        (Step::Key(key), Value::Object(object)) => {
            object.insert(key.clone(), value);
            true
        }
        (Step::Index(index), Value::Array(array)) if *index < array.len() => {
            array[*index] = value;
            true
        }
        _ => false,
    }
}

/// The property named by serde's "missing field `X`" message.
pub(crate) fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    Some(&rest[..rest.find('`')?])
}

/// Where a decoding error is, as a JSON path: serde reports a missing
/// property at the object that lacks it, so its name is added.
pub(crate) fn error_path(path: &Path, message: &str) -> String {
    let mut out = render_path(path);
    if let Some(field) = missing_field(message) {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(field);
    }
    out
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
    fn elements_already_there_are_completed_too() {
        let document = serde_json::json!({ "Inner": { "Items": [{}] }, "List": [{}] });
        let completed = complete::<Outer>(document).unwrap();
        assert_eq!(completed["Inner"]["Items"], serde_json::json!([0]));
        assert_eq!(
            completed["List"],
            serde_json::json!([{ "Flag": false, "Items": [] }])
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
