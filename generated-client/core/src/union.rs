//! Discriminated unions: what the generated union enums share.
//!
//! Mews sends a union as one JSON object whose discriminator property names
//! the variant, in one of two shapes:
//!
//! - the payload in one property for all variants:
//!   `{"Discriminator": "Bookable", "Value": {...}}` (`Service data`);
//! - one property per variant, the others `null`:
//!   `{"Discriminator": "CreditCard", "CreditCard": {...}, "Invoice": null}`
//!   (`Payment data`).
//!
//! Each generated union is a Rust enum with one variant per discriminator
//! value, plus a catch-all holding an [`UnknownVariant`]: a discriminator
//! this version does not know never fails a response, and its properties are
//! kept exactly as received. A known discriminator whose payload does not
//! read as its type is an error naming the union, the discriminator and the
//! path into the payload.
//!
//! Unions are read from JSON text only (the client reads responses straight
//! from the body): the properties are buffered as raw JSON text while the
//! object is read, since the discriminator may come after the payload, and
//! the payload is then parsed from that text. Numbers are never held as
//! `f64` on the way.

use std::fmt;

use serde::Serialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;

/// A union's discriminator this version of the client does not know,
/// with the union's other properties exactly as received.
///
/// It cannot be made by hand: a union sent to Mews carries either a
/// discriminator the spec lists, with the payload type that goes with it,
/// or one received from Mews, written back as it came.
#[derive(Clone)]
pub struct UnknownVariant {
    /// The discriminator's JSON name, e.g. `Discriminator`.
    key: &'static str,
    discriminator: String,
    /// How many properties came before the discriminator.
    position: usize,
    /// The other properties, in the order received.
    properties: Vec<(String, Box<RawValue>)>,
}

impl UnknownVariant {
    /// The discriminator, as Mews spelt it.
    pub fn discriminator(&self) -> &str {
        &self.discriminator
    }

    /// The raw JSON of the property `name` (e.g. `Value`), if it was there.
    pub fn property(&self, name: &str) -> Option<&RawValue> {
        self.properties
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| &**value)
    }

    /// Every property but the discriminator, raw, in the order received.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.properties
            .iter()
            .map(|(key, value)| (key.as_str(), &**value))
    }
}

impl fmt::Debug for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Raw<'a>(&'a [(String, Box<RawValue>)]);
        impl fmt::Debug for Raw<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(k, v)| (k, v)))
                    .finish()
            }
        }
        f.debug_struct("UnknownVariant")
            .field("discriminator", &self.discriminator)
            .field("properties", &Raw(&self.properties))
            .finish()
    }
}

impl PartialEq for UnknownVariant {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
            && self.discriminator == other.discriminator
            && self.position == other.position
            && self.properties.len() == other.properties.len()
            && self
                .properties
                .iter()
                .zip(&other.properties)
                .all(|((k1, v1), (k2, v2))| k1 == k2 && v1.get() == v2.get())
    }
}

/// Written back as received: the same properties, in the same order, each
/// value with its own text.
impl Serialize for UnknownVariant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.properties.len() + 1))?;
        self.serialize_entries(&mut map)?;
        map.end()
    }
}

impl UnknownVariant {
    /// Writes the properties into a map being written, for a union with
    /// properties of its own beside it.
    #[doc(hidden)]
    pub fn serialize_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (i, (key, value)) in self.properties.iter().enumerate() {
            if i == self.position {
                map.serialize_entry(self.key, &self.discriminator)?;
            }
            map.serialize_entry(key, value)?;
        }
        if self.position >= self.properties.len() {
            map.serialize_entry(self.key, &self.discriminator)?;
        }
        Ok(())
    }
}

// What follows is called by generated unions only. It is public for
// generated code in other crates (the shape fixtures of `tests/shapes`), and
// hidden: not part of the API.

/// How a union is laid out in JSON; written by the generator.
#[doc(hidden)]
#[derive(Debug)]
pub struct Shape {
    /// The union's name, for messages.
    pub name: &'static str,
    /// The discriminator's JSON name.
    pub discriminator: &'static str,
    /// The payload's JSON name, for unions that keep every payload there.
    pub value: Option<&'static str>,
    /// Each known discriminator, and the property its payload is in (`None`
    /// for a variant without payload).
    pub variants: &'static [(&'static str, Option<&'static str>)],
}

impl Shape {
    /// The payload property of a known discriminator: `None` for an unknown
    /// discriminator, `Some(None)` for a known one without payload.
    fn payload_of(&self, discriminator: &str) -> Option<Option<&'static str>> {
        self.variants
            .iter()
            .find(|(name, _)| *name == discriminator)
            .map(|(_, property)| *property)
    }
}

/// A union object as read, before the generated code picks its variant.
#[doc(hidden)]
pub struct Received {
    shape: &'static Shape,
    discriminator: String,
    position: usize,
    properties: Vec<(String, Box<RawValue>)>,
}

impl Received {
    /// The discriminator, as Mews spelt it.
    pub fn discriminator(&self) -> &str {
        &self.discriminator
    }

    /// Reads the payload in `property` as `T`.
    pub fn payload<T: DeserializeOwned>(&self, property: &'static str) -> Result<T, PayloadError> {
        let mut found = self.properties.iter().filter(|(key, _)| key == property);
        let (raw, again) = (found.next(), found.next());
        let name = self.shape.name;
        let discriminator = &self.discriminator;
        let raw = match (raw, again) {
            (Some((_, raw)), None) if raw.get() != "null" => raw,
            (None, _) => {
                return Err(PayloadError(format!(
                    "`{name}` `{discriminator}` lacks its payload `{property}`"
                )));
            }
            (Some(_), None) => {
                return Err(PayloadError(format!(
                    "`{name}` `{discriminator}` has a null payload `{property}`"
                )));
            }
            (Some(_), Some(_)) => {
                return Err(PayloadError(format!(
                    "`{name}` `{discriminator}` has its payload `{property}` twice"
                )));
            }
        };
        // A raw value is one whole JSON value: nothing can trail it.
        let mut reader = serde_json::Deserializer::from_str(raw.get());
        serde_path_to_error::deserialize(&mut reader).map_err(|err| {
            let inner = err.path().to_string();
            let path = if inner == "." {
                property.to_owned()
            } else {
                format!("{property}.{inner}")
            };
            let err = err.into_inner();
            // The position is within the payload's own text, which the
            // reader never sees: the caller's error says where the union is.
            let text = err.to_string();
            let position = format!(" at line {} column {}", err.line(), err.column());
            let text = text.strip_suffix(&position).unwrap_or(&text);
            PayloadError(format!("`{name}` `{discriminator}` at `{path}`: {text}"))
        })
    }

    /// Takes out the union's own property `property` (one beside the
    /// discriminator and payloads), read as `T`; `None` when absent. What is
    /// taken is not kept in an [`UnknownVariant`].
    pub fn take<T: DeserializeOwned>(
        &mut self,
        property: &'static str,
    ) -> Result<Option<T>, PayloadError> {
        let name = self.shape.name;
        let mut found = self
            .properties
            .iter()
            .enumerate()
            .filter(|(_, (key, _))| key == property);
        let index = match (found.next(), found.next()) {
            (None, _) => return Ok(None),
            (Some(_), Some(_)) => {
                return Err(PayloadError(format!(
                    "`{name}` has its property `{property}` twice"
                )));
            }
            (Some((index, _)), None) => index,
        };
        let (_, raw) = self.properties.remove(index);
        if index < self.position {
            self.position -= 1;
        }
        let mut reader = serde_json::Deserializer::from_str(raw.get());
        serde_path_to_error::deserialize(&mut reader)
            .map(Some)
            .map_err(|err| {
                let inner = err.path().to_string();
                let path = if inner == "." {
                    property.to_owned()
                } else {
                    format!("{property}.{inner}")
                };
                let err = err.into_inner();
                let text = err.to_string();
                let position = format!(" at line {} column {}", err.line(), err.column());
                let text = text.strip_suffix(&position).unwrap_or(&text);
                PayloadError(format!("`{name}` at `{path}`: {text}"))
            })
    }

    /// [`Received::take`] for a required property: absent is an error.
    pub fn take_required<T: DeserializeOwned>(
        &mut self,
        property: &'static str,
    ) -> Result<T, PayloadError> {
        let name = self.shape.name;
        self.take(property)?
            .ok_or_else(|| PayloadError(format!("`{name}` lacks its property `{property}`")))
    }

    /// The object as an [`UnknownVariant`].
    pub fn into_unknown(self) -> UnknownVariant {
        UnknownVariant {
            key: self.shape.discriminator,
            discriminator: self.discriminator,
            position: self.position,
            properties: self.properties,
        }
    }
}

/// Why a known discriminator's payload could not be read.
#[doc(hidden)]
#[derive(Debug)]
pub struct PayloadError(String);

/// Reads a union: buffers its properties as raw JSON, then lets `pick`
/// choose the variant from the discriminator.
#[doc(hidden)]
pub fn deserialize<'de, D, T>(
    deserializer: D,
    shape: &'static Shape,
    pick: fn(Received) -> Result<T, PayloadError>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    deserialize_with_properties(deserializer, shape, &[], pick)
}

/// Reads a union with properties of its own beside the discriminator and
/// payloads (`own`), which are kept whatever the discriminator, for `pick`
/// to [`Received::take`].
#[doc(hidden)]
pub fn deserialize_with_properties<'de, D, T>(
    deserializer: D,
    shape: &'static Shape,
    own: &'static [&'static str],
    pick: fn(Received) -> Result<T, PayloadError>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct UnionVisitor<T> {
        shape: &'static Shape,
        own: &'static [&'static str],
        pick: fn(Received) -> Result<T, PayloadError>,
    }

    impl<'de, T> Visitor<'de> for UnionVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a `{}` object", self.shape.name)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let shape = self.shape;
            let mut discriminator: Option<String> = None;
            let mut position = 0;
            let mut properties = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                if key == shape.discriminator {
                    if discriminator.is_some() {
                        return Err(de::Error::duplicate_field(shape.discriminator));
                    }
                    discriminator = Some(map.next_value()?);
                    position = properties.len();
                    continue;
                }
                // Once the variant is known, only its payload is worth keeping.
                let needed = match discriminator.as_deref().map(|d| shape.payload_of(d)) {
                    Some(Some(payload)) => {
                        payload == Some(key.as_str()) || self.own.contains(&key.as_str())
                    }
                    _ => true,
                };
                if needed {
                    properties.push((key, map.next_value::<Box<RawValue>>()?));
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            let Some(discriminator) = discriminator else {
                return Err(de::Error::missing_field(shape.discriminator));
            };
            // Picked here, so that a reader that knows positions puts the
            // error at this object.
            (self.pick)(Received {
                shape,
                discriminator,
                position,
                properties,
            })
            .map_err(|PayloadError(message)| de::Error::custom(message))
        }
    }

    deserializer.deserialize_map(UnionVisitor { shape, own, pick })
}

/// Writes a known variant: the discriminator, then its payload where `shape`
/// says (`null` for a variant without one). In unions with a property per
/// variant, the other variants' properties are written as `null`, as Mews
/// writes them.
#[doc(hidden)]
pub fn serialize<S, T>(
    serializer: S,
    shape: &Shape,
    discriminator: &str,
    payload: Option<&T>,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize + ?Sized,
{
    let mut map = serializer.serialize_map(None)?;
    serialize_entries(&mut map, shape, discriminator, payload)?;
    map.end()
}

/// [`serialize`] into a map being written, for a union with properties of
/// its own beside the discriminator and payloads.
#[doc(hidden)]
pub fn serialize_entries<M, T>(
    map: &mut M,
    shape: &Shape,
    discriminator: &str,
    payload: Option<&T>,
) -> Result<(), M::Error>
where
    M: SerializeMap,
    T: Serialize + ?Sized,
{
    map.serialize_entry(shape.discriminator, discriminator)?;
    match shape.value {
        Some(value) => map.serialize_entry(value, &payload)?,
        None => {
            let own = shape.payload_of(discriminator).flatten();
            let mut written: Vec<&str> = Vec::with_capacity(shape.variants.len());
            for property in shape.variants.iter().filter_map(|(_, p)| *p) {
                if written.contains(&property) {
                    continue;
                }
                written.push(property);
                if own == Some(property) {
                    map.serialize_entry(property, &payload)?;
                } else {
                    map.serialize_entry(property, &())?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Bookable {
        #[serde(rename = "StartOffset")]
        start_offset: String,
        #[serde(rename = "Count", default)]
        count: Option<i32>,
    }

    #[derive(Clone, Debug, Serialize, Deserialize)]
    struct Card {
        #[serde(rename = "CardId")]
        card_id: String,
        #[serde(rename = "Amount", default)]
        amount: Option<Box<RawValue>>,
    }

    /// A union of the `Value` shape, as the generator writes one.
    #[derive(Debug, PartialEq)]
    enum Data {
        Bookable(Bookable),
        Object,
        Unknown(UnknownVariant),
    }

    static DATA: Shape = Shape {
        name: "Data",
        discriminator: "Discriminator",
        value: Some("Value"),
        variants: &[("Bookable", Some("Value")), ("Object", None)],
    };

    impl<'de> Deserialize<'de> for Data {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d, &DATA, |received| {
                Ok(match received.discriminator() {
                    "Bookable" => Data::Bookable(received.payload("Value")?),
                    "Object" => Data::Object,
                    _ => Data::Unknown(received.into_unknown()),
                })
            })
        }
    }

    impl Serialize for Data {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Data::Bookable(value) => serialize(s, &DATA, "Bookable", Some(value)),
                Data::Object => serialize(s, &DATA, "Object", None::<&()>),
                Data::Unknown(unknown) => unknown.serialize(s),
            }
        }
    }

    /// A union with one property per variant.
    #[derive(Debug)]
    enum Payment {
        Card(Card),
        Cash,
        Unknown(UnknownVariant),
    }

    static PAYMENT: Shape = Shape {
        name: "Payment",
        discriminator: "Discriminator",
        value: None,
        variants: &[
            ("Card", Some("CreditCard")),
            ("Cash", None),
            ("Invoice", Some("Invoice")),
        ],
    };

    impl<'de> Deserialize<'de> for Payment {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d, &PAYMENT, |received| {
                Ok(match received.discriminator() {
                    "Card" => Payment::Card(received.payload("CreditCard")?),
                    "Cash" => Payment::Cash,
                    _ => Payment::Unknown(received.into_unknown()),
                })
            })
        }
    }

    impl Serialize for Payment {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Payment::Card(value) => serialize(s, &PAYMENT, "Card", Some(value)),
                Payment::Cash => serialize(s, &PAYMENT, "Cash", None::<&()>),
                Payment::Unknown(unknown) => unknown.serialize(s),
            }
        }
    }

    fn read<T: DeserializeOwned>(json: &str) -> Result<T, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    fn write<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).expect("writes")
    }

    #[test]
    fn the_discriminator_picks_the_payload_type_in_either_order() {
        let expected = Data::Bookable(Bookable {
            start_offset: "PT15H".into(),
            count: Some(2),
        });
        let first = r#"{"Discriminator":"Bookable","Value":{"StartOffset":"PT15H","Count":2}}"#;
        let last = r#"{"Value":{"StartOffset":"PT15H","Count":2},"Discriminator":"Bookable"}"#;
        assert_eq!(read::<Data>(first).unwrap(), expected);
        assert_eq!(read::<Data>(last).unwrap(), expected);
        assert_eq!(write(&expected), first);
    }

    #[test]
    fn a_variant_without_payload_takes_whatever_value_comes() {
        for json in [
            r#"{"Discriminator":"Object","Value":null}"#,
            r#"{"Discriminator":"Object","Value":{}}"#,
            r#"{"Discriminator":"Object"}"#,
            r#"{"Value":{"Later":[1,2]},"Discriminator":"Object"}"#,
        ] {
            assert_eq!(read::<Data>(json).unwrap(), Data::Object, "{json}");
        }
        assert_eq!(
            write(&Data::Object),
            r#"{"Discriminator":"Object","Value":null}"#
        );
    }

    #[test]
    fn an_unknown_discriminator_is_kept_and_written_back_exactly() {
        for json in [
            r#"{"Discriminator":"Later","Value":{"Amount":100000000000000000.01,"Nested":[1.10,{"A":null}]}}"#,
            r#"{"Value":{"Amount":0.1},"Discriminator":"Later","Extra":true}"#,
            r#"{"Value":null,"Extra":"x","Discriminator":"Later"}"#,
            r#"{"Discriminator":"Later"}"#,
        ] {
            let data: Data = read(json).unwrap();
            let Data::Unknown(unknown) = &data else {
                panic!("{json} read as {data:?}")
            };
            assert_eq!(unknown.discriminator(), "Later");
            assert_eq!(write(&data), json);
        }
        let data: Data = read(r#"{"Discriminator":"Later","Value":{"Amount":0.10}}"#).unwrap();
        let Data::Unknown(unknown) = data else {
            panic!("not unknown")
        };
        assert_eq!(
            unknown.property("Value").unwrap().get(),
            r#"{"Amount":0.10}"#
        );
        assert!(unknown.property("Other").is_none());
        assert_eq!(
            unknown
                .properties()
                .map(|(k, v)| (k, v.get()))
                .collect::<Vec<_>>(),
            [("Value", r#"{"Amount":0.10}"#)]
        );
        assert_eq!(
            format!("{unknown:?}"),
            r#"UnknownVariant { discriminator: "Later", properties: {"Value": RawValue({"Amount":0.10})} }"#
        );
    }

    #[test]
    fn a_bad_payload_of_a_known_discriminator_names_its_path() {
        let err =
            read::<Data>(r#"{"Discriminator":"Bookable","Value":{"StartOffset":5}}"#).unwrap_err();
        assert_eq!(
            err,
            "`Data` `Bookable` at `Value.StartOffset`: invalid type: integer `5`, expected a string at line 1 column 54"
        );
        let err = read::<Data>(r#"{"Discriminator":"Bookable","Value":{}}"#).unwrap_err();
        assert_eq!(
            err,
            "`Data` `Bookable` at `Value`: missing field `StartOffset` at line 1 column 39"
        );
        let err = read::<Data>(r#"{"Discriminator":"Bookable"}"#).unwrap_err();
        assert_eq!(
            err,
            "`Data` `Bookable` lacks its payload `Value` at line 1 column 28"
        );
        let err = read::<Data>(r#"{"Discriminator":"Bookable","Value":null}"#).unwrap_err();
        assert_eq!(
            err,
            "`Data` `Bookable` has a null payload `Value` at line 1 column 41"
        );
        let err = read::<Data>(r#"{"Value":{"StartOffset":"x"},"Discriminator":"Bookable","Value":{"StartOffset":"y"}}"#).unwrap_err();
        assert_eq!(
            err,
            "`Data` `Bookable` has its payload `Value` twice at line 1 column 84"
        );
    }

    #[test]
    fn the_discriminator_must_be_one_string() {
        let err = read::<Data>(r#"{"Value":{}}"#).unwrap_err();
        assert_eq!(err, "missing field `Discriminator` at line 1 column 12");
        let err = read::<Data>(r#"{"Discriminator":1,"Value":{}}"#).unwrap_err();
        assert!(
            err.starts_with("invalid type: integer `1`, expected a string"),
            "{err}"
        );
        let err = read::<Data>(r#"{"Discriminator":"A","Discriminator":"B"}"#).unwrap_err();
        assert!(err.starts_with("duplicate field `Discriminator`"), "{err}");
        let err = read::<Data>(r#"["Bookable"]"#).unwrap_err();
        assert!(
            err.starts_with("invalid type: sequence, expected a `Data` object"),
            "{err}"
        );
    }

    #[test]
    fn one_property_per_variant() {
        let json = r#"{"Discriminator":"Card","CreditCard":{"CardId":"c1","Amount":12.50},"Invoice":null}"#;
        let Payment::Card(card) = read::<Payment>(json).unwrap() else {
            panic!("not a card")
        };
        assert_eq!(card.card_id, "c1");
        // Numbers inside the payload keep their text (the decimal type's path).
        assert_eq!(card.amount.as_ref().unwrap().get(), "12.50");
        assert_eq!(
            write(&Payment::Card(card)),
            r#"{"Discriminator":"Card","CreditCard":{"CardId":"c1","Amount":12.50},"Invoice":null}"#
        );
        assert!(matches!(
            read::<Payment>(r#"{"CreditCard":null,"Invoice":null,"Discriminator":"Cash"}"#)
                .unwrap(),
            Payment::Cash
        ));
        assert_eq!(
            write(&Payment::Cash),
            r#"{"Discriminator":"Cash","CreditCard":null,"Invoice":null}"#
        );
        let err = read::<Payment>(r#"{"Discriminator":"Card","CreditCard":null,"Invoice":{}}"#)
            .unwrap_err();
        assert!(
            err.starts_with("`Payment` `Card` has a null payload `CreditCard`"),
            "{err}"
        );
        let unknown = r#"{"Discriminator":"Ghost","CreditCard":null,"Ghost":{"X":1}}"#;
        let payment = read::<Payment>(unknown).unwrap();
        assert!(
            matches!(&payment, Payment::Unknown(u) if u.property("Ghost").unwrap().get() == r#"{"X":1}"#)
        );
        assert_eq!(write(&payment), unknown);
    }

    #[test]
    fn reads_from_a_json_value_too() {
        let value =
            serde_json::json!({"Discriminator": "Bookable", "Value": {"StartOffset": "P1D"}});
        let data: Data = serde_json::from_value(value).unwrap();
        assert!(matches!(data, Data::Bookable(b) if b.start_offset == "P1D"));
    }
}
