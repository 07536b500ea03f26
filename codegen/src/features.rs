//! The client's cargo features: one per generated module, so that a user
//! compiles only the resources they call.
//!
//! A module's feature requires the features of the modules whose types it
//! uses (in properties, union variants and responses), so every selection
//! of features compiles. The module holding the envelope, and whatever it
//! uses, is part of every build: the runtime needs it. `full` turns every
//! feature on. `check` refuses a module named like a feature the client has
//! anyway ([`names::CLIENT_FEATURES`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::crates::{Crate, Layout};
use crate::names;
use crate::spec::{Property, Response, SpecFile, TypeExpr};

/// The features of a spec.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// Modules compiled in every build, by module name.
    pub always: BTreeSet<String>,
    /// The other modules, by module name: each is its own feature, requiring
    /// those of the (not always compiled) modules it uses.
    pub gated: BTreeMap<String, BTreeSet<String>>,
}

impl Features {
    /// The feature that compiles `module`, if it is not always compiled.
    pub fn of_module(&self, module: &str) -> Option<String> {
        self.gated
            .contains_key(module)
            .then(|| names::feature(module))
    }
}

/// The modules each file's types use, and the features that follow.
///
/// Expects a spec `check` accepted: a name that resolves nowhere is skipped.
pub fn features(files: &[SpecFile]) -> Features {
    let module_of: BTreeMap<&str, String> = files
        .iter()
        .flat_map(|file| {
            let module = names::module_name(file);
            let objects = file.objects.iter().map(|o| o.name.value.as_str());
            let enums = file.enums.iter().map(|e| e.name.value.as_str());
            let unions = file.unions.iter().map(|u| u.name.value.as_str());
            objects
                .chain(enums)
                .chain(unions)
                .map(move |name| (name, module.clone()))
        })
        .collect();
    let uses: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .map(|file| {
            let module = names::module_name(file);
            let used = used_names(file)
                .filter_map(|name| module_of.get(name))
                .filter(|other| **other != module)
                .cloned()
                .collect();
            (module, used)
        })
        .collect();
    // Always compiled: the envelope's module and, transitively, what it uses.
    let mut always = BTreeSet::new();
    let mut todo: Vec<String> = files
        .iter()
        .filter(|f| f.envelope.is_some())
        .map(names::module_name)
        .collect();
    while let Some(module) = todo.pop() {
        if always.insert(module.clone()) {
            todo.extend(uses.get(&module).into_iter().flatten().cloned());
        }
    }
    let gated = uses
        .into_iter()
        .filter(|(module, _)| !always.contains(module))
        .map(|(module, used)| {
            let requires = used.into_iter().filter(|m| !always.contains(m)).collect();
            (module, requires)
        })
        .collect();
    Features { always, gated }
}

/// Every type name `file` refers to (with repeats).
fn used_names(file: &SpecFile) -> impl Iterator<Item = &str> {
    let operations = file.resource.iter().flat_map(|r| &r.operations);
    let requests = operations.clone().flat_map(|op| {
        op.request
            .iter()
            .chain(op.parameter_sets.iter().flat_map(|set| &set.properties))
    });
    let responses = operations.filter_map(|op| match &op.response.value {
        Response::Object(name) => Some(name.as_str()),
        Response::Empty => None,
    });
    let objects = file.objects.iter().flat_map(|o| &o.properties);
    let union_properties = file.unions.iter().flat_map(|u| &u.properties);
    let variants = file
        .unions
        .iter()
        .flat_map(|u| &u.variants)
        .filter_map(|v| Some(&v.ty.as_ref()?.value));
    // A union's discriminator enum may be another module's.
    let tags = file
        .unions
        .iter()
        .filter_map(|u| Some(u.tag.as_ref()?.value.as_str()));
    requests
        .chain(objects)
        .chain(union_properties)
        .map(|p: &Property| &p.ty.value)
        .chain(variants)
        .filter_map(TypeExpr::named)
        .chain(tags)
        .chain(responses)
}

/// The lines of the client's `[features]` table that follow the spec:
/// `full`, then one feature per gated module, sorted. A module's feature
/// turns on its types in their crate ([`crate::crates`]) and the client's
/// modules of the types it uses.
pub fn cargo_table(features: &Features) -> String {
    let layout = Layout::new(features);
    let mut out = format!("{} = [\n", names::FULL_FEATURE);
    for module in features.gated.keys() {
        out.push_str(&format!("    \"{}\",\n", names::feature(module)));
    }
    out.push_str("]\n");
    for (module, requires) in &features.gated {
        let own = layout.feature_from(Crate::Client, module);
        let requires = requires.iter().map(|m| names::feature(m));
        out.push_str(&feature_line(module, std::iter::once(own).chain(requires)));
    }
    out
}

/// `module = ["a", "b"]`: the line of `module`'s feature in a manifest.
pub(crate) fn feature_line(module: &str, requires: impl Iterator<Item = String>) -> String {
    let requires: Vec<String> = requires.map(|f| format!("\"{f}\"")).collect();
    format!("{} = [{}]\n", names::feature(module), requires.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    const COMMON: &str = "envelope:
  docs: https://example.com/auth
  properties:
    ClientToken: { role: client_token, description: Integration. }
    AccessToken: { role: access_token, description: Property. }
    Client: { role: client, description: Application. }
    LanguageCode: { role: language_code, description: Language. }
    CultureCode: { role: culture_code, description: Culture. }
objects:
  Shared:
    description: Shared, and holding a type of a resource.
    properties:
      Label: { type: Label, description: A label. }
";

    /// A resource whose one operation sends `sent` and returns `returned`,
    /// and which defines the object `defines`.
    fn resource(name: &str, sent: &str, returned: &str, defines: &str) -> SourceFile {
        SourceFile {
            name: format!("{name}.yaml"),
            text: format!(
                "resource: {name}
summary: Things.
docs: https://example.com/{name}
operations:
  {name}/getAll:
    summary: Lists.
    docs: https://example.com/{name}#get-all
    safe_to_retry: true
    request:
      Filter: {{ type: list<{sent}>, description: Filter. }}
    response: {returned}
objects:
  {defines}:
    description: An object.
    properties:
      Id: {{ type: uuid, required: true, description: Id. }}
  {defines}Result:
    description: A result.
    properties:
      Items: {{ type: list<{defines}>, description: Items. }}
",
            ),
        }
    }

    fn features_of(files: &[SourceFile]) -> Features {
        features(&crate::load_spec(files).unwrap_or_else(|d| panic!("{d}")))
    }

    #[test]
    fn a_union_requires_the_module_of_its_tag_enum() {
        let mut kinds = resource("kinds", "uuid", "KindResult", "Kind");
        kinds.text.push_str(
            "enums:\n  GadgetKind:\n    description: Kinds.\n    values:\n      Plain:\n",
        );
        let gadgets = SourceFile {
            name: "gadgets.yaml".into(),
            text: "resource: gadgets
summary: Gadgets.
docs: https://example.com/gadgets
operations:
  gadgets/getAll:
    summary: Lists.
    docs: https://example.com/gadgets#get-all
    safe_to_retry: true
    request:
      Filter: { type: list<uuid>, description: Filter. }
    response: GadgetResult
objects:
  GadgetResult:
    description: A result.
    properties:
      Data: { type: GadgetData, description: Data. }
  Plain:
    description: Plain data.
    properties:
      Id: { type: uuid, required: true, description: Id. }
unions:
  GadgetData:
    description: Data.
    docs: https://example.com/gadgets#data
    discriminator: Discriminator
    value: Value
    tag: GadgetKind
    variants:
      Plain: { type: Plain, description: Plain. }
"
            .into(),
        };
        let common = SourceFile {
            name: "_common.yaml".into(),
            text: COMMON.into(),
        };
        let labels = resource("labels", "uuid", "LabelResult", "Label");
        let features = features_of(&[common, labels, kinds, gadgets]);
        let requires = features.gated["gadgets"]
            .iter()
            .cloned()
            .collect::<Vec<_>>();
        assert_eq!(requires, ["kinds"]);
        let layout = Layout::new(&features);
        assert_eq!(layout.home("kinds"), Crate::Shared);
        assert_eq!(layout.home("gadgets"), Crate::Linked);
    }

    #[test]
    fn a_module_requires_the_modules_whose_types_it_sends_or_returns() {
        let mut files = vec![
            SourceFile {
                name: "_common.yaml".into(),
                text: COMMON.into(),
            },
            resource("labels", "uuid", "LabelResult", "Label"),
            resource("gadgets", "uuid", "GadgetResult", "Gadget"),
            // Sends a gadget, returns its own result.
            resource("widgets", "Gadget", "WidgetResult", "Widget"),
            // Returns the widgets' result.
            resource("reports", "uuid", "WidgetResult", "Report"),
        ];
        let features = features_of(&files);
        // `common` uses `labels`: both are in every build.
        assert_eq!(
            features.always,
            BTreeSet::from(["common".to_owned(), "labels".to_owned()])
        );
        let requires = |m: &str| features.gated[m].iter().cloned().collect::<Vec<_>>();
        assert_eq!(requires("widgets"), ["gadgets"]);
        assert_eq!(requires("reports"), ["widgets"]);
        assert!(requires("gadgets").is_empty());
        assert_eq!(features.of_module("labels"), None);
        assert_eq!(features.of_module("gadgets").as_deref(), Some("gadgets"));

        let table = cargo_table(&features);
        assert_eq!(
            table,
            "full = [\n    \"gadgets\",\n    \"reports\",\n    \"widgets\",\n]\n\
             gadgets = [\"mews-connector-shared/gadgets\"]\n\
             reports = [\"mews-connector-linked/reports\", \"widgets\"]\n\
             widgets = [\"mews-connector-shared/widgets\", \"gadgets\"]\n"
        );
        // `gadgets` and `widgets` are used by another module, `reports` uses
        // one of them; `labels` is in every build.
        let layout = Layout::new(&features);
        assert_eq!(layout.home("labels"), Crate::Core);
        assert_eq!(layout.home("gadgets"), Crate::Shared);
        assert_eq!(layout.home("widgets"), Crate::Shared);
        assert_eq!(layout.home("reports"), Crate::Linked);
        assert_eq!(
            layout.crates_used_by(Crate::Linked, &features),
            BTreeSet::from([Crate::Shared])
        );
        let linked = crate::crates::manifest(Crate::Linked, &layout, &features);
        assert!(
            linked.contains("\nroundtrip = [\"mews-connector-core/roundtrip\", \"mews-connector-shared/roundtrip\"]\nreports = [\"mews-connector-shared/widgets\"]\n"),
            "{linked}"
        );
        // Same table whatever the order of the files.
        files.reverse();
        assert_eq!(cargo_table(&features_of(&files)), table);
    }
}
