//! The checks of discriminated unions: property names, variants, payload
//! types and the tag enum.

use std::collections::{BTreeMap, BTreeSet};

use super::{Checker, Symbol, type_text};
use crate::diagnostic::Location;
use crate::names;
use crate::spec::*;

/// Whether `name` can be a JSON property name the generated code writes.
fn is_property_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl<'s> Checker<'s, '_> {
    pub(super) fn union(&mut self, u: &'s Union) {
        let name = &u.name.value;
        self.type_name(&u.name);
        let whole = !self.incomplete(&Location {
            at_key: false,
            ..u.name.loc.clone()
        });
        for (key, prop) in [
            ("discriminator", Some(&u.discriminator)),
            ("value", u.value.as_ref()),
        ] {
            let Some(prop) = prop else { continue };
            if !is_property_name(&prop.value) && !self.incomplete(&prop.loc) {
                let msg = format!(
                    "`{key}` of union `{name}` must be a JSON property name, found `{}`",
                    prop.value
                );
                self.error(
                    &prop.loc,
                    msg,
                    Some(
                        "write the property as Mews spells it, e.g. `Discriminator` or `Value`"
                            .into(),
                    ),
                );
            }
        }
        if let Some(value) = &u.value
            && value.value == u.discriminator.value
        {
            let msg = format!(
                "union `{name}` reads its discriminator and its payload from the same property `{}`",
                value.value
            );
            self.error(
                &value.loc,
                msg,
                Some("`value` names the property that holds the payload, e.g. `Value`".into()),
            );
        }
        if u.variants.is_empty() && whole {
            self.error(
                &u.name.loc,
                format!("union `{name}` has no variants"),
                Some("list each discriminator value under `variants`".into()),
            );
        }
        let values: Vec<&Located<String>> = u.variants.iter().map(|v| &v.name).collect();
        self.variant_names(&values, "discriminator value");
        self.payload_properties(u);
        for variant in &u.variants {
            if let Some(ty) = &variant.ty {
                self.payload_type(u, variant, ty);
            }
        }
        if let Some(tag) = &u.tag {
            self.tag(u, tag);
        }
        if !u.properties.is_empty() {
            self.union_properties(u);
        }
    }

    /// The properties beside a union's discriminator and payloads: plain
    /// properties, none in a place the union reads otherwise, none in the
    /// field that holds the variant.
    fn union_properties(&mut self, u: &'s Union) {
        let name = &u.name.value;
        let owner = format!("union `{name}`");
        let sent = self.sent.contains(name.as_str());
        let received = self.received.contains(name.as_str());
        self.properties(&u.properties, &owner, sent);
        self.quirks(&u.properties, &owner, sent, received);
        let mut taken: Vec<(&str, &str)> = vec![(&u.discriminator.value, "the discriminator")];
        match &u.value {
            Some(value) => taken.push((&value.value, "the payload")),
            None => taken.extend(
                u.variants
                    .iter()
                    .filter(|v| v.ty.is_some())
                    .map(|v| (v.own_property().value.as_str(), "a variant's payload")),
            ),
        }
        for prop in &u.properties {
            let json = prop.name.value.as_str();
            if let Some((_, what)) = taken.iter().find(|(t, _)| *t == json) {
                let msg = format!("property `{json}` of {owner} is where the union keeps {what}");
                self.error(
                    &prop.name.loc,
                    msg,
                    Some(
                        "`properties` lists only what sits beside the discriminator and payloads"
                            .into(),
                    ),
                );
            }
            if names::field_name(json) == names::UNION_VARIANT_FIELD {
                let msg = format!(
                    "property `{json}` of {owner} becomes the field `{}`, which holds the union's variant",
                    names::UNION_VARIANT_FIELD
                );
                self.error(&prop.name.loc, msg, Some("this needs a change in the generator; report it to the generator's maintainers".into()));
            }
            if matches!(prop.ty.value, TypeExpr::Update(_)) {
                let msg = format!("property `{json}` of {owner} is an update value");
                self.error(&prop.ty.loc, msg, Some("a union's own properties take plain types; the generator does not support `update<T>` there".into()));
            }
            if prop.sensitive {
                let msg = format!("property `{json}` of {owner} is sensitive");
                self.error(&prop.name.loc, msg, Some("the generator does not support secrets among a union's own properties; report it to the generator's maintainers".into()));
            }
            if let Some(alias) = prop.aliases.first() {
                let msg = format!("property `{json}` of {owner} has aliases");
                self.error(
                    &alias.loc,
                    msg,
                    Some(
                        "the generator does not support aliases on a union's own properties".into(),
                    ),
                );
            }
        }
    }

    /// In a union without `value`, each payload has a property of its own:
    /// valid, distinct, and not the discriminator. With `value`, `property`
    /// has no meaning.
    fn payload_properties(&mut self, u: &'s Union) {
        let name = &u.name.value;
        if u.value.is_some() {
            for variant in &u.variants {
                if let Some(property) = &variant.property {
                    let msg = format!(
                        "variant `{}` of union `{name}` has a `property`, but the union's payloads are all in `value`",
                        variant.name.value
                    );
                    self.error(
                        &property.loc.clone().at_key(),
                        msg,
                        Some("remove `property`, or `value` if each variant has a property of its own".into()),
                    );
                }
            }
            return;
        }
        let mut taken: BTreeMap<&str, &Located<String>> = BTreeMap::new();
        if !u.discriminator.value.is_empty() {
            taken.insert(&u.discriminator.value, &u.discriminator);
        }
        for variant in &u.variants {
            let property = variant.own_property();
            if variant.ty.is_none() {
                if let Some(property) = &variant.property {
                    let msg = format!(
                        "variant `{}` of union `{name}` has a `property` but no payload `type`",
                        variant.name.value
                    );
                    self.error(
                        &property.loc.clone().at_key(),
                        msg,
                        Some("give the variant its payload `type`, or remove `property`".into()),
                    );
                }
                continue;
            }
            if !is_property_name(&property.value) {
                let msg = format!(
                    "the payload of variant `{}` of union `{name}` would be read from `{}`, which is not a JSON property name",
                    variant.name.value, property.value
                );
                self.error(
                    &property.loc,
                    msg,
                    Some(
                        "name the payload's property with `property: ...`, as Mews spells it"
                            .into(),
                    ),
                );
            } else if let Some(first) = taken.get(property.value.as_str()) {
                let msg = format!(
                    "the payload of variant `{}` of union `{name}` would be read from `{}`, which {}",
                    variant.name.value,
                    property.value,
                    if std::ptr::eq(*first, &u.discriminator) {
                        "holds the discriminator".to_owned()
                    } else {
                        "holds another variant's payload".to_owned()
                    }
                );
                let first = first.loc.clone();
                self.error_with(
                    &property.loc,
                    msg,
                    ("taken here", &first),
                    Some("each variant's payload has a property of its own; set it with `property: ...`".into()),
                );
            } else {
                taken.insert(&property.value, property);
            }
        }
    }

    /// A payload is an object: the generated code parses it as one, and its
    /// contracts are walked as one's.
    fn payload_type(&mut self, u: &Union, variant: &Variant, ty: &Located<TypeExpr>) {
        let what = match &ty.value {
            TypeExpr::Named(name) => match self.symbols.get(name.as_str()) {
                Some(Symbol::Object(..)) => return,
                Some(Symbol::Enum(..)) => "an enum",
                Some(Symbol::Union(..)) => "a union",
                None => {
                    self.undefined(name, &ty.loc);
                    return;
                }
            },
            _ => "not an object",
        };
        let msg = format!(
            "the payload of variant `{}` of union `{}` is `{}`, {what}",
            variant.name.value,
            u.name.value,
            type_text(&ty.value)
        );
        self.error(
            &ty.loc,
            msg,
            Some(
                "a payload is the name of an object; leave `type` out for a variant without one"
                    .into(),
            ),
        );
    }

    /// The tag enum lists exactly the union's discriminator values.
    fn tag(&mut self, u: &Union, tag: &Located<String>) {
        let name = &u.name.value;
        let e = match self.symbols.get(tag.value.as_str()) {
            Some(Symbol::Enum(e, _)) => *e,
            Some(_) => {
                let msg = format!(
                    "the `tag` of union `{name}` is `{}`, which is not an enum",
                    tag.value
                );
                self.error(
                    &tag.loc,
                    msg,
                    Some("`tag` names the enum that lists the discriminator values".into()),
                );
                return;
            }
            None => {
                self.undefined(&tag.value, &tag.loc);
                return;
            }
        };
        // Either side may have lost entries to load errors: compare whole ones only.
        if self.incomplete(&e.name.loc) || self.incomplete(&u.name.loc) {
            return;
        }
        let listed: BTreeSet<&str> = e.values.iter().map(|v| v.name.value.as_str()).collect();
        let variants: BTreeSet<&str> = u.variants.iter().map(|v| v.name.value.as_str()).collect();
        let missing: Vec<String> = variants
            .difference(&listed)
            .map(|v| format!("`{v}`"))
            .collect();
        let extra: Vec<String> = listed
            .difference(&variants)
            .map(|v| format!("`{v}`"))
            .collect();
        let mut problems = Vec::new();
        if !missing.is_empty() {
            problems.push(format!("lacks {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            problems.push(format!("has no variant for {}", extra.join(", ")));
        }
        if !problems.is_empty() {
            let msg = format!(
                "the tag enum `{}` of union `{name}` does not list the same values: it {}",
                e.name.value,
                problems.join(" and ")
            );
            let enum_loc = e.name.loc.clone();
            self.error_with(
                &tag.loc,
                msg,
                ("the enum", &enum_loc),
                Some("a union has one variant per value of its tag enum".into()),
            );
        }
    }
}
