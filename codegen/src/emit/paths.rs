//! Which crate generated code is compiled in, and so how it names things:
//! the one place that decides whether a path starts with `crate` or with
//! the client crate's name.
//!
//! The client's own modules are `crate::...`. An overlay (extra spec files
//! generated into another crate, see [`crate::generate_overlay`]) reaches
//! the runtime and the client's modules as `::mews_connector::...` and only
//! its own modules as `crate::...`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::names::ident;

/// The client crate's name in paths.
const CLIENT_CRATE: &str = "mews_connector";

/// The crate the generated code is compiled in.
#[derive(Clone, Debug, Default)]
pub enum Target {
    /// The client crate itself.
    #[default]
    Client,
    /// Another crate that depends on the client; holds the names of the
    /// modules generated into it.
    Overlay(BTreeSet<String>),
}

/// The module being emitted, and the crate it is compiled in.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    module: &'a str,
    target: &'a Target,
}

impl<'a> Scope<'a> {
    /// Emitting module `module` (empty: items outside every module's own types).
    pub fn new(module: &'a str, target: &'a Target) -> Self {
        Scope { module, target }
    }

    /// The same crate, emitting another module.
    pub fn with_module(self, module: &'a str) -> Self {
        Scope { module, ..self }
    }

    /// The module being emitted.
    pub fn module(&self) -> &str {
        self.module
    }

    /// Whether the code goes into a crate other than the client.
    pub fn is_overlay(&self) -> bool {
        matches!(self.target, Target::Overlay(_))
    }

    /// The crate that holds `module`'s items, or the runtime's for `None`,
    /// as seen from here: `crate` or the client crate's name.
    fn root(&self, module: Option<&str>) -> Option<&'static str> {
        match (self.target, module) {
            (Target::Client, _) => None,
            (Target::Overlay(own), Some(m)) if own.contains(m) => None,
            (Target::Overlay(_), _) => Some(CLIENT_CRATE),
        }
    }

    /// The runtime's root for paths in code: `crate` or `::mews_connector`,
    /// as in `quote!(#rt::update::Update)`.
    pub fn runtime(&self) -> TokenStream {
        root_tokens(self.root(None))
    }

    /// A runtime item's path as text, for attribute strings and doc links,
    /// e.g. `runtime_text("update::Update::is_keep")`.
    pub fn runtime_text(&self, rest: &str) -> String {
        format!("{}::{rest}", self.root(None).unwrap_or("crate"))
    }

    /// The path of generated module `module`: `crate::m` or `::mews_connector::m`.
    pub fn module_path(&self, module: &str) -> TokenStream {
        let root = root_tokens(self.root(Some(module)));
        let module = ident(module);
        quote!(#root::#module)
    }
}

fn root_tokens(root: Option<&str>) -> TokenStream {
    match root {
        None => quote!(crate),
        Some(name) => {
            let name = ident(name);
            quote!(::#name)
        }
    }
}
