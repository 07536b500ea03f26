//! The smallest JSON a generated type reads, found from the type's own
//! decoding errors: no generated code needed, so every operation the spec
//! gains gets a default answer.
//!
//! It starts from `{}` and lets serde say what is wrong: a missing property
//! is added with the first candidate value, and a value of the wrong kind is
//! replaced by the next candidate (`{}`, `[]`, `""`, `0`, `false`, a uuid, a
//! date-time, a date, a duration), until the JSON reads. An object refused
//! as a whole with a message that quotes property names it lacks (a request
//! of parameter sets, none of them given) gets the first of those. Optional properties
//! are left out and lists stay empty, so the answer is as small as the type
//! allows.

use std::collections::HashMap;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::json_path;
pub(crate) use crate::json_path::Step;

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
    // The place filled in last: the usual culprit of the next error.
    let mut last: Option<Vec<Step>> = None;
    for _ in 0..MAX_STEPS {
        let text = document.to_string();
        let error = match serde_json::from_str::<T>(&text) {
            Ok(_) => return Ok(document),
            Err(error) => json_path::locate(&text, &error),
        };
        let fail = |why: &str| {
            Err(format!(
                "no JSON found that reads as `{}`: {why} ({} at `{}`)",
                std::any::type_name::<T>(),
                error.message,
                json_path::render(&error.at)
            ))
        };
        let mut at = error.at.clone();
        let next = if error.missing {
            0
        } else if let Some(name) = hint(&document, &error.at, &error.message) {
            // An object refused as a whole, naming a property it lacks (a
            // request of parameter sets that has none): add that one.
            at.push(Step::Key(name));
            0
        } else {
            // A type that reads its value whole before judging it (a
            // `Decimal`) fails after the value's end, which serde_json may
            // place on an ancestor: the value just filled in is the one.
            if let Some(last) = last
                .as_ref()
                .filter(|l| l.len() > at.len() && l.starts_with(&at))
            {
                at = last.clone();
            }
            tried.get(&at).map_or(0, |i| i + 1)
        };
        let Some(value) = candidates().into_iter().nth(next) else {
            return fail("no candidate value fits");
        };
        if !place(&mut document, &at, value) {
            return fail("the path leads nowhere in the JSON");
        }
        tried.insert(at.clone(), next);
        last = Some(at);
    }
    Err(format!(
        "no JSON found that reads as `{}` in {MAX_STEPS} steps",
        std::any::type_name::<T>()
    ))
}

/// The first property name quoted in `message` (`` `JobIds` ``) that the
/// object at `at` lacks, if that is an object.
fn hint(document: &Value, at: &[Step], message: &str) -> Option<String> {
    let mut here = document;
    for step in at {
        here = match step {
            Step::Key(key) => here.get(key)?,
            Step::Index(index) => here.get(index)?,
        };
    }
    let object = here.as_object()?;
    let looks_like_a_property = |name: &&str| {
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
    };
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(looks_like_a_property)
        .find(|name| !object.contains_key(*name))
        .map(str::to_owned)
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
    fn a_value_judged_after_it_was_read_is_completed_in_place() {
        // The decimal's error for `{}` comes after its object's end.
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        #[serde(rename_all = "PascalCase")]
        struct Price {
            currency: String,
            value: mews_connector::Decimal,
        }
        let json = smallest_json::<Price>().unwrap();
        let value: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value, serde_json::json!({ "Currency": "", "Value": 0 }));
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
