//! Comparing an example with what the client's type makes of it.
//!
//! An example is read into the client's type, written back to JSON, and the
//! two are walked side by side. What counts as a difference:
//!
//! - **Lost**: a property of the example is missing from what the client
//!   writes back. A `null` counts as lost only when the client's type does not
//!   read the property at all (null and absent mean the same for a property
//!   the client knows: it reads both as "no value" and does not send it).
//! - **Changed**: the client writes back another value. Numbers compare as
//!   numbers (`10` and `10.0`), UUIDs without regard to case, and date-times
//!   as instants (`...00.000Z` and `...00Z`): the client normalises the text,
//!   not the value.
//! - **Added** (requests only): the client writes a non-null property the
//!   example does not have. In responses the client's type may know more
//!   than an example shows (a property the docs leave out of their examples,
//!   a list read as empty when absent): that loses nothing.
//!
//! Whether the client's type reads a property is found out by probing: the
//! property's value is replaced by values of every JSON kind in turn, and the
//! document read again. A type that ignores the property accepts them all
//! and never writes them back; a type that reads it rejects some kind, or
//! keeps the value (raw `json` properties).

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// An object's property.
    Key(String),
    /// An array's element.
    Index(usize),
}

/// The path as the client's contract errors write it: `Vouchers[0].Name`.
pub fn display_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        "(root)".to_owned()
    } else {
        out
    }
}

/// The path as a JSON pointer (RFC 6901): `/Vouchers/0/Name`.
fn pointer(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Which way an example goes: a request is sent as the client writes it, a
/// response only has to be kept whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The client writes it: it must come out exactly as the example.
    Request,
    /// The client reads it: nothing the example holds may be lost.
    Response,
}

/// One way an example and the client disagree, at a JSON path.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// Where, e.g. `Vouchers[0].Name`; `(root)` for the whole document.
    pub path: String,
    /// What.
    pub problem: Problem,
}

/// What disagrees.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The example does not deserialize into the client's type.
    Unreadable(String),
    /// The request breaks one of the client's contracts.
    Contract(String),
    /// The example's property is missing from what the client writes back;
    /// `read` tells whether the client's type reads it at all.
    Lost {
        /// The example's value.
        example: Value,
        /// Whether the client's type reads the property.
        read: bool,
    },
    /// The client writes back another value.
    Changed {
        /// The example's value.
        example: Value,
        /// What the client writes.
        written: Value,
    },
    /// The client writes back another number of items.
    Length {
        /// The example's number of items.
        example: usize,
        /// The number the client writes.
        written: usize,
    },
    /// The client writes a property the example does not have.
    Added {
        /// What the client writes.
        written: Value,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.path)?;
        match &self.problem {
            Problem::Unreadable(reason) => write!(f, "does not deserialize: {reason}"),
            Problem::Contract(rule) => write!(f, "breaks a contract: {rule}"),
            Problem::Lost {
                example,
                read: false,
            } => {
                write!(
                    f,
                    "lost: the example has {}; the client's type does not read this property",
                    short(example)
                )
            }
            Problem::Lost {
                example,
                read: true,
            } => {
                write!(
                    f,
                    "lost: the example has {}; the client reads it but does not write it back",
                    short(example)
                )
            }
            Problem::Changed { example, written } => {
                write!(
                    f,
                    "changed: the example has {}; the client writes back {}",
                    short(example),
                    short(written)
                )
            }
            Problem::Length { example, written } => {
                write!(
                    f,
                    "changed: the example has {example} items; the client writes back {written}"
                )
            }
            Problem::Added { written } => {
                write!(
                    f,
                    "added: the client writes {}, which the example does not have",
                    short(written)
                )
            }
        }
    }
}

/// A value as compact JSON, cut short when long.
fn short(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Reads `example` as `T`; on failure, says where and why.
pub fn read<T: DeserializeOwned>(example: &Value) -> Result<T, Mismatch> {
    serde_path_to_error::deserialize(example.clone()).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." {
            "(root)".to_owned()
        } else {
            path
        };
        Mismatch {
            path,
            problem: Problem::Unreadable(err.into_inner().to_string()),
        }
    })
}

/// Writes `value` back and lists every difference from `example`, which it
/// was read from.
pub fn compare<T: DeserializeOwned + Serialize>(
    example: &Value,
    value: &T,
    direction: Direction,
) -> Vec<Mismatch> {
    let written = match serde_json::to_value(value) {
        Ok(written) => written,
        Err(err) => {
            let problem = Problem::Unreadable(format!("the client cannot write it back: {err}"));
            return vec![Mismatch {
                path: "(root)".to_owned(),
                problem,
            }];
        }
    };
    diff(example, &written, direction, &|path| {
        reads::<T>(example, path)
    })
}

/// Every difference between `example` and `written`; `reads` tells whether
/// the client's type reads the property at a path.
pub fn diff(
    example: &Value,
    written: &Value,
    direction: Direction,
    reads: &dyn Fn(&[Step]) -> bool,
) -> Vec<Mismatch> {
    let mut walk = Walk {
        direction,
        reads,
        path: Vec::new(),
        out: Vec::new(),
    };
    walk.walk(example, written);
    walk.out
}

struct Walk<'a> {
    direction: Direction,
    reads: &'a dyn Fn(&[Step]) -> bool,
    path: Vec<Step>,
    out: Vec<Mismatch>,
}

impl Walk<'_> {
    fn report(&mut self, problem: Problem) {
        self.out.push(Mismatch {
            path: display_path(&self.path),
            problem,
        });
    }

    fn walk(&mut self, example: &Value, written: &Value) {
        match (example, written) {
            (Value::Object(example), Value::Object(written)) => {
                for (key, value) in example {
                    self.path.push(Step::Key(key.clone()));
                    match written.get(key) {
                        Some(back) => self.walk(value, back),
                        None => {
                            let read = (self.reads)(&self.path);
                            if !(value.is_null() && read) {
                                self.report(Problem::Lost {
                                    example: value.clone(),
                                    read,
                                });
                            }
                        }
                    }
                    self.path.pop();
                }
                if self.direction == Direction::Request {
                    for (key, back) in written {
                        if !example.contains_key(key) && !back.is_null() {
                            self.path.push(Step::Key(key.clone()));
                            self.report(Problem::Added {
                                written: back.clone(),
                            });
                            self.path.pop();
                        }
                    }
                }
            }
            (Value::Array(example), Value::Array(written)) => {
                if example.len() != written.len() {
                    self.report(Problem::Length {
                        example: example.len(),
                        written: written.len(),
                    });
                    return;
                }
                for (i, (value, back)) in example.iter().zip(written).enumerate() {
                    self.path.push(Step::Index(i));
                    self.walk(value, back);
                    self.path.pop();
                }
            }
            (example, written) if same_value(example, written) => {}
            (example, written) => {
                self.report(Problem::Changed {
                    example: example.clone(),
                    written: written.clone(),
                });
            }
        }
    }
}

/// Whether two scalars are the same value, however the client spells it.
fn same_value(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.as_f64().is_some_and(|a| b.as_f64() == Some(a)),
        (Value::String(a), Value::String(b)) => same_uuid(a, b) || same_instant(a, b),
        _ => false,
    }
}

fn same_uuid(a: &str, b: &str) -> bool {
    matches!((uuid::Uuid::parse_str(a), uuid::Uuid::parse_str(b)), (Ok(a), Ok(b)) if a == b)
}

fn same_instant(a: &str, b: &str) -> bool {
    use chrono::DateTime;
    matches!((DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)), (Ok(a), Ok(b)) if a == b)
}

/// Values of every JSON kind: a type that reads a property rejects at least
/// one of them there (or keeps it, for raw JSON); a type that ignores the
/// property accepts them all and drops them.
fn probes() -> [Value; 5] {
    [
        Value::from(0.5),
        Value::from("\u{1}conformance probe"),
        Value::Bool(true),
        Value::Array(Vec::new()),
        Value::Object(serde_json::Map::new()),
    ]
}

/// Whether `T` reads the property at `path` of `doc` (a document `T` reads).
pub fn reads<T: DeserializeOwned + Serialize>(doc: &Value, path: &[Step]) -> bool {
    let at = pointer(path);
    probes().into_iter().any(|probe| {
        let mut doc = doc.clone();
        let Some(slot) = doc.pointer_mut(&at) else {
            // Not a path of `doc`: nothing to find out, assume it is read.
            return true;
        };
        *slot = probe;
        match serde_json::from_value::<T>(doc) {
            Err(_) => true,
            Ok(value) => serde_json::to_value(&value)
                .ok()
                .and_then(|written| written.pointer(&at).cloned())
                .is_some_and(|kept| !kept.is_null()),
        }
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    /// A type shaped like the generated ones: optional properties skipped
    /// when `None`, a raw JSON list, a nested object.
    #[derive(Debug, Deserialize, Serialize)]
    struct Thing {
        #[serde(rename = "Id")]
        id: uuid::Uuid,
        #[serde(rename = "Note", default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(rename = "Raw", default, skip_serializing_if = "Option::is_none")]
        raw: Option<Vec<Value>>,
        #[serde(rename = "Any", default, skip_serializing_if = "Option::is_none")]
        any: Option<Value>,
        #[serde(rename = "At", default, skip_serializing_if = "Option::is_none")]
        at: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(rename = "Amount", default, skip_serializing_if = "Option::is_none")]
        amount: Option<f64>,
        #[serde(rename = "Items", default)]
        items: Vec<Thing>,
    }

    fn check(example: Value, direction: Direction) -> Vec<String> {
        let thing: Thing = read(&example).expect("the example reads");
        compare(&example, &thing, direction)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const ID: &str = "8c364829-c7ae-4972-b67f-93ea704d7228";

    #[test]
    fn paths_render_like_contract_paths_and_json_pointers() {
        let path = [
            Step::Key("Vouchers".into()),
            Step::Index(3),
            Step::Key("a/b~".into()),
        ];
        assert_eq!(display_path(&path), "Vouchers[3].a/b~");
        assert_eq!(pointer(&path), "/Vouchers/3/a~1b~0");
        assert_eq!(display_path(&[]), "(root)");
    }

    #[test]
    fn a_faithful_round_trip_has_no_mismatch() {
        let example = json!({"Id": ID, "Note": "n", "Raw": [{"x": 1}, null], "Items": [{"Id": ID, "Items": []}]});
        assert_eq!(
            check(example.clone(), Direction::Response),
            Vec::<String>::new()
        );
        assert_eq!(check(example, Direction::Request), Vec::<String>::new());
    }

    #[test]
    fn an_unknown_property_is_lost_with_its_path() {
        let example = json!({"Id": ID, "Items": [{"Id": ID, "Colour": "red", "Items": []}]});
        assert_eq!(
            check(example, Direction::Response),
            [
                "Items[0].Colour: lost: the example has \"red\"; the client's type does not read this property"
            ]
        );
    }

    #[test]
    fn null_is_absent_for_known_properties_only() {
        // Note, Raw and Any are read (Any takes any JSON, so only the value
        // it keeps tells); Ghost is not.
        let example =
            json!({"Any": null, "Ghost": null, "Id": ID, "Items": [], "Note": null, "Raw": null});
        assert_eq!(
            check(example, Direction::Response),
            ["Ghost: lost: the example has null; the client's type does not read this property"]
        );
    }

    #[test]
    fn the_probe_tells_read_from_ignored_properties() {
        let doc = json!({"Id": ID, "Note": null, "Raw": null, "Any": null, "Ghost": null});
        let at = |key: &str| [Step::Key(key.to_owned())];
        assert!(reads::<Thing>(&doc, &at("Note")));
        assert!(reads::<Thing>(&doc, &at("Raw")));
        assert!(reads::<Thing>(&doc, &at("Any")));
        assert!(reads::<Thing>(&doc, &at("Id")));
        assert!(!reads::<Thing>(&doc, &at("Ghost")));
    }

    #[test]
    fn responses_may_gain_properties_requests_may_not() {
        // `Items` is absent from the example; the type writes `[]`.
        let example = json!({"Id": ID});
        assert_eq!(
            check(example.clone(), Direction::Response),
            Vec::<String>::new()
        );
        assert_eq!(
            check(example, Direction::Request),
            ["Items: added: the client writes [], which the example does not have"]
        );
    }

    #[test]
    fn spelling_is_not_a_change_but_a_value_is() {
        let example = json!({
            "Id": ID.to_uppercase(),
            "At": "2023-10-09T22:00:00.000+00:00",
            "Amount": 10,
            "Items": []
        });
        assert_eq!(check(example, Direction::Request), Vec::<String>::new());

        let never = |_: &[Step]| true;
        let example =
            json!({"At": "2023-10-09T22:00:00Z", "Count": 10, "Ids": [1, 2], "Name": "Weekend"});
        let written =
            json!({"At": "2023-10-09T22:00:01Z", "Count": 10.5, "Ids": [1], "Name": "weekend"});
        let got: Vec<String> = diff(&example, &written, Direction::Response, &never)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            got,
            [
                "At: changed: the example has \"2023-10-09T22:00:00Z\"; the client writes back \"2023-10-09T22:00:01Z\"",
                "Count: changed: the example has 10; the client writes back 10.5",
                "Ids: changed: the example has 2 items; the client writes back 1",
                "Name: changed: the example has \"Weekend\"; the client writes back \"weekend\"",
            ]
        );
    }

    #[test]
    fn a_known_property_the_client_does_not_write_back_is_lost() {
        let read_it = |_: &[Step]| true;
        let got = diff(
            &json!({"A": 1, "B": null}),
            &json!({}),
            Direction::Response,
            &read_it,
        );
        assert_eq!(
            got,
            [Mismatch {
                path: "A".into(),
                problem: Problem::Lost {
                    example: json!(1),
                    read: true
                }
            }]
        );
        assert_eq!(
            got[0].to_string(),
            "A: lost: the example has 1; the client reads it but does not write it back"
        );
    }

    #[test]
    fn an_unreadable_example_names_the_path() {
        let err = read::<Thing>(&json!({"Id": ID, "Items": [{"Id": 5}]})).unwrap_err();
        assert_eq!(err.path, "Items[0].Id");
        assert!(matches!(err.problem, Problem::Unreadable(_)), "{err:?}");
        let err = read::<Thing>(&json!([])).unwrap_err();
        assert_eq!(err.path, "(root)");
    }

    #[test]
    fn long_values_are_cut_short() {
        let long = Value::from("x".repeat(100));
        let text = short(&long);
        assert_eq!(text.chars().count(), 61);
        assert!(text.ends_with('…'));
    }
}
