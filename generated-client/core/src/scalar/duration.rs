//! `IsoDuration`: ISO 8601 durations, kept as written.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An ISO 8601 duration such as `P0M0DT15H0M0S`, `PT14H` or `-P1D` (spec
/// type `duration`): service offsets, release offsets, invoice due
/// intervals, rate restrictions' advance and length limits.
///
/// **Lossless.** A duration read from Mews is written back exactly as it was
/// read, zero parts and all (`P0Y0M1DT0H0M0S` stays that, never `P1D`). One
/// you build is written in the shortest form of its parts.
///
/// **Its parts** are given as written, by [`parts`](Self::parts): years,
/// months, weeks, days, hours, minutes, seconds with their fraction, each
/// with its own sign, and the sign of the whole. Both ways of writing a
/// negative duration are read: a sign before the `P` (`-P1DT2H`) and signs
/// on the parts (`P-1DT-2H`, as .NET writes a negative time span part by
/// part); a part's sign applies to that part, and the leading sign to the
/// whole.
///
/// **As a length of time**, where it has one: [`to_chrono`](Self::to_chrono)
/// and [`to_std`](Self::to_std) succeed when the duration has no years or
/// months (which have no fixed length), counting a week as 7 days and a day
/// as 24 hours.
///
/// ```
/// use mews_connector::IsoDuration;
/// use mews_connector::scalar::DurationParts;
///
/// let offset: IsoDuration = "P0M0DT15H0M0S".parse()?;
/// assert_eq!(offset.parts().hours, 15);
/// assert_eq!(offset.to_string(), "P0M0DT15H0M0S");
/// assert_eq!(offset.to_chrono()?, chrono::TimeDelta::hours(15));
///
/// let release = IsoDuration::new(DurationParts { negative: true, days: 1, hours: 2, ..Default::default() })?;
/// assert_eq!(release.to_string(), "-P1DT2H");
/// # Ok::<(), mews_connector::scalar::IsoDurationError>(())
/// ```
///
/// Equality compares the parts, not the text: `PT15H` equals
/// `P0M0DT15H0M0S` (same parts), but not `P0DT900M` (other parts).
#[derive(Clone)]
pub struct IsoDuration {
    text: Box<str>,
    parts: DurationParts,
}

/// The parts of an [`IsoDuration`], each as written (zero when absent).
///
/// The value is `negative` (the sign before `P`) applied to the sum of the
/// parts, each with its own sign. `nanoseconds` is the fraction of
/// `seconds` and has its sign (`-0.5S` is 0 seconds and -500,000,000
/// nanoseconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DurationParts {
    /// A `-` before the `P`: the whole duration is negated.
    pub negative: bool,
    /// `Y`
    pub years: i64,
    /// `M` before the `T`
    pub months: i64,
    /// `W`
    pub weeks: i64,
    /// `D`
    pub days: i64,
    /// `H`
    pub hours: i64,
    /// `M` after the `T`
    pub minutes: i64,
    /// `S`, whole seconds
    pub seconds: i64,
    /// The fraction of `S`, in nanoseconds, with the sign of `seconds`.
    pub nanoseconds: i32,
}

impl IsoDuration {
    /// A duration of these parts, written in its shortest form (`P1DT2H`,
    /// `PT0S` when all are zero).
    ///
    /// Fails when `nanoseconds` is not below one second in magnitude, or
    /// has the other sign than a non-zero `seconds`.
    pub fn new(parts: DurationParts) -> Result<IsoDuration, IsoDurationError> {
        let n = parts.nanoseconds;
        if n.unsigned_abs() >= 1_000_000_000
            || (n != 0 && parts.seconds != 0 && (n < 0) != (parts.seconds < 0))
        {
            return Err(IsoDurationError(format!(
                "{n} nanoseconds are not a fraction of {} seconds: give a magnitude below \
                 1,000,000,000 with the sign of the seconds",
                parts.seconds
            )));
        }
        Ok(IsoDuration {
            text: write(&parts).into_boxed_str(),
            parts,
        })
    }

    /// The parts, as written.
    pub fn parts(&self) -> DurationParts {
        self.parts
    }

    /// Whether the whole duration is negated (`-P...`). Parts may also be
    /// negative on their own; see [`DurationParts`].
    pub fn is_negative(&self) -> bool {
        self.parts.negative
    }

    /// The text, exactly as read or as built.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The duration in nanoseconds, when it has no years or months.
    fn nanoseconds(&self) -> Result<i128, IsoDurationError> {
        let p = &self.parts;
        if p.years != 0 || p.months != 0 {
            return Err(IsoDurationError(format!(
                "`{}` has years or months, which have no fixed length",
                self.text
            )));
        }
        let days = i128::from(p.weeks) * 7 + i128::from(p.days);
        let minutes = (days * 24 + i128::from(p.hours)) * 60 + i128::from(p.minutes);
        let seconds = minutes * 60 + i128::from(p.seconds);
        // At most about 2^63 × 10^4 × 10^9 < 2^110: no overflow in i128.
        let total = seconds * 1_000_000_000 + i128::from(p.nanoseconds);
        Ok(if p.negative { -total } else { total })
    }

    /// The length of time, when there are no years or months (a week is 7
    /// days, a day 24 hours). Fails also beyond `TimeDelta`'s range.
    pub fn to_chrono(&self) -> Result<chrono::TimeDelta, IsoDurationError> {
        let total = self.nanoseconds()?;
        let seconds = i64::try_from(total.div_euclid(1_000_000_000)).ok();
        let nanos = total.rem_euclid(1_000_000_000) as u32;
        seconds
            .and_then(|s| chrono::TimeDelta::new(s, nanos))
            .ok_or_else(|| self.out_of_range("chrono::TimeDelta"))
    }

    /// The length of time, when there are no years or months (a week is 7
    /// days, a day 24 hours) and it is not negative.
    pub fn to_std(&self) -> Result<std::time::Duration, IsoDurationError> {
        let total = self.nanoseconds()?;
        if total < 0 {
            return Err(IsoDurationError(format!(
                "`{}` is negative, which `std::time::Duration` cannot be",
                self.text
            )));
        }
        let seconds = u64::try_from(total / 1_000_000_000)
            .map_err(|_| self.out_of_range("std::time::Duration"))?;
        Ok(std::time::Duration::new(
            seconds,
            (total % 1_000_000_000) as u32,
        ))
    }

    fn out_of_range(&self, target: &str) -> IsoDurationError {
        IsoDurationError(format!("`{}` is too long for `{target}`", self.text))
    }
}

impl From<std::time::Duration> for IsoDuration {
    /// Days, hours, minutes and seconds: 90,061.5 s is `P1DT1H1M1.5S`.
    fn from(d: std::time::Duration) -> Self {
        from_length(false, d.as_secs(), d.subsec_nanos())
    }
}

impl From<chrono::TimeDelta> for IsoDuration {
    /// Days, hours, minutes and seconds, with a leading `-` when negative:
    /// -36 hours is `-P1DT12H`.
    fn from(d: chrono::TimeDelta) -> Self {
        let magnitude = d.abs();
        // `TimeDelta`'s range is symmetric, so its magnitude is never negative.
        let seconds = u64::try_from(magnitude.num_seconds()).unwrap_or_default();
        from_length(
            d < chrono::TimeDelta::zero(),
            seconds,
            magnitude.subsec_nanos() as u32,
        )
    }
}

fn from_length(negative: bool, seconds: u64, nanoseconds: u32) -> IsoDuration {
    // Every part is below i64::MAX: u64::MAX / 86,400 days, and remainders.
    let part = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let parts = DurationParts {
        negative,
        days: part(seconds / 86_400),
        hours: part(seconds % 86_400 / 3_600),
        minutes: part(seconds % 3_600 / 60),
        seconds: part(seconds % 60),
        nanoseconds: nanoseconds as i32,
        ..DurationParts::default()
    };
    IsoDuration {
        text: write(&parts).into_boxed_str(),
        parts,
    }
}

/// The shortest text of `parts`.
fn write(p: &DurationParts) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(16);
    if p.negative {
        out.push('-');
    }
    out.push('P');
    for (n, unit) in [
        (p.years, 'Y'),
        (p.months, 'M'),
        (p.weeks, 'W'),
        (p.days, 'D'),
    ] {
        if n != 0 {
            let _ = write!(out, "{n}{unit}");
        }
    }
    if p.hours != 0 || p.minutes != 0 || p.seconds != 0 || p.nanoseconds != 0 {
        out.push('T');
        for (n, unit) in [(p.hours, 'H'), (p.minutes, 'M')] {
            if n != 0 {
                let _ = write!(out, "{n}{unit}");
            }
        }
        if p.nanoseconds != 0 {
            let sign = if p.seconds < 0 || p.nanoseconds < 0 {
                "-"
            } else {
                ""
            };
            let fraction = format!("{:09}", p.nanoseconds.unsigned_abs());
            let _ = write!(
                out,
                "{sign}{}.{}S",
                p.seconds.unsigned_abs(),
                fraction.trim_end_matches('0')
            );
        } else if p.seconds != 0 {
            let _ = write!(out, "{}S", p.seconds);
        }
    } else if out.ends_with('P') {
        out.push_str("T0S");
    }
    out
}

/// Reads `[-+]P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`, each `n` optionally
/// negative, at least one part, parts in this order.
fn parse(text: &str) -> Result<DurationParts, IsoDurationError> {
    let fail = |why: &str| {
        IsoDurationError(format!(
            "`{}` is not an ISO 8601 duration: {why}",
            short(text)
        ))
    };
    let mut parts = DurationParts::default();
    let mut rest = text;
    if let Some(r) = rest.strip_prefix('-') {
        parts.negative = true;
        rest = r;
    } else if let Some(r) = rest.strip_prefix('+') {
        rest = r;
    }
    rest = rest
        .strip_prefix('P')
        .ok_or_else(|| fail("it does not start with `P`"))?;
    if rest.is_empty() {
        return Err(fail("it has no parts"));
    }
    // Units in the order they must appear; `M` is months before `T`, minutes after.
    const DATE: &[u8] = b"YMWD";
    const TIME: &[u8] = b"HMS";
    let mut time = false;
    let mut next = 0; // index into the current section's units
    let mut any_time = false;
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'T' {
            if time {
                return Err(fail("`T` is given twice"));
            }
            time = true;
            next = 0;
            i += 1;
            if i == bytes.len() {
                return Err(fail("it has no parts after `T`"));
            }
            continue;
        }
        let start = i;
        if bytes[i] == b'-' {
            i += 1;
        }
        let digits = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == digits {
            return Err(fail("a part lacks its number"));
        }
        let whole = &rest[start..i];
        let mut fraction = None;
        if i < bytes.len() && (bytes[i] == b'.' || bytes[i] == b',') {
            let from = i + 1;
            i = from;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i == from {
                return Err(fail("a fraction lacks its digits"));
            }
            fraction = Some(&rest[from..i]);
        }
        let Some(&unit) = bytes.get(i) else {
            return Err(fail("the last number lacks its unit"));
        };
        i += 1;
        let units = if time { TIME } else { DATE };
        let Some(at) = units[next..].iter().position(|&u| u == unit) else {
            return Err(if units.contains(&unit) {
                fail("its parts are out of order or repeated")
            } else if TIME.contains(&unit) || DATE.contains(&unit) {
                fail(if time {
                    "years, months, weeks and days come before `T`"
                } else {
                    "hours, minutes and seconds come after `T`"
                })
            } else {
                fail("a part has an unknown unit")
            });
        };
        let at = next + at;
        next = at + 1;
        any_time |= time;
        let n: i64 = whole.parse().map_err(|_| fail("a part is too large"))?;
        let slot = match (time, unit) {
            (false, b'Y') => &mut parts.years,
            (false, b'M') => &mut parts.months,
            (false, b'W') => &mut parts.weeks,
            (false, _) => &mut parts.days,
            (true, b'H') => &mut parts.hours,
            (true, b'M') => &mut parts.minutes,
            (true, _) => &mut parts.seconds,
        };
        *slot = n;
        if let Some(fraction) = fraction {
            if !(time && unit == b'S') {
                return Err(fail("only seconds may have a fraction"));
            }
            if fraction.len() > 9 {
                return Err(fail("seconds have more than 9 fractional digits"));
            }
            let nanos: i32 = format!("{fraction:0<9}")
                .parse()
                .map_err(|_| fail("a fraction is malformed"))?;
            parts.nanoseconds = if whole.starts_with('-') {
                -nanos
            } else {
                nanos
            };
        }
    }
    if time && !any_time {
        return Err(fail("it has no parts after `T`"));
    }
    Ok(parts)
}

fn short(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

impl FromStr for IsoDuration {
    type Err = IsoDurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(IsoDuration {
            parts: parse(text)?,
            text: text.into(),
        })
    }
}

impl PartialEq for IsoDuration {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for IsoDuration {}

impl Hash for IsoDuration {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.parts.hash(state);
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IsoDuration({:?})", self.text)
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = IsoDuration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 duration such as \"PT14H\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<IsoDuration, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// Why text is not an [`IsoDuration`], or why one has no length of the kind asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IsoDurationError(String);

impl fmt::Display for IsoDurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for IsoDurationError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn dur(text: &str) -> IsoDuration {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn parts(text: &str) -> DurationParts {
        dur(text).parts()
    }

    #[test]
    fn what_mews_sends_round_trips_exactly() {
        // Every form in the Mews documentation's examples, and negative ones.
        for text in [
            "P0M0DT15H0M0S",
            "P0M0DT12H0M0S",
            "P0M7DT0H0M0S",
            "P0Y0M1DT0H0M0S",
            "P0Y0M3DT0H0M0S",
            "PT14H",
            "P2DT23H",
            "P10DT20H30M",
            "-P1D",
            "-PT2H30M",
            "P0M-1DT-2H0M0S",
            "P-1D",
            "PT0S",
            "PT1.5S",
            "PT0.000000001S",
            "P2W",
            "P1Y2M3W4DT5H6M7.25S",
        ] {
            let d = dur(text);
            assert_eq!(d.to_string(), text);
            let json = format!("\"{text}\"");
            assert_eq!(serde_json::to_string(&d).unwrap(), json);
            let back: IsoDuration = serde_json::from_str(&json).unwrap();
            assert_eq!(back.as_str(), text);
        }
    }

    #[test]
    fn parts_are_exposed_as_written() {
        assert_eq!(
            parts("P0M0DT15H0M0S"),
            DurationParts {
                hours: 15,
                ..Default::default()
            }
        );
        assert_eq!(
            parts("P1Y2M3W4DT5H6M7.25S"),
            DurationParts {
                negative: false,
                years: 1,
                months: 2,
                weeks: 3,
                days: 4,
                hours: 5,
                minutes: 6,
                seconds: 7,
                nanoseconds: 250_000_000,
            }
        );
        let p = parts("-P1DT2H");
        assert!(p.negative && p.days == 1 && p.hours == 2);
        assert!(dur("-P1D").is_negative());
        let p = parts("P0M-1DT-2H0M0S");
        assert!(!p.negative && p.days == -1 && p.hours == -2);
        let p = parts("PT-0.5S");
        assert_eq!((p.seconds, p.nanoseconds), (0, -500_000_000));
        assert_eq!(parts("PT1,5S").nanoseconds, 500_000_000);
        assert_eq!(parts("+PT1S").seconds, 1);
    }

    #[test]
    fn equality_is_by_parts() {
        assert_eq!(dur("PT15H"), dur("P0M0DT15H0M0S"));
        assert_ne!(dur("PT15H"), dur("P0DT900M"));
        assert_ne!(dur("P1D"), dur("-P1D"));
    }

    #[test]
    fn malformed_durations_are_errors_that_say_why() {
        for (text, why) in [
            ("", "does not start with `P`"),
            ("1D", "does not start with `P`"),
            ("P", "has no parts"),
            ("PT", "no parts after `T`"),
            ("P1DT", "no parts after `T`"),
            ("P1", "the last number lacks its unit"),
            ("PH", "a part lacks its number"),
            ("P1D2M", "out of order or repeated"),
            ("P1D1D", "out of order or repeated"),
            ("P1H", "hours, minutes and seconds come after `T`"),
            ("PT1D", "years, months, weeks and days come before `T`"),
            ("P1X", "unknown unit"),
            ("PT1HT1M", "`T` is given twice"),
            ("P1.5D", "only seconds may have a fraction"),
            ("PT1.S", "a fraction lacks its digits"),
            ("PT1.0000000001S", "more than 9 fractional digits"),
            ("P99999999999999999999D", "too large"),
            ("p1d", "does not start with `P`"),
        ] {
            let err = text.parse::<IsoDuration>().unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("`{text}` is not an ISO 8601 duration: "))
                    && err.contains(why),
                "{text}: {err}"
            );
        }
        let err = serde_json::from_str::<IsoDuration>("\"P1\"").unwrap_err();
        assert!(err.to_string().contains("lacks its unit"), "{err}");
        let err = serde_json::from_str::<IsoDuration>("3600").unwrap_err();
        assert!(err.to_string().contains("an ISO 8601 duration"), "{err}");
    }

    #[test]
    fn built_durations_take_their_shortest_form() {
        let d = IsoDuration::new(DurationParts {
            days: 1,
            hours: 2,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(d.to_string(), "P1DT2H");
        assert_eq!(
            IsoDuration::new(DurationParts::default())
                .unwrap()
                .to_string(),
            "PT0S"
        );
        let d = IsoDuration::new(DurationParts {
            negative: true,
            seconds: -3,
            nanoseconds: -50_000_000,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(d.to_string(), "-PT-3.05S");
        assert_eq!(dur("-PT-3.05S").parts(), d.parts());
        let d = IsoDuration::new(DurationParts {
            nanoseconds: -1,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(d.to_string(), "PT-0.000000001S");
        for bad in [(1, -1), (0, 1_000_000_000), (-1, 5)] {
            let err = IsoDuration::new(DurationParts {
                seconds: bad.0,
                nanoseconds: bad.1,
                ..Default::default()
            })
            .unwrap_err();
            assert!(err.to_string().contains("not a fraction"), "{err}");
        }
    }

    #[test]
    fn lengths_of_time_where_exact() {
        use chrono::TimeDelta;
        assert_eq!(
            dur("P0M0DT15H0M0S").to_chrono().unwrap(),
            TimeDelta::hours(15)
        );
        assert_eq!(
            dur("P1W1DT1M").to_chrono().unwrap(),
            TimeDelta::minutes(8 * 1440 + 1)
        );
        assert_eq!(dur("-P1DT2H").to_chrono().unwrap(), TimeDelta::hours(-26));
        assert_eq!(dur("P-1DT2H").to_chrono().unwrap(), TimeDelta::hours(-22));
        assert_eq!(
            dur("PT-0.5S").to_chrono().unwrap(),
            TimeDelta::milliseconds(-500)
        );
        assert_eq!(
            dur("PT1.000000001S").to_std().unwrap(),
            std::time::Duration::new(1, 1)
        );
        assert_eq!(
            dur("P0Y0M1DT0H0M0S").to_std().unwrap(),
            std::time::Duration::from_secs(86_400)
        );
        let err = dur("P0Y1M").to_chrono().unwrap_err().to_string();
        assert_eq!(
            err,
            "`P0Y1M` has years or months, which have no fixed length"
        );
        assert!(dur("P1Y").to_std().is_err());
        let err = dur("-P1D").to_std().unwrap_err().to_string();
        assert!(err.contains("is negative"), "{err}");
        let err = dur("P9223372036854775807D")
            .to_chrono()
            .unwrap_err()
            .to_string();
        assert!(err.contains("too long for `chrono::TimeDelta`"), "{err}");
        assert!(dur("P9223372036854775807W").to_std().is_err());
    }

    #[test]
    fn from_lengths_of_time() {
        let d = IsoDuration::from(std::time::Duration::new(90_061, 500_000_000));
        assert_eq!(d.to_string(), "P1DT1H1M1.5S");
        assert_eq!(
            d.to_std().unwrap(),
            std::time::Duration::new(90_061, 500_000_000)
        );
        let d = IsoDuration::from(chrono::TimeDelta::hours(-36));
        assert_eq!(d.to_string(), "-P1DT12H");
        assert_eq!(d.to_chrono().unwrap(), chrono::TimeDelta::hours(-36));
        assert_eq!(
            IsoDuration::from(std::time::Duration::ZERO).to_string(),
            "PT0S"
        );
        let max = IsoDuration::from(chrono::TimeDelta::MIN);
        assert_eq!(max.to_chrono().unwrap(), chrono::TimeDelta::MIN);
    }

    #[test]
    fn debug_shows_the_text() {
        assert_eq!(format!("{:?}", dur("PT14H")), "IsoDuration(\"PT14H\")");
    }
}
