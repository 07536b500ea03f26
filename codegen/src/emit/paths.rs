//! Which crate generated code is compiled in, and so how it names things:
//! the one place that decides whether a path starts with `crate` or with
//! another crate's name.
//!
//! It also knows whether the code goes into a resource module's `builders`
//! submodule, whose paths to the module's own types start with `super::`.
//!
//! The client is several crates ([`crate::crates`]): a module's types are
//! compiled in the type crate its [`Layout`] gives it and reach the runtime
//! as `::mews_connector_core::...` and other crates' modules by their
//! crate's name; its API is compiled in the client crate, which re-exports
//! everything, so that side names all as `crate::...`. An overlay (extra
//! spec files generated into another crate, see [`crate::generate_overlay`])
//! reaches the runtime and the client's modules as `::mews_connector::...`
//! and only its own modules as `crate::...`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::crates::{Crate, Layout};
use crate::names::{self, ident};

/// The crates the generated code is compiled in.
#[derive(Clone, Debug)]
pub enum Target {
    /// The client's crates, with the crate of each module's types.
    Client(Layout),
    /// Another crate that depends on the client; holds the names of the
    /// modules generated into it.
    Overlay(BTreeSet<String>),
}

impl Target {
    /// The crate `module`'s types are compiled in: its type crate in the
    /// client; an overlay's code sees them all through the client crate.
    fn home(&self, module: &str) -> Crate {
        match self {
            Target::Client(layout) => layout.home(module),
            Target::Overlay(_) => Crate::Client,
        }
    }
}

/// The module being emitted, and the crate it is compiled in.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    module: &'a str,
    target: &'a Target,
    /// The crate the code goes into (for [`Target::Client`]).
    krate: Crate,
    /// Whether the code goes into the module's `builders` submodule.
    in_builders: bool,
}

impl<'a> Scope<'a> {
    /// Emitting module `module` (empty: items outside every module's own types).
    pub fn new(module: &'a str, target: &'a Target) -> Self {
        Scope {
            module,
            target,
            krate: target.home(module),
            in_builders: false,
        }
    }

    /// The same module's API side: the resource client and the accessor,
    /// which go into the client crate.
    pub fn api(self) -> Self {
        Scope {
            krate: Crate::Client,
            ..self
        }
    }

    /// The same module's `builders` submodule
    /// ([`crate::names::BUILDERS_MODULE`]), where builders and their hidden traits go.
    pub fn builders(self) -> Self {
        Scope {
            in_builders: true,
            ..self
        }
    }

    /// The same crate, emitting another module.
    pub fn with_module(self, module: &'a str) -> Self {
        Scope { module, ..self }
    }

    /// The crate the code goes into.
    pub fn krate(&self) -> Crate {
        self.krate
    }

    /// The module being emitted.
    pub fn module(&self) -> &str {
        self.module
    }

    /// Whether the code goes into a crate other than the client.
    pub fn is_overlay(&self) -> bool {
        matches!(self.target, Target::Overlay(_))
    }

    /// The feature an item of the direction `used` or not by the client
    /// itself (a received struct's `Serialize`, a sent one's `Deserialize`)
    /// is compiled with: [`names::ROUNDTRIP_FEATURE`] when unused, none when
    /// used, and none in an overlay (its crate enables the feature on the
    /// client instead).
    fn roundtrip_feature(&self, used: bool) -> Option<&'static str> {
        (!used && !self.is_overlay()).then_some(names::ROUNDTRIP_FEATURE)
    }

    /// `#[cfg(feature = "roundtrip")]` for an item of a direction the client
    /// does not use (`used` false), else nothing.
    pub fn roundtrip_only(&self, used: bool) -> TokenStream {
        match self.roundtrip_feature(used) {
            Some(feature) => quote!(#[cfg(feature = #feature)]),
            None => TokenStream::new(),
        }
    }

    /// `attr` (e.g. a `derive`) under the same condition as
    /// [`Scope::roundtrip_only`]: `#[cfg_attr(feature = "roundtrip", attr)]`,
    /// or plainly `#[attr]`.
    pub fn roundtrip_attr(&self, used: bool, attr: TokenStream) -> TokenStream {
        match self.roundtrip_feature(used) {
            Some(feature) => quote!(#[cfg_attr(feature = #feature, #attr)]),
            None => quote!(#[#attr]),
        }
    }

    /// The crate that holds `module`'s items, or the runtime's for `None`,
    /// as seen from here: `None` for `crate`, else the crate's name.
    fn root(&self, module: Option<&str>) -> Option<String> {
        match self.target {
            // The client crate re-exports the runtime and every module.
            Target::Client(_) if self.krate == Crate::Client => None,
            Target::Client(layout) => {
                let home = module.map_or(Crate::Core, |m| layout.home(m));
                (home != self.krate).then(|| home.rust_name())
            }
            Target::Overlay(own) if module.is_some_and(|m| own.contains(m)) => None,
            Target::Overlay(_) => Some(Crate::Client.rust_name()),
        }
    }

    /// The runtime's root for paths in code: `crate`,
    /// `::mews_connector_core` or `::mews_connector` (from an overlay), as
    /// in `quote!(#rt::update::Update)`.
    pub fn runtime(&self) -> TokenStream {
        root_tokens(self.root(None))
    }

    /// A runtime item's path as text, for attribute strings and doc links,
    /// e.g. `runtime_text("update::Update::is_keep")`.
    pub fn runtime_text(&self, rest: &str) -> String {
        format!("{}::{rest}", self.root(None).as_deref().unwrap_or("crate"))
    }

    /// The path of a type of the module being emitted: `Name`, or
    /// `super::Name` from its `builders` submodule.
    pub fn own_type(&self, name: &str) -> TokenStream {
        let name = ident(name);
        if self.in_builders {
            quote!(super::#name)
        } else {
            quote!(#name)
        }
    }

    /// A doc link to the type `name` of module `module`, e.g. `` [`Limitation`](crate::common::Limitation) ``.
    pub fn doc_link(&self, module: &str, name: &str) -> String {
        match self.item_text(module, name) {
            path if path == name => format!("[`{name}`]"),
            path => format!("[`{name}`]({path})"),
        }
    }

    /// A doc link to the type `name` of module `module` by its whole path,
    /// e.g. `` [`VoucherCodesApi`](crate::voucher_codes::VoucherCodesApi) ``:
    /// for a module's own documentation, whose relative links rustdoc
    /// resolves from the crate root (the modules are re-exported there).
    pub fn doc_link_whole(&self, module: &str, name: &str) -> String {
        let root = self.root(Some(module));
        let root = root.as_deref().unwrap_or("crate");
        format!("[`{name}`]({root}::{module}::{name})")
    }

    /// The path of the type `name` of module `module` as text, as seen from here.
    fn item_text(&self, module: &str, name: &str) -> String {
        if module == self.module {
            if self.in_builders {
                format!("super::{name}")
            } else {
                name.to_owned()
            }
        } else {
            let root = self.root(Some(module));
            let root = root.as_deref().unwrap_or("crate");
            format!("{root}::{module}::{name}")
        }
    }

    /// The path of `module` in the crate of its types, e.g.
    /// `::mews_connector_shared::customers`: what the client crate's module
    /// of the same name re-exports.
    pub fn types_module_path(&self, module: &str) -> TokenStream {
        let krate = ident(&self.target.home(module).rust_name());
        let module = ident(module);
        quote!(::#krate::#module)
    }

    /// The path of generated module `module`: `crate::m`, another type
    /// crate's (`::mews_connector_shared::m`), or `::mews_connector::m`
    /// from an overlay.
    pub fn module_path(&self, module: &str) -> TokenStream {
        let root = root_tokens(self.root(Some(module)));
        let module = ident(module);
        quote!(#root::#module)
    }
}

fn root_tokens(root: Option<String>) -> TokenStream {
    match root {
        None => quote!(crate),
        Some(name) => {
            let name = ident(&name);
            quote!(::#name)
        }
    }
}
