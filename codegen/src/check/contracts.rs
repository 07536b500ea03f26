//! Contracts (`min_items`, `max_length`, `minimum`, `max_interval_months`...)
//! against the type they sit on. Which contract fits which scalar, and the
//! bounds a scalar takes, come from the scalar table (`crate::scalar`).

use super::*;

impl<'s> Checker<'s, '_> {
    pub(super) fn contracts(&mut self, prop: &Property) {
        let c = &prop.contracts;
        let ty = prop.ty.value.unwrap_update();
        let name = &prop.name.value;
        let shown = type_text(&prop.ty.value);
        let is_list = matches!(ty, TypeExpr::List(_));
        // The scalar's own contracts come from its table entry.
        let scalar = ty.scalar();
        let takes = |key: &str| scalar.is_some_and(|s| s.contracts.keys().contains(&key));
        let range = match scalar.map(|s| &s.contracts) {
            Some(ScalarContracts::Range(range)) => Some(range),
            _ => None,
        };
        let interval_object = match ty {
            TypeExpr::Named(n) => match self.symbols.get(n.as_str()) {
                Some(Symbol::Object(o, _)) => Some(*o),
                _ => None,
            },
            _ => None,
        };
        let is_interval = interval_object.is_some_and(|o| o.interval.is_some());
        // An object whose `interval` did not load may well be one.
        let maybe_interval =
            is_interval || interval_object.is_some_and(|o| self.incomplete(&o.name.loc));
        let fits: [(&str, bool, Option<&Location>); 7] = [
            ("min_items", is_list, c.min_items.as_ref().map(|l| &l.loc)),
            ("max_items", is_list, c.max_items.as_ref().map(|l| &l.loc)),
            (
                "min_length",
                takes("min_length"),
                c.min_length.as_ref().map(|l| &l.loc),
            ),
            (
                "max_length",
                takes("max_length"),
                c.max_length.as_ref().map(|l| &l.loc),
            ),
            (
                "minimum",
                takes("minimum"),
                c.minimum.as_ref().map(|l| &l.loc),
            ),
            (
                "maximum",
                takes("maximum"),
                c.maximum.as_ref().map(|l| &l.loc),
            ),
            (
                "max_interval_months",
                maybe_interval,
                c.max_interval_months.as_ref().map(|l| &l.loc),
            ),
        ];
        for (key, ok, loc) in fits {
            if let (false, Some(loc)) = (ok, loc) {
                let applies = match key {
                    "min_items" | "max_items" => "lists".to_owned(),
                    "max_interval_months" => "objects with an `interval`".to_owned(),
                    _ => scalar::taking(key),
                };
                let msg = format!("`{key}` does not apply to `{name}` of type `{shown}`");
                self.error(
                    &loc.clone().at_key(),
                    msg,
                    Some(format!("`{key}` applies to {applies} only")),
                );
            }
        }
        let pairs = [
            (
                "min_items",
                c.min_items.as_ref().map(|l| l.value as f64),
                "max_items",
                c.max_items.as_ref().map(|l| (l.value as f64, &l.loc)),
            ),
            (
                "min_length",
                c.min_length.as_ref().map(|l| l.value as f64),
                "max_length",
                c.max_length.as_ref().map(|l| (l.value as f64, &l.loc)),
            ),
            (
                "minimum",
                c.minimum.as_ref().map(|l| l.value),
                "maximum",
                c.maximum.as_ref().map(|l| (l.value, &l.loc)),
            ),
        ];
        for (lo_key, lo, hi_key, hi) in pairs {
            if let (Some(lo), Some((hi, loc))) = (lo, hi)
                && lo > hi
            {
                let msg = format!("`{lo_key}` ({lo}) is above `{hi_key}` ({hi}) on `{name}`");
                self.error(
                    loc,
                    msg,
                    Some("no value could satisfy both; swap or fix them".into()),
                );
            }
        }
        if let Some(range) = range {
            for (key, bound) in [("minimum", &c.minimum), ("maximum", &c.maximum)] {
                let Some(bound) = bound else { continue };
                if range.whole && bound.value.fract() != 0.0 {
                    let msg = format!(
                        "`{key}` of integer `{name}` is not a whole number ({})",
                        bound.value
                    );
                    self.error(
                        &bound.loc,
                        msg,
                        Some("an integer bound is a whole number".into()),
                    );
                } else if let Some((lowest, highest)) = range.limits
                    && (bound.value < lowest || bound.value > highest)
                {
                    let msg = format!(
                        "`{key}` of `{name}` ({}) is out of the range of `{shown}`",
                        bound.value
                    );
                    self.error(
                        &bound.loc,
                        msg,
                        Some(format!("use a value from {lowest} to {highest}")),
                    );
                }
            }
        }
        if let Some(m) = &c.max_interval_months {
            if m.value == 0 {
                self.error(
                    &m.loc,
                    format!("`max_interval_months` of `{name}` is 0"),
                    Some("use at least 1".into()),
                );
            } else if m.value > 1200 {
                self.error(
                    &m.loc,
                    format!(
                        "`max_interval_months` of `{name}` is {}, over a century",
                        m.value
                    ),
                    Some("leave it out if the interval has no limit".into()),
                );
            }
        }
    }

    /// `sensitive` sits on values the generated code can hide: scalars, and
    /// lists, maps and updates of them, without a range (whose violation
    /// message quotes the value). An object, enum or union marks its own
    /// secret properties instead.
    pub(super) fn sensitive(&mut self, prop: &Property) {
        if !prop.sensitive {
            return;
        }
        let name = &prop.name.value;
        let shown = type_text(&prop.ty.value);
        let at = Location {
            at_key: false,
            ..prop.name.loc.clone()
        };
        if let TypeExpr::Named(n) = prop.ty.value.leaf() {
            self.error(
                &at.key("sensitive").at_key(),
                format!("`sensitive` on `{name}` of type `{shown}`, which is not a scalar"),
                Some(match self.symbols.get(n.as_str()) {
                    Some(Symbol::Enum(..)) => {
                        format!("the values of enum `{n}` are listed in the spec, no secret: remove `sensitive`")
                    }
                    _ => format!("mark the secret properties of `{n}` as `sensitive` instead"),
                }),
            );
        }
        let c = &prop.contracts;
        for (key, bound) in [("minimum", &c.minimum), ("maximum", &c.maximum)] {
            if let Some(bound) = bound {
                self.error(
                    &bound.loc.clone().at_key(),
                    format!("`{key}` on `{name}`, which is `sensitive`"),
                    Some(
                        "a value out of range is reported with its value: leave the range to Mews, or the value is no secret"
                            .into(),
                    ),
                );
            }
        }
    }

    pub(super) fn interval(&mut self, object: &'s Object) {
        let Some(interval) = &object.interval else {
            return;
        };
        let (start, end) = &interval.value;
        let (props, at) = Self::object_properties(object);
        let mut kinds = Vec::new();
        let mut unsure = false;
        for field in [start, end] {
            match self.lookup(props, &at, field) {
                Lookup::Found(p)
                    if (p.ty.value.is(&scalar::DATE_TIME) || p.ty.value.is(&scalar::DATE))
                        && p.required =>
                {
                    kinds.push(p.ty.value.clone())
                }
                Lookup::Unsure => unsure = true,
                Lookup::Found(_) => self.error(
                    &interval.loc,
                    format!("interval field `{field}` must be a required `date-time` or `date`"),
                    Some(format!(
                        "give `{field}` the type `date-time` or `date` and `required: true`"
                    )),
                ),
                Lookup::Absent => self.error(
                    &interval.loc,
                    format!("object `{}` has no property `{field}`", object.name.value),
                    Some("`interval` names the object's start and end properties".into()),
                ),
            }
        }
        if unsure {
            return;
        }
        if kinds.len() == 2 && kinds[0] != kinds[1] {
            self.error(
                &interval.loc,
                format!(
                    "the start and end of interval `{}` have different types",
                    object.name.value
                ),
                Some("make both `date-time` or both `date`".into()),
            );
        }
    }

    /// A `time_unit_window`: its start and end are two `date-time`
    /// properties of the same object (or request), and each limit is a
    /// positive number of units, at most a century.
    pub(super) fn time_unit_window(
        &mut self,
        window: &TimeUnitWindow,
        props: &'s [Property],
        at: &Location,
        owner: &str,
    ) {
        for field in [&window.start, &window.end] {
            let name = &field.value;
            match self.lookup(props, at, name) {
                Lookup::Found(p) if p.ty.value.is(&scalar::DATE_TIME) => {}
                Lookup::Unsure => {}
                Lookup::Found(p) => self.error(
                    &field.loc,
                    format!(
                        "time-unit window property `{name}` of {owner} is a `{}`, not a `date-time`",
                        type_text(&p.ty.value)
                    ),
                    Some(format!(
                        "a window runs between two `date-time` properties (the starts of its first and last time units); give `{name}` the type `date-time`"
                    )),
                ),
                Lookup::Absent => self.error(
                    &field.loc,
                    format!("{owner} has no property `{name}`"),
                    Some(
                        "`start` and `end` name two properties of the same object (or request) as `time_unit_window`"
                            .into(),
                    ),
                ),
            }
        }
        if window.start.value == window.end.value {
            self.error(
                &window.end.loc,
                format!(
                    "the time-unit window of {owner} starts and ends at the same property `{}`",
                    window.end.value
                ),
                Some("`start` names the first time unit's start, `end` the last one's".into()),
            );
        }
        if window.max.is_empty() && !self.incomplete(&window.loc.key("max")) {
            self.error(
                &window.loc.key("max"),
                format!("the time-unit window of {owner} states no limit"),
                Some("give at least one of `hours`, `days` and `months`".into()),
            );
        }
        for (unit, n) in &window.max {
            let key = unit.key();
            if n.value == 0 {
                self.error(
                    &n.loc,
                    format!("`max.{key}` of the time-unit window of {owner} is 0"),
                    Some("leave the unit out if the docs state no limit for it".into()),
                );
            } else if n.value > unit.most() {
                self.error(
                    &n.loc,
                    format!(
                        "`max.{key}` of the time-unit window of {owner} is {}, over a century",
                        n.value
                    ),
                    Some("leave the unit out if the docs state no limit for it".into()),
                );
            }
        }
    }
}
