//! Reading a file's YAML as far as it goes, so that two common slips do not
//! hide the rest of the file's problems:
//!
//! - a **repeated key**, which serde_yaml's `Value` refuses outright: here the
//!   first entry is kept and every repeat is noted, with how many times the
//!   key came before it, so that it can be located;
//! - a **tab in the indentation**, which libyaml refuses outright: the caller
//!   reports it and reads the file again with the tabs expanded as a
//!   terminal shows them (to the next multiple of 8 columns); positions in
//!   that text map back to the file's own with [`original_position`].

use std::cell::RefCell;
use std::fmt;

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

use super::key_text;
use crate::diagnostic::Seg;

/// A key given again in the same mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    /// The mapping's path.
    pub path: Vec<Seg>,
    /// The key, as [`key_text`] writes it.
    pub key: String,
    /// How many times the key came before this repeat (1 for the second).
    pub earlier: usize,
}

/// Parses `text` like `serde_yaml::from_str::<Value>`, except that a
/// repeated key keeps its first entry and is listed instead of failing.
pub fn parse(text: &str) -> Result<(Value, Vec<Repeat>), serde_yaml::Error> {
    let repeats = RefCell::new(Vec::new());
    let value = Tolerant {
        path: Vec::new(),
        repeats: &repeats,
    }
    .deserialize(serde_yaml::Deserializer::from_str(text))?;
    Ok((value, repeats.into_inner()))
}

/// Builds a `Value`, noting repeated keys instead of refusing them.
struct Tolerant<'r> {
    path: Vec<Seg>,
    repeats: &'r RefCell<Vec<Repeat>>,
}

impl Tolerant<'_> {
    fn at(&self, seg: Seg) -> Self {
        let mut path = self.path.clone();
        path.push(seg);
        Tolerant {
            path,
            repeats: self.repeats,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Tolerant<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tolerant<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.at(Seg::Index(items.len())))? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        // Keys given more than once, with how many times so far.
        let mut counts: Vec<(Value, usize)> = Vec::new();
        while let Some(key) = map.next_key::<Value>()? {
            if out.contains_key(&key) {
                let earlier = match counts.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        counts.push((key.clone(), 1));
                        1
                    }
                };
                self.repeats.borrow_mut().push(Repeat {
                    path: self.path.clone(),
                    key: key_text(&key),
                    earlier,
                });
                map.next_value::<IgnoredAny>()?;
            } else {
                let value = map.next_value_seed(self.at(Seg::Key(key_text(&key))))?;
                out.insert(key, value);
            }
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged node (`!tag value`).
        let (tag, variant) = data.variant::<String>()?;
        let value = variant.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// How many columns a tab reaches to: the next multiple of this.
const TAB_STOP: usize = 8;

/// The 1-based numbers of the lines indented with at least one tab.
pub fn tab_indented_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| indentation(line).contains('\t'))
        .map(|(i, _)| i + 1)
        .collect()
}

fn indentation(line: &str) -> &str {
    let end = line
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(line.len());
    &line[..end]
}

/// The width of an indentation, tabs reaching the next tab stop.
fn width(indent: &str) -> usize {
    indent.chars().fold(0, |col, c| match c {
        '\t' => (col / TAB_STOP + 1) * TAB_STOP,
        _ => col + 1,
    })
}

/// `text` with every line's indentation made of spaces only.
pub fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive('\n') {
        let indent = indentation(piece);
        if indent.contains('\t') {
            out.push_str(&" ".repeat(width(indent)));
            out.push_str(&piece[indent.len()..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// A 1-based position in [`expand_tabs`]'s text, as a position in `text`.
pub fn original_position(text: &str, (line, col): (usize, usize)) -> (usize, usize) {
    let Some(original) = text.lines().nth(line.saturating_sub(1)) else {
        return (line, col);
    };
    let indent = indentation(original);
    let expanded = width(indent);
    if col > expanded {
        return (line, col - expanded + indent.chars().count());
    }
    // Inside the indentation: the character whose columns hold `col`.
    for (n, (i, c)) in indent.char_indices().enumerate() {
        if col <= width(&indent[..i + c.len_utf8()]) {
            return (line, n + 1);
        }
    }
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_keep_the_first_entry_and_are_counted() {
        let (value, repeats) =
            parse("a:\n  k: 1\n  j: 2\n  k: 3\n  k: 4\nb: [{x: 1, x: 2}]\n").expect("parses");
        let expected: Value =
            serde_yaml::from_str("a:\n  k: 1\n  j: 2\nb: [{x: 1}]\n").expect("plain YAML");
        assert_eq!(value, expected);
        let a = vec![Seg::Key("a".into())];
        assert_eq!(
            repeats,
            [
                Repeat {
                    path: a.clone(),
                    key: "k".into(),
                    earlier: 1
                },
                Repeat {
                    path: a,
                    key: "k".into(),
                    earlier: 2
                },
                Repeat {
                    path: vec![Seg::Key("b".into()), Seg::Index(0)],
                    key: "x".into(),
                    earlier: 1
                },
            ]
        );
        // The number 1 and the string "1" are different keys.
        assert_eq!(parse("a: {1: x, '1': y}").expect("parses").1, []);
    }

    #[test]
    fn reads_like_serde_yaml_otherwise() {
        let text = "a: [1, -2, 2.5, ~, true, 'x']\nb: !tag {c: d}\n? [k]\n: v\n";
        let (value, repeats) = parse(text).expect("parses");
        assert_eq!(
            value,
            serde_yaml::from_str::<Value>(text).expect("plain YAML")
        );
        assert!(repeats.is_empty());
        assert_eq!(parse("").expect("parses").0, Value::Null);
        assert!(parse("a: [").is_err());
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
    }

    #[test]
    fn tabs_expand_to_the_next_tab_stop_and_positions_map_back() {
        let text = "a:\n\tb: 1\n  \tc: 2\n  d: 3\n";
        assert_eq!(tab_indented_lines(text), [2, 3]);
        let expanded = expand_tabs(text);
        assert_eq!(expanded, "a:\n        b: 1\n        c: 2\n  d: 3\n");
        // `b` at column 9 of the expanded line is column 2 of the tabbed one.
        assert_eq!(original_position(text, (2, 9)), (2, 2));
        assert_eq!(original_position(text, (3, 9)), (3, 4));
        assert_eq!(original_position(text, (3, 5)), (3, 3));
        assert_eq!(original_position(text, (4, 3)), (4, 3));
        assert_eq!(tab_indented_lines("a: |\n  x\ty\n"), Vec::<usize>::new());
    }
}
