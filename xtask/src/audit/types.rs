//! How the docs' types read as the spec's: the one place to extend when the
//! spec gains a type or the docs a shared heading.

use super::docs::{DocType, Target};

/// Each docs type word, and the spec types (as the spec writes them) that
/// state the same thing, at most more precisely: the docs write every
/// identifier, timestamp, duration and byte string as `string`, so the
/// spec's `uuid` or `date-time` is normalisation, not a difference. Any other
/// pairing (an `integer` for a docs `number`, an enum for a docs `string`,
/// `number` for a docs `decimal`) is a difference the spec must explain.
const WORDS: &[(&str, &[&str])] = &[
    (
        "string",
        &[
            "string",
            "uuid",
            "date-time",
            "date",
            "duration",
            "hybrid-id",
            "base64",
        ],
    ),
    ("boolean", &["boolean"]),
    ("integer", &["integer", "int64"]),
    ("number", &["number", "decimal"]),
    ("decimal", &["decimal"]),
    ("object", &["json"]),
    ("any", &["json"]),
    // Not a cell word: what the shared `Hybrid identifier` heading stands for.
    ("hybrid identifier", &["hybrid-id"]),
];

/// Whether the spec's scalar `spec` (its text, e.g. `date-time`) states the
/// docs word `docs`.
pub fn word_matches(spec: &str, docs: &str) -> bool {
    WORDS
        .iter()
        .any(|(word, types)| *word == docs && types.contains(&spec))
}

/// What a link to a shared heading stands for when it is a type of its own
/// rather than an object of the spec: dictionaries are `map<T>`, a hybrid
/// identifier is the scalar `hybrid-id`.
pub fn linked(target: &Target) -> Option<DocType> {
    let word = |w: &str| DocType::Word(w.to_owned());
    let map = |t: DocType| DocType::Map(Box::new(t));
    if target.page != "operations/_objects.md" {
        return None;
    }
    Some(match target.anchor.to_ascii_lowercase().as_str() {
        "hybrid-identifier" => word("hybrid identifier"),
        "dictionary" | "localized-text" => map(word("string")),
        "dictionary-of-numbers" => map(word("number")),
        "dictionary-of-integer-arrays" => map(DocType::Array(Box::new(word("integer")))),
        _ => return None,
    })
}

/// The suffix of the docs' partial-update wrappers' titles (`String update
/// value`, `Voucher Type update value`).
pub const UPDATE_SUFFIX: &str = " update value";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_like_scalars_normalise_a_docs_string() {
        for spec in ["string", "uuid", "date-time", "date"] {
            assert!(word_matches(spec, "string"), "{spec}");
        }
        assert!(word_matches("int64", "integer"));
        assert!(!word_matches("integer", "number"));
        assert!(!word_matches("number", "decimal"));
        assert!(!word_matches("uuid", "boolean"));
        assert!(!word_matches("json", "string"));
    }

    #[test]
    fn shared_headings_that_are_types() {
        let at = |anchor: &str| Target {
            page: "operations/_objects.md".into(),
            anchor: anchor.into(),
        };
        assert_eq!(
            linked(&at("localized-text")),
            Some(DocType::Map(Box::new(DocType::Word("string".into()))))
        );
        assert_eq!(
            linked(&at("hybrid-identifier")),
            Some(DocType::Word("hybrid identifier".into()))
        );
        assert_eq!(linked(&at("time-interval")), None);
    }
}
