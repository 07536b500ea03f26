//! `Decimal`: money and other exact numbers, read and written with their own digits.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::raw_json;

/// An exact decimal number: amounts, prices, rates (spec type `decimal`).
///
/// A newtype over [`rust_decimal::Decimal`] (96-bit mantissa, up to 28
/// digits after the point), so `0.1 + 0.2 == 0.3` and no amount is ever
/// rounded through a binary float.
///
/// # JSON
///
/// Read from the JSON number's own text and written back with exactly its
/// digits: `0.1`, `1234.5678`, `100000000000000000.01` and `-0.50` come back
/// out byte for byte (the scale is kept: `-0.50` is not written as `-0.5`).
/// The number is never passed through `f64`, and serde_json's global
/// `arbitrary_precision` feature is not needed: the client uses serde_json's
/// additive `raw_value` feature, which changes nothing else in your program.
///
/// - A number in exponent notation is read exactly (`1e3` is `1000`,
///   `1.50e1` is `15.0`: the mantissa's digits with the point moved) and
///   written back in plain notation. Mews does not send exponents.
/// - `-0` reads as zero and is written `0`.
/// - A number that a 96-bit decimal cannot hold exactly (more than 28 digits
///   after the point, or beyond ±79,228,162,514,264,337,593,543,950,335) is
///   an error naming it, never silently rounded.
/// - A JSON string (`"12.50"`) is refused: Mews sends amounts as numbers.
///
/// With serde formats other than serde_json (YAML, bincode, ...) a `Decimal`
/// is written as a string of the same digits, which reads back exactly; it
/// also reads from those formats' integers, but not from their floats.
///
/// # Building one
///
/// ```
/// use mews_connector::Decimal;
///
/// let price: Decimal = "12.50".parse()?;
/// assert_eq!(price.to_string(), "12.50");
/// assert_eq!(Decimal::try_new(1250, 2)?, price);
/// assert_eq!(Decimal::from(12), "12".parse()?);
/// // Arithmetic and rounding: the inner `rust_decimal::Decimal`.
/// assert_eq!((price.value() * rust_decimal::Decimal::from(2)).to_string(), "25.00");
/// # Ok::<(), mews_connector::scalar::DecimalError>(())
/// ```
///
/// Equality is by value, as for `rust_decimal`: `12.5 == 12.50`, though each
/// writes its own digits.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Decimal(rust_decimal::Decimal);

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal(rust_decimal::Decimal::ZERO);

    /// `mantissa × 10^-scale`: `Decimal::try_new(1250, 2)` is `12.50`.
    /// Fails when `scale` is over 28.
    pub fn try_new(mantissa: i64, scale: u32) -> Result<Decimal, DecimalError> {
        rust_decimal::Decimal::try_new(mantissa, scale)
            .map(Decimal)
            .map_err(|_| DecimalError::new(format!("{mantissa}e-{scale}"), Kind::Range))
    }

    /// The inner [`rust_decimal::Decimal`], for arithmetic and rounding.
    pub const fn value(self) -> rust_decimal::Decimal {
        self.0
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Decimal(value)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

macro_rules! from_integers {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(value: $t) -> Self {
                Decimal(rust_decimal::Decimal::from(value))
            }
        }
    )*};
}

from_integers!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl FromStr for Decimal {
    type Err = DecimalError;

    /// Reads `-?digits(.digits)?` with an optional exponent (`e3`, `E-2`),
    /// exactly; see the type's documentation.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text).map(Decimal)
    }
}

impl fmt::Display for Decimal {
    /// The plain digits with the value's scale: `12.50`, `-3`, `0.001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({})", self.0)
    }
}

/// Why text is not a [`Decimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecimalError {
    /// The offending text, cut short when long.
    text: String,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Not number syntax at all.
    Syntax,
    /// A number that no 96-bit decimal holds exactly.
    Range,
    /// A JSON string where a number belongs.
    String,
    /// A binary float from a format that cannot say better.
    Float,
}

impl DecimalError {
    fn new(text: impl Into<String>, kind: Kind) -> Self {
        const MAX: usize = 64;
        let mut text = text.into();
        if let Some((cut, _)) = text.char_indices().nth(MAX) {
            text.truncate(cut);
            text.push('…');
        }
        DecimalError { text, kind }
    }
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = &self.text;
        match self.kind {
            Kind::Syntax => write!(f, "`{text}` is not a decimal number"),
            Kind::Range => write!(
                f,
                "`{text}` cannot be held exactly by a decimal: at most 28 digits after the point \
                 and a magnitude of at most 79228162514264337593543950335"
            ),
            Kind::String => write!(
                f,
                "expected a decimal as a JSON number, found the string {text}"
            ),
            Kind::Float => write!(
                f,
                "a decimal cannot be read exactly from the binary floating-point number {text}: \
                 the number was decoded before it reached the decimal (a `serde_json::Value`, or \
                 `#[serde(flatten)]`/`#[serde(untagged)]` in a type of your own), or the format \
                 has no exact decimals"
            ),
        }
    }
}

impl std::error::Error for DecimalError {}

/// Reads `-?digits(.digits)?([eE][+-]?digits)?` exactly.
fn parse(text: &str) -> Result<rust_decimal::Decimal, DecimalError> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let plain = match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    };
    let exponent = match exponent {
        None => Some(0),
        Some(e) => {
            let magnitude = e.strip_prefix(['+', '-']).unwrap_or(e);
            digits(magnitude).then(|| {
                // Anything past 100 is out of range (or zero) either way.
                let m: i64 = magnitude.parse().unwrap_or(i64::MAX).min(100);
                if e.starts_with('-') { -m } else { m }
            })
        }
    };
    let (true, Some(exponent)) = (plain, exponent) else {
        return Err(DecimalError::new(text, Kind::Syntax));
    };
    let out_of_range = || DecimalError::new(text, Kind::Range);
    // The syntax is sound, so whatever rust_decimal refuses is too many digits.
    let mut value = rust_decimal::Decimal::from_str_exact(mantissa).map_err(|_| out_of_range())?;
    if exponent == 0 {
        return Ok(value);
    }
    // The exponent moves the point: scale − exponent, exactly.
    let scale = i64::from(value.scale()) - exponent;
    if scale >= 0 {
        let scale = u32::try_from(scale).map_err(|_| out_of_range())?;
        value.set_scale(scale).map_err(|_| out_of_range())?;
        Ok(value)
    } else if value.is_zero() {
        Ok(rust_decimal::Decimal::ZERO)
    } else {
        value.set_scale(0).map_err(|_| out_of_range())?;
        let mut factor = rust_decimal::Decimal::ONE;
        for _ in 0..-scale {
            factor = factor
                .checked_mul(rust_decimal::Decimal::TEN)
                .ok_or_else(out_of_range)?;
        }
        value.checked_mul(factor).ok_or_else(out_of_range)
    }
}

/// A decimal's text without allocating: the longest is 31 bytes
/// (`-0.` and 28 digits, or a sign, 29 digits and a point).
struct Text {
    buf: [u8; 48],
    len: usize,
}

impl Text {
    fn of(value: rust_decimal::Decimal) -> Text {
        let mut text = Text {
            buf: [0; 48],
            len: 0,
        };
        // Cannot fail: the buffer holds the longest decimal.
        let _ = write!(text, "{value}");
        text
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever written into the buffer.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for Text {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Serialize for Decimal {
    /// serde_json: a JSON number with exactly these digits. Other formats:
    /// a string of the same digits.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = Text::of(self.0);
        match raw_json::token() {
            Some(token) if raw_json::writes_raw::<S>() => {
                // What serde_json's `RawValue` does, without allocating one.
                let mut raw = serializer.serialize_struct(token, 1)?;
                raw.serialize_field(token, text.as_str())?;
                raw.end()
            }
            _ => serializer.serialize_str(text.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    /// serde_json: the number's own text (as `RawValue` reads it, borrowed
    /// from the input when it can be). Other formats: a string of digits or
    /// an integer.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match raw_json::token() {
            Some(token) => deserializer.deserialize_newtype_struct(token, DecimalVisitor),
            None => deserializer.deserialize_any(DecimalVisitor),
        }
    }
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number")
    }

    /// serde_json hands raw JSON over as a map of one entry: its marker,
    /// then the text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        match map.next_key_seed(RawMarker)? {
            Some(()) => map.next_value_seed(RawNumber),
            None => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }

    /// Formats other than serde_json see a newtype: read what it holds.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(n))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(n))
    }

    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Decimal, E> {
        n.to_string().parse().map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Decimal, E> {
        n.to_string().parse().map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Decimal, E> {
        Err(E::custom(DecimalError::new(n.to_string(), Kind::Float)))
    }
}

/// The key of serde_json's raw-JSON map: only its own marker will do.
struct RawMarker;

impl<'de> DeserializeSeed<'de> for RawMarker {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for RawMarker {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("serde_json's raw value marker")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
        if Some(key) == raw_json::token() {
            Ok(())
        } else {
            Err(E::invalid_value(Unexpected::Str(key), &self))
        }
    }
}

/// The raw JSON text of the value, read as a number.
struct RawNumber;

impl<'de> DeserializeSeed<'de> for RawNumber {
    type Value = Decimal;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawNumber {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON number")
    }

    fn visit_str<E: de::Error>(self, json: &str) -> Result<Decimal, E> {
        if json.starts_with('"') {
            return Err(E::custom(DecimalError::new(json, Kind::String)));
        }
        json.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Amount {
        #[serde(rename = "Value")]
        value: Decimal,
        #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
        tax: Option<Decimal>,
    }

    #[test]
    fn json_numbers_round_trip_byte_for_byte() {
        for text in [
            "0.1",
            "1234.5678",
            "100000000000000000.01",
            "-0.50",
            "0",
            "42",
            "-7",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
        ] {
            let json = format!(r#"{{"Value":{text}}}"#);
            let amount: Amount = serde_json::from_str(&json).unwrap();
            assert_eq!(amount.value.to_string(), text);
            assert_eq!(serde_json::to_string(&amount).unwrap(), json);
            // The other entry points of serde_json give the same.
            let from_slice: Amount = serde_json::from_slice(json.as_bytes()).unwrap();
            let from_reader: Amount = serde_json::from_reader(json.as_bytes()).unwrap();
            assert_eq!(from_slice.value.to_string(), text);
            assert_eq!(from_reader.value.to_string(), text);
            let mut written = Vec::new();
            serde_json::to_writer(&mut written, &amount).unwrap();
            assert_eq!(written, json.as_bytes());
        }
    }

    #[test]
    fn whitespace_around_a_number_is_not_part_of_it() {
        let amount: Amount = serde_json::from_str("{ \"Value\" :\n  12.50 ,\"Tax\": 1 }").unwrap();
        assert_eq!(amount.value.to_string(), "12.50");
        assert_eq!(
            serde_json::to_string(&amount).unwrap(),
            r#"{"Value":12.50,"Tax":1}"#
        );
        let pretty = serde_json::to_string_pretty(&amount).unwrap();
        assert!(pretty.contains("\"Value\": 12.50"), "{pretty}");
    }

    #[test]
    fn exponents_are_read_exactly_and_written_plain() {
        for (text, plain) in [
            ("1e3", "1000"),
            ("1E+2", "100"),
            ("1.50e1", "15.0"),
            ("1.5e-3", "0.0015"),
            ("-2.5E0", "-2.5"),
            ("0e500", "0"),
            ("123e-28", "0.0000000000000000000000000123"),
        ] {
            assert_eq!(dec(text).to_string(), plain, "{text}");
            let amount: Amount = serde_json::from_str(&format!(r#"{{"Value":{text}}}"#)).unwrap();
            assert_eq!(
                serde_json::to_string(&amount).unwrap(),
                format!(r#"{{"Value":{plain}}}"#)
            );
        }
    }

    #[test]
    fn values_a_decimal_cannot_hold_exactly_are_errors() {
        for text in [
            "79228162514264337593543950336",
            "-79228162514264337593543950336",
            "0.00000000000000000000000000001",
            "1.0000000000000000000000000000001",
            "12345678901234567890123456789.1",
            "1e29",
            "1e-29",
            "1e99999999999999999999",
        ] {
            let err = text.parse::<Decimal>().unwrap_err();
            assert_eq!(err.kind, Kind::Range, "{text}");
            let json = format!(r#"{{"Value":{text}}}"#);
            let err = serde_json::from_str::<Amount>(&json)
                .unwrap_err()
                .to_string();
            assert!(err.contains("cannot be held exactly by a decimal"), "{err}");
            assert!(err.contains("line 1 column"), "{err}");
        }
    }

    #[test]
    fn text_that_is_not_a_number_is_an_error() {
        for text in [
            "", "-", "1.", ".5", "+1", "1.2.3", "1e", "1e+", "nan", "1_000", " 1", "0x10", "١",
        ] {
            let err = text.parse::<Decimal>().unwrap_err();
            assert_eq!(err.kind, Kind::Syntax, "{text:?}");
            assert!(err.to_string().contains("is not a decimal number"));
        }
    }

    #[test]
    fn json_strings_and_other_values_are_refused() {
        let err = serde_json::from_str::<Amount>(r#"{"Value":"12.50"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(r#"expected a decimal as a JSON number, found the string "12.50""#),
            "{err}"
        );
        for json in [
            r#"{"Value":true}"#,
            r#"{"Value":[1]}"#,
            r#"{"Value":{"A":1}}"#,
            r#"{"Value":null}"#,
        ] {
            let err = serde_json::from_str::<Amount>(json)
                .unwrap_err()
                .to_string();
            assert!(err.contains("is not a decimal number"), "{json}: {err}");
        }
        // Absent or null where the property is optional.
        let amount: Amount = serde_json::from_str(r#"{"Value":1,"Tax":null}"#).unwrap();
        assert_eq!(amount.tax, None);
    }

    #[test]
    fn serde_json_values_carry_the_number() {
        // Through `Value` the number is an f64 already; it is read back by
        // its shortest text, and written as a JSON number.
        let value = serde_json::json!({"Value": 12.5, "Tax": 3});
        let amount: Amount = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(amount.value, dec("12.5"));
        assert_eq!(amount.tax, Some(dec("3")));
        let amount: Amount = Amount::deserialize(&value).unwrap();
        assert_eq!(amount.value, dec("12.5"));
        assert_eq!(serde_json::to_value(&amount).unwrap(), value);
    }

    #[test]
    fn buffered_floats_are_refused_rather_than_rounded() {
        // `untagged` buffers the number as an f64 before `Decimal` sees it.
        #[derive(Debug, serde::Deserialize)]
        #[serde(untagged)]
        #[allow(dead_code)]
        enum Either {
            Amount(Decimal),
        }
        let err = serde_json::from_str::<Either>("0.1")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did not match any variant"), "{err}");
        let err = DecimalVisitor
            .visit_f64::<serde_json::Error>(0.1)
            .unwrap_err();
        assert!(err.to_string().starts_with(
            "a decimal cannot be read exactly from the binary floating-point number 0.1"
        ));
        // Integers are exact, so those are taken.
        assert_eq!(
            DecimalVisitor.visit_u64::<serde_json::Error>(7).unwrap(),
            dec("7")
        );
    }

    #[test]
    fn other_formats_carry_the_digits_as_a_string() {
        let amount = Amount {
            value: dec("100000000000000000.01"),
            tax: Some(dec("-0.50")),
        };
        let yaml = serde_yaml::to_string(&amount).unwrap();
        assert_eq!(yaml, "Value: '100000000000000000.01'\nTax: '-0.50'\n");
        let back: Amount = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back.value.to_string(), "100000000000000000.01");
        assert_eq!(back.tax.unwrap().to_string(), "-0.50");
        // Integers of such formats read too; their floats do not.
        let back: Amount = serde_yaml::from_str("Value: 12\n").unwrap();
        assert_eq!(back.value, dec("12"));
        let err = serde_yaml::from_str::<Amount>("Value: 0.1\n").unwrap_err();
        assert!(err.to_string().contains("binary floating-point"), "{err}");
    }

    #[test]
    fn serde_json_is_recognised_at_each_entry_point() {
        use raw_json::writes_raw;
        assert!(writes_raw::<&mut serde_json::Serializer<Vec<u8>>>());
        assert!(writes_raw::<&mut serde_json::Serializer<&mut Vec<u8>>>());
        assert!(writes_raw::<
            &mut serde_json::Serializer<std::io::Sink, serde_json::ser::PrettyFormatter<'static>>,
        >());
        assert!(writes_raw::<serde_json::value::Serializer>());
        assert!(!writes_raw::<&mut serde_yaml::Serializer<Vec<u8>>>());
        assert!(raw_json::token().is_some());
    }

    #[test]
    fn conversions() {
        assert_eq!(Decimal::try_new(1250, 2).unwrap().to_string(), "12.50");
        assert_eq!(
            Decimal::try_new(1, 29).unwrap_err().to_string(),
            "`1e-29` cannot be held exactly by a decimal: at most 28 digits after the point and a magnitude of at most 79228162514264337593543950335"
        );
        assert_eq!(Decimal::from(-3i64).to_string(), "-3");
        assert_eq!(Decimal::from(u64::MAX).to_string(), "18446744073709551615");
        let inner = rust_decimal::Decimal::new(-50, 2);
        assert_eq!(Decimal::from(inner).value(), inner);
        assert_eq!(
            rust_decimal::Decimal::from(dec("1.5")),
            inner * rust_decimal::Decimal::from(-3)
        );
        assert_eq!(format!("{:?}", dec("-0.50")), "Decimal(-0.50)");
        assert_eq!(Decimal::ZERO, dec("0.000"));
        assert!(dec("12.5") == dec("12.50") && dec("12.5") < dec("12.51"));
        let long = "9".repeat(200);
        let message = long.parse::<Decimal>().unwrap_err().to_string();
        assert!(message.len() < 250 && message.contains('…'), "{message}");
    }
}
