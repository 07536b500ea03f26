//! Contract checks run on every request before it is sent.
//!
//! The generated code implements [`Validate`] for each request and parameter
//! type from the contracts in `spec/`; this module holds the rules themselves,
//! the JSON path bookkeeping and the public error type. A request is checked
//! as a whole: [`ContractViolations`] lists every broken contract, not just
//! the first.
//!
//! How limits are counted:
//! - String lengths are counted in UTF-16 code units, as the Mews servers
//!   (.NET) count them: `"é"` is 1, `"😀"` is 2. The lengths of base64
//!   data count its bytes, not the base64 text.
//! - Decimals are compared with their bounds exactly, never through `f64`.
//! - An interval of at most N months ends no later than its start plus N
//!   calendar months; when the start's day does not exist in the target month
//!   the month's last day is used (31 January + 1 month = 28/29 February).
//!   Its start must not be after its end.
//! - A time-unit window (pricing and availability: `FirstTimeUnitStartUtc`
//!   to `LastTimeUnitStartUtc`) is at most N time units long, N depending on
//!   the service's time unit, which the request does not carry: see
//!   [`Validator::time_unit_window`].

use std::fmt;

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};

use crate::Decimal;

/// A type whose contracts can be checked.
pub trait Validate {
    /// Records every contract `self` breaks into `v`, at `v`'s current path.
    fn validate(&self, v: &mut Validator);

    /// Checks `self` on its own, as the client does before sending it.
    ///
    /// `portfolio` says whether the request would go out with a portfolio
    /// access token, which makes the one enterprise or chain an operation
    /// acts on (`EnterpriseId`, `ChainId`) required.
    fn check_contracts(&self, portfolio: bool) -> Result<(), ContractViolations> {
        let mut v = Validator::new(portfolio);
        self.validate(&mut v);
        v.finish()
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Validator) {
        for (i, item) in self.iter().enumerate() {
            v.push_index(i);
            item.validate(v);
            v.pop();
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator) {
        if let Some(inner) = self {
            inner.validate(v);
        }
    }
}

/// One step of a JSON path.
#[derive(Clone, Copy, Debug)]
enum Segment {
    Property(&'static str),
    Index(usize),
}

/// Collects violations while the generated code walks a request.
///
/// The path is kept as a stack of static names and indices, and only turned
/// into text when a violation is recorded, so a valid request costs no
/// allocation.
#[derive(Debug)]
pub struct Validator {
    path: Vec<Segment>,
    violations: Vec<Violation>,
    portfolio: bool,
    time_unit: Option<TimeUnit>,
}

/// The length of a service's time unit (Mews' `TimeUnitPeriod`), for the
/// checks of time-unit windows.
///
/// Requests of pricing and availability operations do not carry it (it
/// belongs to the service), so their builders take it as a hint that is
/// never sent: `.time_unit_for_checks(TimeUnit::Day)`. From a service read
/// from Mews: `TimeUnit::from_name(period.as_str())`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// An hour.
    Hour,
    /// A day (a night, for stays).
    Day,
    /// A calendar month.
    Month,
}

impl TimeUnit {
    /// The unit Mews names `Hour`, `Day` or `Month`; `None` for any other name.
    pub fn from_name(name: &str) -> Option<TimeUnit> {
        match name {
            "Hour" => Some(TimeUnit::Hour),
            "Day" => Some(TimeUnit::Day),
            "Month" => Some(TimeUnit::Month),
            _ => None,
        }
    }

    /// The name Mews gives it.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Hour => "Hour",
            TimeUnit::Day => "Day",
            TimeUnit::Month => "Month",
        }
    }

    /// `hours`, `days` or `months`, or the singular for one.
    fn count(self, n: u32) -> String {
        let unit = match self {
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
            TimeUnit::Month => "month",
        };
        format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
    }

    /// How many of these units lie between the starts of two units, which
    /// Mews gives as UTC timestamps of the enterprise's local unit starts.
    ///
    /// Hours and days are counted to the nearest whole unit, so a change of
    /// the UTC offset in between (daylight saving) does not count; a month
    /// is counted from the month each start falls in, read 14 hours later:
    /// any UTC offset (-12 to +14 hours) then lands on the local month.
    fn between(self, start: &DateTime<Utc>, end: &DateTime<Utc>) -> i64 {
        let nearest = |unit: i64| {
            let secs = (*end - *start).num_seconds();
            (secs + unit / 2).div_euclid(unit)
        };
        match self {
            TimeUnit::Hour => nearest(3600),
            TimeUnit::Day => nearest(86_400),
            TimeUnit::Month => {
                let month = |t: &DateTime<Utc>| {
                    let local = *t + TimeDelta::hours(14);
                    i64::from(local.year()) * 12 + i64::from(local.month0())
                };
                month(end) - month(start)
            }
        }
    }
}

impl fmt::Display for TimeUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The longest time-unit window per time unit, as the spec states it; a
/// unit left out has no stated limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeUnitLimits {
    /// The most hours, for services whose time unit is an hour.
    pub hours: Option<u32>,
    /// The most days, for services whose time unit is a day.
    pub days: Option<u32>,
    /// The most months, for services whose time unit is a month.
    pub months: Option<u32>,
}

impl TimeUnitLimits {
    /// The limit for `unit`, if the spec states one.
    pub fn get(&self, unit: TimeUnit) -> Option<u32> {
        match unit {
            TimeUnit::Hour => self.hours,
            TimeUnit::Day => self.days,
            TimeUnit::Month => self.months,
        }
    }

    /// The stated limits, shortest unit first.
    fn stated(&self) -> impl Iterator<Item = (TimeUnit, u32)> + '_ {
        [TimeUnit::Hour, TimeUnit::Day, TimeUnit::Month]
            .into_iter()
            .filter_map(|unit| Some((unit, self.get(unit)?)))
    }
}

impl fmt::Display for TimeUnitLimits {
    /// `367 hours, 367 days or 60 months`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.stated().map(|(u, n)| u.count(n)).collect();
        match parts.split_last() {
            Some((last, rest)) if !rest.is_empty() => write!(f, "{} or {last}", rest.join(", ")),
            _ => f.write_str(&parts.concat()),
        }
    }
}

impl Validator {
    /// Starts a check; see [`Validate::check_contracts`] for `portfolio`.
    pub fn new(portfolio: bool) -> Self {
        Validator {
            path: Vec::with_capacity(8),
            violations: Vec::new(),
            portfolio,
            time_unit: None,
        }
    }

    /// Sets the time unit that time-unit windows are checked against: a
    /// request's `time_unit_for_checks`, set before its properties are walked.
    pub fn set_time_unit(&mut self, unit: Option<TimeUnit>) {
        self.time_unit = unit;
    }

    /// The time unit windows are checked against, if the caller gave one.
    pub fn time_unit(&self) -> Option<TimeUnit> {
        self.time_unit
    }

    /// Whether the request goes out with a portfolio access token.
    pub fn portfolio(&self) -> bool {
        self.portfolio
    }

    /// Enters a property.
    pub fn push_property(&mut self, name: &'static str) {
        self.path.push(Segment::Property(name));
    }

    /// Enters an array element.
    pub fn push_index(&mut self, index: usize) {
        self.path.push(Segment::Index(index));
    }

    /// Leaves the innermost property or element.
    pub fn pop(&mut self) {
        self.path.pop();
    }

    /// Records a violation at the current path.
    pub fn report(&mut self, rule: Rule) {
        let path = render_path(&self.path);
        self.violations.push(Violation { path, rule });
    }

    /// Ends the check.
    pub fn finish(self) -> Result<(), ContractViolations> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ContractViolations {
                violations: self.violations,
            })
        }
    }

    /// Checks an array's number of items against `min..=max`.
    pub fn items(&mut self, len: usize, min: Option<usize>, max: Option<usize>) {
        if let Some(min) = min.filter(|&min| len < min) {
            self.report(Rule::MinItems { min, actual: len });
        }
        if let Some(max) = max.filter(|&max| len > max) {
            self.report(Rule::MaxItems { max, actual: len });
        }
    }

    /// Checks a string's length in UTF-16 code units against `min..=max`.
    pub fn length(&mut self, value: &str, min: Option<usize>, max: Option<usize>) {
        // A string never has more UTF-16 units than UTF-8 bytes, nor fewer
        // than a third of them, so most values are decided without counting.
        let bytes = value.len();
        let too_long = max.is_some_and(|max| bytes > max);
        let too_short = min.is_some_and(|min| bytes.div_ceil(3) < min);
        if !too_long && !too_short {
            return;
        }
        let actual = value.encode_utf16().count();
        if let Some(min) = min.filter(|&min| actual < min) {
            self.report(Rule::MinLength { min, actual });
        }
        if let Some(max) = max.filter(|&max| actual > max) {
            self.report(Rule::MaxLength { max, actual });
        }
    }

    /// Checks a number against `min..=max`, the spec's bounds.
    pub fn range<N: RangeValue>(&mut self, value: N, min: Option<f64>, max: Option<f64>) {
        if let Some(rule) = value.out_of_range(min, max) {
            self.report(rule);
        }
    }

    /// Checks a byte string's length in bytes against `min..=max` (for
    /// [`Base64Data`](crate::Base64Data): the decoded bytes, not the base64 text).
    pub fn bytes(&mut self, len: usize, min: Option<usize>, max: Option<usize>) {
        if let Some(min) = min.filter(|&min| len < min) {
            self.report(Rule::MinBytes { min, actual: len });
        }
        if let Some(max) = max.filter(|&max| len > max) {
            self.report(Rule::MaxBytes { max, actual: len });
        }
    }

    /// Checks a date-time interval: ordered and at most `max_months` long.
    pub fn interval(
        &mut self,
        start: &DateTime<Utc>,
        end: &DateTime<Utc>,
        max_months: Option<u32>,
    ) {
        let limit = max_months.map(|m| (m, start.checked_add_months(Months::new(m))));
        self.interval_rule(
            start <= end,
            limit.map(|(m, l)| (m, l.is_none_or(|l| *end <= l))),
            || {
                (
                    start.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    end.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                )
            },
        );
    }

    /// Checks a date interval: ordered and at most `max_months` long.
    pub fn date_interval(&mut self, start: &NaiveDate, end: &NaiveDate, max_months: Option<u32>) {
        let limit = max_months.map(|m| (m, start.checked_add_months(Months::new(m))));
        self.interval_rule(
            start <= end,
            limit.map(|(m, l)| (m, l.is_none_or(|l| *end <= l))),
            || (start.to_string(), end.to_string()),
        );
    }

    fn interval_rule(
        &mut self,
        ordered: bool,
        within: Option<(u32, bool)>,
        text: impl Fn() -> (String, String),
    ) {
        if !ordered {
            let (start, end) = text();
            self.report(Rule::IntervalOrder { start, end });
        } else if let Some((max_months, false)) = within {
            let (start, end) = text();
            self.report(Rule::IntervalLength {
                max_months,
                start,
                end,
            });
        }
    }

    /// Checks a time-unit window: the start of its last time unit (`end`, the
    /// current path) not before that of its first (`start`, the property
    /// `start_property`), and at most as many time units after it as
    /// `limits` allow.
    ///
    /// The limit depends on the service's time unit. With the time unit
    /// the request was built with ([`Validator::set_time_unit`]), its own
    /// limit applies; without it, a window is refused only when it is over
    /// the limit of every unit `limits` states (what no service could
    /// take). A time unit without a stated limit is not checked.
    pub fn time_unit_window(
        &mut self,
        start_property: &'static str,
        start: &DateTime<Utc>,
        end: &DateTime<Utc>,
        limits: TimeUnitLimits,
    ) {
        let text = |t: &DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        if end < start {
            self.report(Rule::TimeUnitWindowOrder {
                start_property,
                start: text(start),
                end: text(end),
            });
            return;
        }
        let over = |unit: TimeUnit, max: u32| {
            let actual = unit.between(start, end);
            (actual > i64::from(max)).then_some(actual)
        };
        match self.time_unit {
            Some(unit) => {
                let Some(max) = limits.get(unit) else {
                    return;
                };
                if let Some(actual) = over(unit, max) {
                    self.report(Rule::TimeUnitWindow {
                        start_property,
                        start: text(start),
                        end: text(end),
                        unit,
                        max,
                        actual: u64::try_from(actual).unwrap_or(u64::MAX),
                    });
                }
            }
            None => {
                let complete =
                    limits.hours.is_some() && limits.days.is_some() && limits.months.is_some();
                if complete && limits.stated().all(|(unit, max)| over(unit, max).is_some()) {
                    self.report(Rule::TimeUnitWindowAnyUnit {
                        start_property,
                        start: text(start),
                        end: text(end),
                        limits,
                    });
                }
            }
        }
    }

    /// Records that a portfolio token makes a missing `EnterpriseId` or
    /// `ChainId` an error.
    pub fn required_with_portfolio_token(&mut self, present: bool) {
        if self.portfolio && !present {
            self.report(Rule::RequiredWithPortfolioToken);
        }
    }
}

/// A number [`Validator::range`] can check: how it compares with the spec's
/// bounds, and the rule it breaks. The one place a numeric type joins the
/// range contract.
pub trait RangeValue: Copy + sealed::Sealed {
    /// The broken rule, if `self` lies outside `min..=max`.
    fn out_of_range(self, min: Option<f64>, max: Option<f64>) -> Option<Rule>;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! float_range {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl RangeValue for $t {
            fn out_of_range(self, min: Option<f64>, max: Option<f64>) -> Option<Rule> {
                let actual = f64::from(self);
                // NaN and the infinities fail whatever the bounds: JSON cannot carry them.
                let below = min.is_some_and(|min| actual < min);
                let above = max.is_some_and(|max| actual > max);
                (below || above || !actual.is_finite()).then_some(Rule::Range { min, max, actual })
            }
        }
    )*};
}

// The types that convert to f64 exactly; generated code casts `i64` (whose
// Mews limits f64 holds exactly) before the call.
float_range!(f64, f32, i32, u32, i16, u16, i8, u8);

impl sealed::Sealed for Decimal {}

impl RangeValue for Decimal {
    /// Compared exactly: a bound is the decimal its shortest text reads as
    /// (the spec's `0.01` is 0.01, not the binary float nearest to it).
    fn out_of_range(self, min: Option<f64>, max: Option<f64>) -> Option<Rule> {
        use rust_decimal::prelude::FromPrimitive;
        let bound = |b: f64| rust_decimal::Decimal::from_f64(b).map(Decimal::from);
        let value = self.value();
        // A bound beyond the decimal range cannot be crossed (the checker
        // refuses such bounds for decimals anyway).
        let below = min.is_some_and(|m| bound(m).is_some_and(|m| value < m.value()));
        let above = max.is_some_and(|m| bound(m).is_some_and(|m| value > m.value()));
        (below || above).then(|| Rule::DecimalRange {
            min: min.and_then(bound),
            max: max.and_then(bound),
            actual: self,
        })
    }
}

fn render_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Property(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// One broken contract: where, and which rule with its limit and actual value.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The JSON path of the offending value, e.g. `VoucherCodeParameters[3].Value`.
    pub path: String,
    /// The rule that was broken.
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule)
    }
}

/// A contract rule, with its limit and the value that broke it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// An array has more items than allowed.
    MaxItems {
        /// The most allowed.
        max: usize,
        /// How many there were.
        actual: usize,
    },
    /// An array has fewer items than required (Mews refuses empty filters).
    MinItems {
        /// The fewest allowed.
        min: usize,
        /// How many there were.
        actual: usize,
    },
    /// A string is longer than allowed, in UTF-16 code units.
    MaxLength {
        /// The longest allowed.
        max: usize,
        /// The actual length.
        actual: usize,
    },
    /// A string is shorter than required, in UTF-16 code units.
    MinLength {
        /// The shortest allowed.
        min: usize,
        /// The actual length.
        actual: usize,
    },
    /// A number lies outside its allowed range.
    Range {
        /// The smallest allowed, if bounded below.
        min: Option<f64>,
        /// The largest allowed, if bounded above.
        max: Option<f64>,
        /// The value.
        actual: f64,
    },
    /// A decimal lies outside its allowed range; compared exactly.
    DecimalRange {
        /// The smallest allowed, if bounded below.
        min: Option<Decimal>,
        /// The largest allowed, if bounded above.
        max: Option<Decimal>,
        /// The value, with its own digits.
        actual: Decimal,
    },
    /// Bytes (base64 on the wire) are longer than allowed, counted in bytes.
    MaxBytes {
        /// The most bytes allowed.
        max: usize,
        /// How many there were.
        actual: usize,
    },
    /// Bytes (base64 on the wire) are shorter than required, counted in bytes.
    MinBytes {
        /// The fewest bytes allowed.
        min: usize,
        /// How many there were.
        actual: usize,
    },
    /// An interval starts after it ends.
    IntervalOrder {
        /// The start, as sent.
        start: String,
        /// The end, as sent.
        end: String,
    },
    /// An interval is longer than allowed.
    IntervalLength {
        /// The longest allowed, in calendar months.
        max_months: u32,
        /// The start, as sent.
        start: String,
        /// The end, as sent.
        end: String,
    },
    /// A time-unit window's last time unit starts before its first.
    TimeUnitWindowOrder {
        /// The JSON name of the window's start, beside the end (the path).
        start_property: &'static str,
        /// The start of the first time unit, as sent.
        start: String,
        /// The start of the last time unit, as sent.
        end: String,
    },
    /// A time-unit window is longer than its service's time unit allows.
    TimeUnitWindow {
        /// The JSON name of the window's start, beside the end (the path).
        start_property: &'static str,
        /// The start of the first time unit, as sent.
        start: String,
        /// The start of the last time unit, as sent.
        end: String,
        /// The service's time unit, as the request was built with it.
        unit: TimeUnit,
        /// The most time units allowed.
        max: u32,
        /// How many time units the last starts after the first.
        actual: u64,
    },
    /// A time-unit window is longer than any time unit allows (the request
    /// was built without its service's time unit).
    TimeUnitWindowAnyUnit {
        /// The JSON name of the window's start, beside the end (the path).
        start_property: &'static str,
        /// The start of the first time unit, as sent.
        start: String,
        /// The start of the last time unit, as sent.
        end: String,
        /// The limit of each time unit.
        limits: TimeUnitLimits,
    },
    /// The one enterprise or chain an operation acts on (`EnterpriseId`,
    /// `ChainId`) is missing although a portfolio access token is in use.
    RequiredWithPortfolioToken,
    /// An update value that Mews does not let clear is set to `Clear`.
    NotClearable,
    /// A required update value is left at `Keep`, which sends nothing.
    RequiredUpdate,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::MaxItems { max, actual } => {
                write!(f, "has {actual} items, more than the maximum of {max}")
            }
            Rule::MinItems { min, actual } => {
                write!(f, "has {actual} items, fewer than the minimum of {min}")
            }
            Rule::MaxLength { max, actual } => {
                write!(
                    f,
                    "is {actual} UTF-16 code units long, more than the maximum of {max}"
                )
            }
            Rule::MinLength { min, actual } => {
                write!(
                    f,
                    "is {actual} UTF-16 code units long, less than the minimum of {min}"
                )
            }
            Rule::Range { min, max, actual } => range(f, actual, min.as_ref(), max.as_ref()),
            Rule::DecimalRange { min, max, actual } => range(f, actual, min.as_ref(), max.as_ref()),
            Rule::MaxBytes { max, actual } => {
                write!(f, "is {actual} bytes long, more than the maximum of {max}")
            }
            Rule::MinBytes { min, actual } => {
                write!(f, "is {actual} bytes long, less than the minimum of {min}")
            }
            Rule::IntervalOrder { start, end } => {
                write!(f, "starts at {start}, after its end {end}")
            }
            Rule::IntervalLength {
                max_months,
                start,
                end,
            } => {
                let unit = if *max_months == 1 { "month" } else { "months" };
                write!(
                    f,
                    "runs from {start} to {end}, longer than the maximum of {max_months} {unit}"
                )
            }
            Rule::TimeUnitWindowOrder {
                start_property,
                start,
                end,
            } => write!(f, "is {end}, before {start_property} {start}"),
            Rule::TimeUnitWindow {
                start_property,
                start,
                end,
                unit,
                max,
                actual,
            } => {
                let actual = u32::try_from(*actual)
                    .map_or_else(|_| format!("{actual} {unit}s"), |n| unit.count(n));
                write!(
                    f,
                    "is {end}, {actual} after {start_property} {start}, more than the {} allowed for a service whose time unit is `{unit}`",
                    unit.count(*max)
                )
            }
            Rule::TimeUnitWindowAnyUnit {
                start_property,
                start,
                end,
                limits,
            } => write!(
                f,
                "is {end}, further after {start_property} {start} than any time unit allows ({limits}); the service's time unit was not given"
            ),
            Rule::RequiredWithPortfolioToken => {
                write!(
                    f,
                    "is required when the client uses a portfolio access token"
                )
            }
            Rule::NotClearable => write!(f, "cannot be cleared, only set or left unchanged"),
            Rule::RequiredUpdate => write!(
                f,
                "is required: set it or clear it (`Update::Keep` sends nothing)"
            ),
        }
    }
}

/// "is 12, outside the allowed range 1..=10", for every kind of number.
fn range<N: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    actual: &N,
    min: Option<&N>,
    max: Option<&N>,
) -> fmt::Result {
    write!(f, "is {actual}, outside the allowed range ")?;
    match (min, max) {
        (Some(min), Some(max)) => write!(f, "{min}..={max}"),
        (Some(min), None) => write!(f, "{min}.."),
        (None, Some(max)) => write!(f, "..={max}"),
        (None, None) => write!(f, ".."),
    }
}

/// Every contract a request broke; the request was not sent.
#[derive(Clone, Debug, PartialEq)]
pub struct ContractViolations {
    violations: Vec<Violation>,
}

impl ContractViolations {
    /// The violations, in the order the request's properties were walked.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Consumes the error, giving the violations.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ContractViolations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "the request breaks {n} contract{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, violation) in self.violations.iter().enumerate() {
            let sep = if i == 0 { " " } else { "; " };
            write!(f, "{sep}{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContractViolations {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_renders_properties_and_indices() {
        let mut v = Validator::new(false);
        v.push_property("VoucherCodeParameters");
        v.push_index(3);
        v.push_property("Value");
        v.report(Rule::MaxLength {
            max: 128,
            actual: 129,
        });
        let err = v.finish().unwrap_err();
        assert_eq!(err.violations()[0].path, "VoucherCodeParameters[3].Value");
        assert_eq!(
            err.to_string(),
            "the request breaks 1 contract: VoucherCodeParameters[3].Value: is 129 UTF-16 code units long, more than the maximum of 128"
        );
    }

    #[test]
    fn several_violations_are_separated_not_terminated() {
        let mut v = Validator::new(false);
        v.push_property("Name");
        v.length("", Some(1), None);
        v.pop();
        v.push_property("Ids");
        v.report(Rule::MaxItems {
            max: 10,
            actual: 11,
        });
        let err = v.finish().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the request breaks 2 contracts: Name: is 0 UTF-16 code units long, less than the minimum of 1; Ids: has 11 items, more than the maximum of 10"
        );
    }

    #[test]
    fn the_portfolio_rule_applies_only_with_a_portfolio_token() {
        for portfolio in [false, true] {
            let mut v = Validator::new(portfolio);
            v.push_property("ChainId");
            v.required_with_portfolio_token(false);
            v.pop();
            v.push_property("EnterpriseId");
            v.required_with_portfolio_token(true);
            v.pop();
            let reported: Vec<String> = v.violations.iter().map(|x| x.to_string()).collect();
            let expected: &[&str] = if portfolio {
                &["ChainId: is required when the client uses a portfolio access token"]
            } else {
                &[]
            };
            assert_eq!(reported, expected);
        }
    }

    #[test]
    fn a_kept_required_update_says_what_to_do() {
        let mut v = Validator::new(false);
        v.push_property("AvailabilityUpdates");
        v.push_index(0);
        v.push_property("UnitCountAdjustment");
        v.report(Rule::RequiredUpdate);
        assert_eq!(
            v.finish().unwrap_err().violations()[0].to_string(),
            "AvailabilityUpdates[0].UnitCountAdjustment: is required: set it or clear it (`Update::Keep` sends nothing)"
        );
    }

    #[test]
    fn ranges_refuse_nan_and_infinities() {
        let mut v = Validator::new(false);
        v.range(5.0, Some(1.0), Some(10.0));
        assert!(v.violations.is_empty());
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            v.range(bad, Some(1.0), Some(10.0));
            v.range(bad, None, None);
        }
        assert_eq!(v.violations.len(), 6);
    }

    #[test]
    fn decimals_are_compared_exactly() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        let mut v = Validator::new(false);
        // The bound is the spec's 0.01, not the binary float beside it.
        v.range(dec("0.01"), Some(0.01), Some(100.0));
        v.range(
            dec("100.0000000000000000000000000"),
            Some(0.01),
            Some(100.0),
        );
        assert!(v.violations.is_empty());
        // Beyond what f64 tells apart from the bounds.
        v.range(
            dec("100.0000000000000000000000001"),
            Some(0.01),
            Some(100.0),
        );
        v.range(dec("0.0099999999999999999999999999"), Some(0.01), None);
        v.range(dec("-0.50"), Some(0.0), None);
        let rules: Vec<String> = v.violations.iter().map(|x| x.rule.to_string()).collect();
        assert_eq!(
            rules,
            [
                "is 100.0000000000000000000000001, outside the allowed range 0.01..=100",
                "is 0.0099999999999999999999999999, outside the allowed range 0.01..",
                "is -0.50, outside the allowed range 0..",
            ]
        );
        assert_eq!(
            v.violations[2].rule,
            Rule::DecimalRange {
                min: Some(dec("0")),
                max: None,
                actual: dec("-0.50")
            }
        );
    }

    #[test]
    fn byte_lengths() {
        let mut v = Validator::new(false);
        v.bytes(10, Some(1), Some(10));
        assert!(v.violations.is_empty());
        v.bytes(11, Some(1), Some(10));
        v.bytes(0, Some(1), None);
        let rules: Vec<String> = v.violations.iter().map(|x| x.rule.to_string()).collect();
        assert_eq!(
            rules,
            [
                "is 11 bytes long, more than the maximum of 10",
                "is 0 bytes long, less than the minimum of 1",
            ]
        );
    }

    #[test]
    fn length_counts_utf16_code_units() {
        let mut v = Validator::new(false);
        // 64 emoji are 64 chars, 256 bytes, 128 UTF-16 units: allowed.
        v.length(&"😀".repeat(64), Some(1), Some(128));
        assert!(v.violations.is_empty());
        // 128 two-byte chars are 256 bytes but 128 units: allowed.
        v.length(&"é".repeat(128), Some(1), Some(128));
        assert!(v.violations.is_empty());
        v.length(&"😀".repeat(65), None, Some(128));
        assert_eq!(
            v.violations[0].rule,
            Rule::MaxLength {
                max: 128,
                actual: 130
            }
        );
        v.length("", Some(1), None);
        assert_eq!(v.violations[1].rule, Rule::MinLength { min: 1, actual: 0 });
    }

    #[test]
    fn months_are_calendar_months_clamped_to_month_end() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut v = Validator::new(false);
        v.interval(
            &at("2024-11-30T00:00:00Z"),
            &at("2025-02-28T00:00:00Z"),
            Some(3),
        );
        v.interval(
            &at("2024-01-01T00:00:00Z"),
            &at("2024-04-01T00:00:00Z"),
            Some(3),
        );
        assert!(v.violations.is_empty());
        v.interval(
            &at("2024-01-01T00:00:00Z"),
            &at("2024-04-01T00:00:01Z"),
            Some(3),
        );
        v.interval(
            &at("2024-01-02T00:00:00Z"),
            &at("2024-01-01T00:00:00Z"),
            Some(3),
        );
        let rules: Vec<_> = v.violations.iter().map(|x| x.rule.clone()).collect();
        assert!(matches!(
            rules[0],
            Rule::IntervalLength { max_months: 3, .. }
        ));
        assert!(matches!(rules[1], Rule::IntervalOrder { .. }));
    }

    const PRICING: TimeUnitLimits = TimeUnitLimits {
        hours: Some(367),
        days: Some(367),
        months: Some(60),
    };

    fn window(unit: Option<TimeUnit>, start: &str, end: &str) -> Vec<String> {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut v = Validator::new(false);
        v.set_time_unit(unit);
        v.push_property("LastTimeUnitStartUtc");
        v.time_unit_window("FirstTimeUnitStartUtc", &at(start), &at(end), PRICING);
        v.violations.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn time_unit_windows_take_the_limit_of_the_given_unit() {
        let day = Some(TimeUnit::Day);
        // 367 days from 2024-01-01 (a leap year) is 2025-01-02.
        assert!(window(day, "2024-01-01T00:00:00Z", "2025-01-02T00:00:00Z").is_empty());
        assert_eq!(
            window(day, "2024-01-01T00:00:00Z", "2025-01-03T00:00:00Z"),
            [
                "LastTimeUnitStartUtc: is 2025-01-03T00:00:00Z, 368 days after FirstTimeUnitStartUtc 2024-01-01T00:00:00Z, more than the 367 days allowed for a service whose time unit is `Day`"
            ]
        );
        let hour = Some(TimeUnit::Hour);
        assert!(window(hour, "2024-01-01T00:00:00Z", "2024-01-16T07:00:00Z").is_empty());
        assert_eq!(
            window(hour, "2024-01-01T00:00:00Z", "2024-01-16T08:00:00Z").len(),
            1
        );
        let month = Some(TimeUnit::Month);
        assert!(window(month, "2023-12-31T23:00:00Z", "2028-12-31T23:00:00Z").is_empty());
        assert_eq!(
            window(month, "2023-12-31T23:00:00Z", "2029-01-31T23:00:00Z"),
            [
                "LastTimeUnitStartUtc: is 2029-01-31T23:00:00Z, 61 months after FirstTimeUnitStartUtc 2023-12-31T23:00:00Z, more than the 60 months allowed for a service whose time unit is `Month`"
            ]
        );
    }

    #[test]
    fn time_unit_windows_count_local_units_across_offset_changes() {
        // Prague: summer midnights are 22:00 UTC, winter ones 23:00 UTC. 367
        // local days across the end and the start of summer time:
        let day = Some(TimeUnit::Day);
        assert!(window(day, "2024-10-24T22:00:00Z", "2025-10-26T23:00:00Z").is_empty());
        assert_eq!(
            window(day, "2024-10-24T22:00:00Z", "2025-10-27T23:00:00Z").len(),
            1
        );
        assert!(window(day, "2024-03-28T23:00:00Z", "2025-03-30T22:00:00Z").is_empty());
        assert_eq!(
            window(day, "2024-03-28T23:00:00Z", "2025-03-31T22:00:00Z").len(),
            1
        );
        // Month starts a day apart in UTC, and New York's on the 1st at 04:00 or 05:00.
        let month = Some(TimeUnit::Month);
        assert!(window(month, "2024-02-29T23:00:00Z", "2029-02-28T23:00:00Z").is_empty());
        assert!(window(month, "2024-03-01T05:00:00Z", "2029-03-01T05:00:00Z").is_empty());
        assert_eq!(
            window(month, "2024-03-01T05:00:00Z", "2029-04-01T04:00:00Z").len(),
            1
        );
        // Kiritimati (+14): 1 March starts on 29 February at 10:00 UTC.
        assert!(window(month, "2024-02-29T10:00:00Z", "2029-02-28T10:00:00Z").is_empty());
    }

    #[test]
    fn without_a_unit_only_what_no_unit_allows_is_refused() {
        assert!(window(None, "2024-01-01T00:00:00Z", "2029-01-01T00:00:00Z").is_empty());
        assert_eq!(
            window(None, "2024-01-01T00:00:00Z", "2029-02-01T00:00:00Z"),
            [
                "LastTimeUnitStartUtc: is 2029-02-01T00:00:00Z, further after FirstTimeUnitStartUtc 2024-01-01T00:00:00Z than any time unit allows (367 hours, 367 days or 60 months); the service's time unit was not given"
            ]
        );
        assert_eq!(
            window(None, "2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z"),
            [
                "LastTimeUnitStartUtc: is 2024-01-01T00:00:00Z, before FirstTimeUnitStartUtc 2024-01-02T00:00:00Z"
            ]
        );
    }

    #[test]
    fn a_unit_without_a_stated_limit_is_not_checked() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let days_only = TimeUnitLimits {
            hours: None,
            days: Some(367),
            months: None,
        };
        for unit in [None, Some(TimeUnit::Hour), Some(TimeUnit::Month)] {
            let mut v = Validator::new(false);
            v.set_time_unit(unit);
            v.time_unit_window(
                "A",
                &at("2024-01-01T00:00:00Z"),
                &at("2034-01-01T00:00:00Z"),
                days_only,
            );
            assert!(v.violations.is_empty(), "{unit:?}");
        }
        assert_eq!(days_only.to_string(), "367 days");
        assert_eq!(TimeUnit::from_name("Day"), Some(TimeUnit::Day));
        assert_eq!(TimeUnit::from_name("Week"), None);
    }
}
