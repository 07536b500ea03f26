//! Which crate of the client each generated module is compiled in.
//!
//! One crate of 200 operations is slow to build and every change rebuilds
//! all of it (docs/PERFORMANCE.md, issue 17), so the client is several
//! crates that cargo builds in parallel. Each module's *types* go into one
//! of the type crates below; its *API* (the resource client and the
//! `Client` accessor) and a re-export of its types go into the client crate
//! `mews-connector`, which users depend on. The type crates know nothing of
//! HTTP. Which type crate a module goes to follows from the modules whose
//! types it uses, so a new resource in `spec/` finds its crate by itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::features::{Features, feature_line};
use crate::names;

/// A crate generated code is compiled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Crate {
    /// `mews-connector`: the client, each resource's API, the re-exports.
    Client,
    /// The runtime's value side and the modules every build compiles
    /// (the envelope's, `common`, and what it uses).
    Core,
    /// Modules whose types other modules use, and the modules they use.
    Shared,
    /// Modules that use types of [`Crate::Shared`] modules.
    Linked,
    /// Modules that use types of [`Crate::Core`] modules only.
    Standalone,
}

impl Crate {
    /// The crates holding generated types, in dependency order.
    pub const TYPES: [Crate; 3] = [Crate::Shared, Crate::Linked, Crate::Standalone];

    /// The crate's name in paths, e.g. `mews_connector_shared`.
    pub fn rust_name(self) -> String {
        names::crate_name(self.package())
    }

    /// The crate's folder, relative to the client's (`generated-client/`):
    /// empty for the client itself.
    pub fn folder(self) -> String {
        match self {
            Crate::Client => String::new(),
            Crate::Core => self.short_name().to_owned(),
            types => format!("types/{}", types.short_name()),
        }
    }

    /// The path of a type crate's manifest, relative to the client's folder.
    pub fn manifest_path(self) -> String {
        format!("{}/Cargo.toml", self.folder())
    }

    /// Every crate of the client, the client first.
    pub const ALL: [Crate; 5] = [
        Crate::Client,
        Crate::Core,
        Crate::Shared,
        Crate::Linked,
        Crate::Standalone,
    ];

    /// The package name, e.g. `mews-connector-shared`.
    pub fn package(self) -> &'static str {
        match self {
            Crate::Client => names::CLIENT_PACKAGE,
            Crate::Core => names::CORE_PACKAGE,
            Crate::Shared => names::SHARED_PACKAGE,
            Crate::Linked => names::LINKED_PACKAGE,
            Crate::Standalone => names::STANDALONE_PACKAGE,
        }
    }

    /// The folder of the crate's generated files, relative to the client's
    /// folder (`generated-client/`).
    pub fn generated_folder(self) -> String {
        match self {
            Crate::Client => "src/generated".to_owned(),
            Crate::Core => format!("{}/src/generated", self.folder()),
            types => format!("{}/src", types.folder()),
        }
    }

    /// The last part of the crate's package name, and its folder's.
    pub fn short_name(self) -> &'static str {
        match self {
            Crate::Client => "client",
            Crate::Core => "core",
            Crate::Shared => "shared",
            Crate::Linked => "linked",
            Crate::Standalone => "standalone",
        }
    }

    /// What the crate holds, for its manifest and documentation.
    pub fn holds(self) -> &'static str {
        match self {
            Crate::Client => "the client and each resource's operations",
            Crate::Core => "the runtime's value side and the common types",
            Crate::Shared => "the resources whose types other resources use",
            Crate::Linked => "the resources that use types of the shared ones",
            Crate::Standalone => "the resources that use no other resource's types",
        }
    }
}

/// The crate of each module's types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    home: BTreeMap<String, Crate>,
}

impl Layout {
    /// The layout that follows from the modules' features: always compiled
    /// modules in [`Crate::Core`]; modules some other module uses, with
    /// everything they use, in [`Crate::Shared`]; modules that use one of
    /// those in [`Crate::Linked`]; the rest in [`Crate::Standalone`].
    ///
    /// So the type crates depend on each other in one direction only:
    /// `Linked` on `Shared`, all of them on `Core`.
    pub fn new(features: &Features) -> Layout {
        // What a used module uses is used too: no closure to take.
        let shared: BTreeSet<&String> = features.gated.values().flatten().collect();
        let always = features.always.iter().map(|m| (m.clone(), Crate::Core));
        let gated = features.gated.iter().map(|(module, uses)| {
            let home = if shared.contains(module) {
                Crate::Shared
            } else if uses.is_empty() {
                Crate::Standalone
            } else {
                Crate::Linked
            };
            (module.clone(), home)
        });
        Layout {
            home: always.chain(gated).collect(),
        }
    }

    /// The crate of `module`'s types ([`Crate::Core`] for a module it does
    /// not know, which a checked spec does not have).
    pub fn home(&self, module: &str) -> Crate {
        self.home.get(module).copied().unwrap_or(Crate::Core)
    }

    /// The modules whose types `krate` holds, sorted.
    pub fn modules_of(&self, krate: Crate) -> impl Iterator<Item = &str> {
        self.home
            .iter()
            .filter(move |(_, home)| **home == krate)
            .map(|(module, _)| module.as_str())
    }

    /// The type crates `krate`'s modules use, besides [`Crate::Core`].
    pub fn crates_used_by(&self, krate: Crate, features: &Features) -> BTreeSet<Crate> {
        self.modules_of(krate)
            .flat_map(|m| features.gated.get(m).into_iter().flatten())
            .map(|m| self.home(m))
            .filter(|home| *home != krate && *home != Crate::Core)
            .collect()
    }

    /// The feature list entry that turns `module` on from `from`: its
    /// feature, prefixed by its crate's package when that is another crate.
    pub fn feature_from(&self, from: Crate, module: &str) -> String {
        match self.home(module) {
            home if home == from => names::feature(module),
            home => format!("{}/{}", home.package(), names::feature(module)),
        }
    }
}

/// The `Cargo.toml` of type crate `krate`, without its header: the
/// workspace's dependencies it uses, and one feature per module (each
/// turning on the modules its types use, in this crate or another).
pub fn manifest(krate: Crate, layout: &Layout, features: &Features) -> String {
    let mut out = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\ndescription = \"Generated types of {}: {}\"\n",
        krate.package(),
        names::CLIENT_PACKAGE,
        krate.holds(),
    );
    for key in ["edition", "rust-version", "license", "publish"] {
        out.push_str(&format!("{key}.workspace = true\n"));
    }
    let used = layout.crates_used_by(krate, features);
    out.push_str("\n[dependencies]\n");
    let packages = std::iter::once(Crate::Core)
        .chain(used.iter().copied())
        .map(Crate::package)
        .chain(["serde", "serde_json", "uuid", "chrono"]);
    for package in packages {
        out.push_str(&format!("{package}.workspace = true\n"));
    }
    let roundtrip: Vec<String> = std::iter::once(Crate::Core)
        .chain(used)
        .map(|c| format!("\"{}/{}\"", c.package(), names::ROUNDTRIP_FEATURE))
        .collect();
    out.push_str(&format!(
        "\n[features]\n{} = [{}]\n",
        names::ROUNDTRIP_FEATURE,
        roundtrip.join(", ")
    ));
    for module in layout.modules_of(krate) {
        let requires = features.gated.get(module).into_iter().flatten();
        out.push_str(&feature_line(
            module,
            requires.map(|m| layout.feature_from(krate, m)),
        ));
    }
    out
}
