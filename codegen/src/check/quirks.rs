//! The keys that record the documentation's quirks without weakening the
//! types (`aliases`, `examples_omit`, `tolerate_absent`), and one spec name
//! given to two types, as happens when a title names different objects on
//! different pages of the Mews documentation.

use std::collections::BTreeMap;

use super::{Checker, Symbol, article};
use crate::diagnostic::{Location, Seg};
use crate::names;
use crate::spec::*;

/// Who reads a JSON name of an object: a property by its own name, or by
/// one of its aliases.
struct Reader<'s> {
    property: &'s str,
    alias: bool,
    loc: &'s Location,
}

impl<'s> Checker<'s, '_> {
    /// Checks the quirk keys of one struct's properties. `sent` and
    /// `received` tell on which side of an operation the struct travels.
    pub(super) fn quirks(
        &mut self,
        props: &'s [Property],
        owner: &str,
        sent: bool,
        received: bool,
    ) {
        let mut readers: BTreeMap<&'s str, Reader<'s>> = props
            .iter()
            .map(|p| {
                let reader = Reader {
                    property: &p.name.value,
                    alias: false,
                    loc: &p.name.loc,
                };
                (p.name.value.as_str(), reader)
            })
            .collect();
        for prop in props {
            let name = &prop.name.value;
            for alias in &prop.aliases {
                let value = alias.value.as_str();
                if value.is_empty() {
                    let msg = format!("an empty alias of `{name}` of {owner}");
                    self.error(
                        &alias.loc,
                        msg,
                        Some("write the other spelling, e.g. `aliases: [ContacPerson]`".into()),
                    );
                    continue;
                }
                if value == name {
                    let msg = format!("`{value}` is given as an alias of itself on {owner}");
                    self.error(
                        &alias.loc,
                        msg,
                        Some("an alias is another spelling of the name; remove it".into()),
                    );
                    continue;
                }
                match readers.get(value) {
                    Some(other) => {
                        let msg = if !other.alias {
                            format!(
                                "alias `{value}` of `{name}` is the name of another property of {owner}"
                            )
                        } else if other.property == name {
                            format!("alias `{value}` of `{name}` is given twice")
                        } else {
                            format!(
                                "alias `{value}` of `{name}` is also an alias of `{}` of {owner}",
                                other.property
                            )
                        };
                        let what = if other.alias {
                            "the other alias"
                        } else {
                            "the other property"
                        };
                        let first = other.loc.clone();
                        self.error_with(
                            &alias.loc,
                            msg,
                            (what, &first),
                            Some(
                                "a JSON name is read into one property only: remove one of them"
                                    .into(),
                            ),
                        );
                    }
                    None => {
                        let reader = Reader {
                            property: name,
                            alias: true,
                            loc: &alias.loc,
                        };
                        readers.insert(value, reader);
                    }
                }
            }
            // What follows reads `required`, which may only be unset because it did not load.
            let prop_loc = Location {
                at_key: false,
                ..prop.name.loc.clone()
            };
            if self.incomplete(&prop_loc) {
                continue;
            }
            let key = |k: &str| prop_loc.key(k).at_key();
            if prop.examples_omit.is_some() {
                if !prop.required {
                    let msg =
                        format!("`examples_omit` on `{name}` of {owner}, which is not required");
                    self.error(&key("examples_omit"), msg, Some("remove `examples_omit`: an example may leave out an optional property anyway".into()));
                } else if prop.tolerate_absent.is_some() && received && !sent {
                    let msg = format!(
                        "`examples_omit` on `{name}` of {owner}, which responses read as optional already (`tolerate_absent`)"
                    );
                    self.error(&key("examples_omit"), msg, Some("remove `examples_omit`: it is for properties whose type stays required".into()));
                }
            }
            if prop.examples_break.is_some() && prop.contracts.is_empty() {
                let msg = format!("`examples_break` on `{name}` of {owner}, which has no contract");
                let help = "remove `examples_break`: it records an example that breaks one of the property's contracts";
                self.error(&key("examples_break"), msg, Some(help.into()));
            }
            if prop.tolerate_absent.is_some()
                && prop.required
                && sent
                && !received
                && self.sides_known()
            {
                let msg =
                    format!("`tolerate_absent` on `{name}` of {owner}, which only requests send");
                let help = "`tolerate_absent` makes responses read a required property as optional, and a request always sends it: remove it; if the documentation's examples leave the property out, say so with `examples_omit`";
                self.error(&key("tolerate_absent"), msg, Some(help.into()));
            }
        }
    }

    /// The quirk keys of a request's parameter sets. Aliases are refused in
    /// such a request: it is read through the sets' own wire struct, which
    /// knows the properties' names only.
    pub(super) fn parameter_set_quirks(&mut self, op: &'s Operation) {
        if op.parameter_sets.is_empty() {
            return;
        }
        let path = &op.path.value;
        for set in &op.parameter_sets {
            let owner = format!("parameter set `{}` of `{path}`", set.name.value);
            self.quirks(&set.properties, &owner, true, false);
        }
        let properties = op
            .request
            .iter()
            .chain(op.parameter_sets.iter().flat_map(|s| &s.properties));
        for prop in properties {
            if let Some(alias) = prop.aliases.first() {
                let msg = format!(
                    "`aliases` on `{}` of `{path}`, a request with parameter sets",
                    prop.name.value
                );
                let help = "a request with parameter sets is read through the sets' wire struct, which reads each property by its name only; leave the alias out";
                self.error(&alias.loc, msg, Some(help.into()));
            }
        }
    }

    /// Reports `name`, a `what` of `file`, defined again after `first`, a
    /// definition of `first_file`.
    ///
    /// Mews titles an object by what it is (`Customer`), so one title can
    /// name different objects on different pages; the help tells that case
    /// from a plain repeat by the definitions' `docs` links, and names each
    /// after its page.
    pub(super) fn defined_twice(
        &mut self,
        what: &'static str,
        (name, docs, file): (&Located<String>, Option<&str>, &SpecFile),
        first: Symbol<'s>,
        first_file: &SpecFile,
    ) {
        let (first_what, first_name, first_docs) = match first {
            Symbol::Object(o, _) => ("object", &o.name, o.docs.as_deref()),
            Symbol::Enum(e, _) => ("enum", &e.name, e.docs.as_deref()),
            Symbol::Union(u, _) => ("union", &u.name, u.docs.as_deref()),
        };
        let value = &name.value;
        let msg = if first_what == what {
            format!("{what} `{value}` is defined twice")
        } else {
            format!(
                "`{value}` is defined twice: as {} {first_what} and as {} {what}",
                article(first_what),
                article(what)
            )
        };
        let qualified = |file: &SpecFile, docs: Option<&str>| {
            names::qualified_type_name(&page_name(file, docs), value)
        };
        let (a, b) = (qualified(first_file, first_docs), qualified(file, docs));
        let both = if a == b {
            format!("e.g. `{a}`")
        } else {
            let whose = |file: &SpecFile, docs: Option<&str>| match docs {
                Some(url) => url.to_owned(),
                None => format!("the one in {}", file.name),
            };
            format!(
                "`{a}` for {} or `{b}` for {}",
                whose(first_file, first_docs),
                whose(file, docs)
            )
        };
        let help = match (first_docs, docs) {
            (Some(a), Some(b)) if a == b && first_what == what => {
                format!("both describe {a}: keep one definition, which every file can use by name")
            }
            (Some(_), Some(_)) if first_what == what => format!(
                "one Mews title, two different {what}s: name the one away from its own resource's page after its page, {both}, and keep `{value}` for the other (see \"Names\" in spec/README.md)"
            ),
            _ if first_what == what => format!(
                "if these are different {what}s that share a Mews title, name the one away from its own resource's page after its page, {both}, and give both their `docs` links (see \"Names\" in spec/README.md); if they are one {what}, keep one definition"
            ),
            _ => format!(
                "{} {first_what} and {} {what} cannot share a name: name the one away from its own resource's page after its page, {both} (see \"Names\" in spec/README.md)",
                article(first_what),
                article(what)
            ),
        };
        let first_loc = first_name.loc.clone();
        self.error_with(&name.loc, msg, ("first defined", &first_loc), Some(help));
    }
}

/// The page a definition is documented on, as a name: its `docs` link's
/// page, spelt as the file's resource when that is the same page.
fn page_name(file: &SpecFile, docs: Option<&str>) -> String {
    match (&file.resource, docs) {
        (Some(r), Some(url)) if r.name.value.eq_ignore_ascii_case(page_of(url)) => {
            r.name.value.clone()
        }
        (_, Some(url)) => page_of(url).to_owned(),
        (Some(r), None) => r.name.value.clone(),
        (None, None) => names::module_name(file),
    }
}

impl Symbol<'_> {
    /// The index of the file that defines it.
    pub(super) fn file(self) -> usize {
        match self {
            Symbol::Object(_, file) | Symbol::Enum(_, file) | Symbol::Union(_, file) => file,
        }
    }
}

impl Checker<'_, '_> {
    /// Whether every operation and object loaded with its properties'
    /// types, so that the sides each object travels on are known: what
    /// failed to load inside a property, other than its type, does not
    /// change them.
    fn sides_known(&self) -> bool {
        self.diags.dropped().all(|loc| {
            matches!(
                loc.path.as_slice(),
                [_, _, Seg::Key(list), _, Seg::Key(key), ..]
                    if (list == "properties" || list == "request") && key != "type"
            )
        })
    }
}

/// The page of a documentation link: `accounts` for
/// `https://docs.mews.com/connector-api/operations/accounts#customer`.
fn page_of(url: &str) -> &str {
    let url = url.split(['#', '?']).next().unwrap_or(url);
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::page_of;

    #[test]
    fn the_page_of_a_docs_link() {
        assert_eq!(
            page_of("https://docs.mews.com/connector-api/operations/accounts#customer"),
            "accounts"
        );
        assert_eq!(page_of("https://example.com/things/"), "things");
        assert_eq!(page_of("things"), "things");
    }
}
