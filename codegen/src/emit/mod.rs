//! Stage 4: IR to Rust tokens, one token stream per generated file.
//!
//! The submodules each emit one kind of item; this one assembles a file and
//! holds what they share (type paths, doc attributes).

mod builders;
mod checks;
mod operations;
mod paths;
mod sensitive;
mod types;
mod unions;

pub use paths::{Scope, Target};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::crates::{Crate, Layout};
use crate::ir::{self, Ty};
use crate::names::{self, ident};
use crate::scalar::Rust;

/// The tokens of one generated file.
pub struct ModuleTokens {
    /// The file's path, relative to the output folder, e.g.
    /// `src/generated/voucher_codes.rs`.
    pub path: String,
    /// The spec file it comes from (empty: the whole spec).
    pub source: String,
    /// The items.
    pub tokens: TokenStream,
}

/// Emits every file of the client: each module's types and API, and the
/// files declaring them.
pub fn emit(api: &ir::Api) -> (Vec<ModuleTokens>, Vec<ModuleTokens>) {
    emit_for(api, &Target::Client(Layout::new(&api.features)))
}

/// Emits the modules that go into `target`, and the files declaring them.
///
/// For an overlay, only the modules it names are emitted; the others are
/// the client's, which the emitted code reaches through the client crate.
pub fn emit_for(api: &ir::Api, target: &Target) -> (Vec<ModuleTokens>, Vec<ModuleTokens>) {
    let own = own_modules(api, target);
    let modules = own.iter().flat_map(|m| module_in(m, target)).collect();
    (modules, roots(&own, target))
}

/// The modules of `api` that go into `target`, in spec order.
pub fn own_modules<'a>(api: &'a ir::Api, target: &Target) -> Vec<&'a ir::Module> {
    api.modules
        .iter()
        .filter(|m| match target {
            Target::Client(_) => true,
            Target::Overlay(names) => names.contains(&m.name),
        })
        .collect()
}

/// Emits the files of one module of `target`: each module can be emitted
/// on its own (and on a thread of its own, as `render_all` does). In the
/// client, its types go to their type crate and its API to the client
/// crate; an overlay's module is one file.
pub fn module_in(m: &ir::Module, target: &Target) -> Vec<ModuleTokens> {
    let here = Scope::new(&m.name, target);
    match target {
        Target::Overlay(_) => vec![ModuleTokens {
            path: format!("{}.rs", m.name),
            source: m.source.clone(),
            tokens: whole_module(m, here),
        }],
        Target::Client(_) => {
            let file = |krate: Crate, tokens| ModuleTokens {
                path: format!("{}/{}.rs", krate.generated_folder(), m.name),
                source: m.source.clone(),
                tokens,
            };
            vec![
                file(here.krate(), types_module(m, here)),
                file(Crate::Client, api_module(m, here.api())),
            ]
        }
    }
}

/// The files that declare `own`: an overlay's `mod.rs`; in the client, the
/// client crate's `mod.rs` (with `for_each_operation`), the core's, and
/// each type crate's `lib.rs`.
pub fn roots(own: &[&ir::Module], target: &Target) -> Vec<ModuleTokens> {
    let root_file = |path: String, tokens| ModuleTokens {
        path,
        source: String::new(),
        tokens,
    };
    let Target::Client(layout) = target else {
        return vec![root_file("mod.rs".to_owned(), root(own, target))];
    };
    let mut files = vec![root_file(
        format!("{}/mod.rs", Crate::Client.generated_folder()),
        root(own, target),
    )];
    let of = |krate: Crate| -> Vec<&ir::Module> {
        own.iter()
            .copied()
            .filter(|m| layout.home(&m.name) == krate)
            .collect()
    };
    files.push(root_file(
        format!("{}/mod.rs", Crate::Core.generated_folder()),
        declarations(&of(Crate::Core), target, false),
    ));
    for krate in Crate::TYPES {
        let doc = doc_inner(&format!(
            "Generated types of `{}`: {}. Use them through `{}`, which re-exports each module.",
            names::CLIENT_PACKAGE,
            krate.holds(),
            names::CLIENT_PACKAGE,
        ));
        let decls = declarations(&of(krate), target, true);
        files.push(root_file(
            format!("{}/lib.rs", krate.generated_folder()),
            quote! { #doc #decls },
        ));
    }
    files
}

/// `pub mod m;` for each of `own`, under its feature; `skip_fmt` for a
/// crate root, which no `#[rustfmt::skip]` module above covers.
fn declarations(own: &[&ir::Module], target: &Target, skip_fmt: bool) -> TokenStream {
    let skip = skip_fmt.then(|| quote!(#[rustfmt::skip]));
    let decls = own.iter().map(|m| {
        let name = ident(&m.name);
        let cfg = feature_cfg(m, target);
        quote! { #cfg #skip pub mod #name; }
    });
    quote! { #(#decls)* }
}

/// `mod.rs`: declares the modules `own` and visits their operations.
fn root(own: &[&ir::Module], target: &Target) -> TokenStream {
    // Each module's documentation is its own (`//!`): a doc here too would
    // repeat its first line at the top of the module's page.
    let decls = declarations(own, target, false);
    // A module's visits are one block, compiled with the module.
    let visits = own.iter().filter_map(|m| {
        let module = ident(&m.name);
        let requests = m
            .resource
            .as_ref()?
            .operations
            .iter()
            .map(|op| format_ident!("{}", op.request));
        let visits = quote!(#(visitor.visit::<#module::#requests>();)*);
        Some(match feature_cfg(m, target) {
            Some(cfg) => quote!(#cfg { #visits }),
            None => visits,
        })
    });
    let here = Scope::new("", target).api();
    let rt = here.runtime();
    // Visitors read requests and write responses: both directions.
    let roundtrip = here.roundtrip_only(false);
    let (doc, spec) = match target {
        Target::Client(_) => (
            " The modules generated from `spec/`, one per spec file.",
            "spec",
        ),
        Target::Overlay(_) => (
            " The modules generated from the overlay's spec files, one per file.",
            "overlay",
        ),
    };
    let needs = if roundtrip.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nWith the `{}` feature only: visitors read requests and write responses.",
            names::ROUNDTRIP_FEATURE
        )
    };
    let visit_doc = doc_attrs(&format!(
        "Calls `visitor` once for every operation in the {spec}, in module\nand spec order, with the operation's request type.{needs}"
    ));
    quote! {
        #![doc = #doc]
        #![allow(deprecated)]
        #decls

        #visit_doc
        #roundtrip
        pub fn for_each_operation<V: #rt::operation::OperationVisitor>(visitor: &mut V) {
            #(#visits)*
        }
    }
}

/// `#[cfg(feature = "...")]` for a module of the client compiled only with
/// its feature. An overlay's crate has no features of its own.
fn feature_cfg(m: &ir::Module, target: &Target) -> Option<TokenStream> {
    match (target, &m.feature) {
        (Target::Client(_), Some(feature)) => Some(quote!(#[cfg(feature = #feature)])),
        _ => None,
    }
}

/// An overlay's module: its operations first (on its page and in its
/// file), then its types, then the `builders` submodule.
///
/// One `#![allow(deprecated)]` covers the whole file: generated code names
/// the deprecated items it defines itself (fields, values, operations),
/// which is no news to anyone; users still get the warning where they use
/// them. `render` puts a comment saying so above it.
fn whole_module(m: &ir::Module, here: Scope) -> TokenStream {
    let doc = doc_inner(&module_doc(m, here));
    let resource = m.resource.as_ref().map(|r| operations::resource(r, here));
    let items = items(m, here);
    quote! {
        #doc
        #![allow(deprecated)]
        #resource
        #items
    }
}

/// A module's API side, in the client crate: its documentation (the
/// operations first, on its page), its types re-exported from their crate,
/// then the resource client.
fn api_module(m: &ir::Module, here: Scope) -> TokenStream {
    let doc = doc_inner(&module_doc(m, here));
    let types = here.types_module_path(&m.name);
    let resource = m.resource.as_ref().map(|r| operations::resource(r, here));
    quote! {
        #doc
        #![allow(deprecated)]
        #[doc(inline)]
        pub use #types::*;
        #resource
    }
}

/// A module's types, in its type crate.
fn types_module(m: &ir::Module, here: Scope) -> TokenStream {
    let doc = doc_inner(&format!(
        "The types of `{}::{}`, which re-exports them beside their operations.",
        Crate::Client.rust_name(),
        m.name
    ));
    let items = items(m, here);
    quote! {
        #doc
        #![allow(deprecated)]
        #items
    }
}

/// A module's types: the envelope, structs (with their checks and
/// operation impls), unions, enums, then the `builders` submodule.
fn items(m: &ir::Module, here: Scope) -> TokenStream {
    let envelope = m.envelope.as_ref().map(operations::envelope);
    let structs = m.structs.iter().map(|s| {
        let op = s.request_of.as_ref().and_then(|path| {
            m.resource
                .as_ref()?
                .operations
                .iter()
                .find(|o| &o.path == path)
        });
        let item = types::structure(s, here);
        let checks = s.sent.then(|| checks::validate(s, here));
        let op = op.map(|op| operations::operation(op, here));
        quote! { #item #checks #op }
    });
    let enums = m.enums.iter().map(|e| types::enumeration(e, here));
    let unions = m.unions.iter().map(|u| unions::union(u, here));
    let built: Vec<TokenStream> = m
        .structs
        .iter()
        .filter(|s| s.sent)
        .map(|s| builders::builder(s, here))
        .collect();
    let builders = (!built.is_empty()).then(|| {
        let name = ident(names::BUILDERS_MODULE);
        let doc = doc_inner(
            "The builders of this module's types, each started by its type's `builder()`.",
        );
        quote! {
            pub mod #name {
                #doc
                #(#built)*
            }
        }
    });
    quote! {
        #envelope
        #(#structs)*
        #(#unions)*
        #(#enums)*
        #builders
    }
}

/// The module's documentation: what `lower` wrote, then, for a resource,
/// each operation with its method, Mews path, summary, request and response.
fn module_doc(m: &ir::Module, here: Scope) -> String {
    let mut doc = m.doc.clone();
    if let Some(feature) = m.feature.as_ref().filter(|_| !here.is_overlay()) {
        doc.push_str(&format!(
            "\n\nCompiled with the `{feature}` cargo feature, which `{}` (a default feature) turns on.",
            names::FULL_FEATURE
        ));
    }
    let Some(r) = &m.resource else {
        return doc;
    };
    let own = |name: &str| here.doc_link_whole(&m.name, name);
    let accessor = if here.is_overlay() {
        let ext = names::client_extension(&r.json_name);
        format!("[`{ext}::{1}`](crate::{0}::{ext}::{1})", m.name, r.accessor)
    } else {
        let path = here.runtime_text(&format!("Client::{}", r.accessor));
        format!("[`Client::{}`]({path})", r.accessor)
    };
    doc.push_str(&format!(
        "\n\n# Operations\n\nOn {accessor} ({}); each request is made with its `builder()`.\n",
        own(&r.api_type)
    ));
    for op in &r.operations {
        // A keyword method is written raw, which doc links do not promise to take.
        let method = |name: &str| match ident(name).to_string() {
            raw if raw.starts_with("r#") => format!("`{raw}`"),
            name => format!("[`{name}`](crate::{}::{}::{name})", m.name, r.api_type),
        };
        let response = match &op.response {
            Some(Ty::Object(n) | Ty::Enum(n) | Ty::Union(n)) => {
                here.doc_link_whole(&n.module, &n.name)
            }
            Some(_) => "its response".to_owned(),
            None => format!("[`Empty`]({})", here.runtime_text("operation::Empty")),
        };
        let beta = if op.beta { "**Beta:** " } else { "" };
        let deprecated = if op.deprecated.is_some() {
            " Deprecated."
        } else {
            ""
        };
        doc.push_str(&format!(
            "\n- {} `{}`: {beta}{}{deprecated}\n  Request {}, response {response}.",
            method(&op.method),
            op.path,
            op.summary,
            own(&op.request),
        ));
        if let Some(p) = &op.pagination {
            doc.push_str(&format!(
                " Paged by {} and {}.",
                method(&p.pages_method),
                method(&p.items_method)
            ));
        }
    }
    doc
}

/// The Rust type of `ty`, as seen from `here`.
pub(crate) fn ty_tokens(ty: &Ty, here: Scope) -> TokenStream {
    match ty {
        // The table's paths are Rust types (a unit test of `scalar` parses each).
        Ty::Scalar(s) => {
            let path: TokenStream = s.rust.text().parse().unwrap_or_default();
            match s.rust {
                Rust::Path(_) => path,
                Rust::Runtime(_) => {
                    let rt = here.runtime();
                    quote!(#rt::#path)
                }
            }
        }
        Ty::List(inner) => {
            let inner = ty_tokens(inner, here);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner, here);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Ty::Update(inner, _) => {
            let inner = ty_tokens(inner, here);
            let rt = here.runtime();
            quote!(#rt::update::Update<#inner>)
        }
        Ty::Object(named) | Ty::Enum(named) | Ty::Union(named) => named_path(named, here),
    }
}

pub(crate) fn named_path(named: &ir::Named, here: Scope) -> TokenStream {
    if named.module == here.module() {
        here.own_type(&named.name)
    } else {
        let name = format_ident!("{}", named.name);
        let module = here.module_path(&named.module);
        quote!(#module::#name)
    }
}

/// `#[doc = "..."]` lines for outer documentation.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "..."]` lines for module documentation.
fn doc_inner(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#![doc = #lines])* }
}

/// `#[deprecated(note = "...")]`, when there is a message.
pub(crate) fn deprecated_attr(message: &Option<String>) -> TokenStream {
    match message {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => quote!(),
    }
}
