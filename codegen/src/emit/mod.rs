//! Stage 4: IR to Rust tokens, one token stream per generated file.
//!
//! The submodules each emit one kind of item; this one assembles a file and
//! holds what they share (type paths, doc attributes).

mod builders;
mod checks;
mod operations;
mod paths;
mod types;
mod unions;

pub use paths::{Scope, Target};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{self, Ty};
use crate::names::ident;
use crate::scalar::Rust;

/// The tokens of one generated module.
pub struct ModuleTokens {
    /// The module name (the file is `<name>.rs`).
    pub name: String,
    /// The spec file it comes from.
    pub source: String,
    /// The items.
    pub tokens: TokenStream,
}

/// Emits every module of the client, plus `mod.rs` declaring them.
pub fn emit(api: &ir::Api) -> (Vec<ModuleTokens>, TokenStream) {
    emit_for(api, &Target::Client)
}

/// Emits the modules that go into `target`, plus `mod.rs` declaring them.
///
/// For an overlay, only the modules it names are emitted; the others are
/// the client's, which the emitted code reaches through the client crate.
pub fn emit_for(api: &ir::Api, target: &Target) -> (Vec<ModuleTokens>, TokenStream) {
    let own: Vec<&ir::Module> = api
        .modules
        .iter()
        .filter(|m| match target {
            Target::Client => true,
            Target::Overlay(names) => names.contains(&m.name),
        })
        .collect();
    let modules: Vec<ModuleTokens> = own
        .iter()
        .map(|m| module(m, Scope::new(&m.name, target)))
        .collect();
    let decls = own.iter().map(|m| {
        let name = ident(&m.name);
        let doc = doc_attrs(m.doc.lines().next().unwrap_or_default());
        quote! { #doc pub mod #name; }
    });
    let visits = own
        .iter()
        .flat_map(|m| {
            m.resource
                .iter()
                .flat_map(move |r| r.operations.iter().map(move |op| (m, op)))
        })
        .map(|(m, op)| {
            let module = ident(&m.name);
            let request = format_ident!("{}", op.request);
            quote!(visitor.visit::<#module::#request>();)
        });
    let rt = Scope::new("", target).runtime();
    let (doc, spec) = match target {
        Target::Client => (
            " The modules generated from `spec/`, one per spec file.",
            "spec",
        ),
        Target::Overlay(_) => (
            " The modules generated from the overlay's spec files, one per file.",
            "overlay",
        ),
    };
    let visit_doc = doc_attrs(&format!(
        "Calls `visitor` once for every operation in the {spec}, in module\nand spec order, with the operation's request type."
    ));
    let root = quote! {
        #![doc = #doc]
        #(#decls)*

        #visit_doc
        #[allow(deprecated)]
        pub fn for_each_operation<V: #rt::operation::OperationVisitor>(visitor: &mut V) {
            #(#visits)*
        }
    };
    (modules, root)
}

fn module(m: &ir::Module, here: Scope) -> ModuleTokens {
    let doc = doc_inner(&m.doc);
    let envelope = m.envelope.as_ref().map(operations::envelope);
    let resource = m.resource.as_ref().map(|r| operations::resource(r, here));
    let structs = m.structs.iter().map(|s| {
        let op = s.request_of.as_ref().and_then(|path| {
            m.resource
                .as_ref()?
                .operations
                .iter()
                .find(|o| &o.path == path)
        });
        let item = types::structure(s, here);
        let builder = s.sent.then(|| builders::builder(s, here));
        let checks = s.sent.then(|| checks::validate(s, here));
        let op = op.map(|op| operations::operation(op, here));
        quote! { #item #builder #checks #op }
    });
    let enums = m.enums.iter().map(|e| types::enumeration(e, here));
    let unions = m.unions.iter().map(|u| unions::union(u, here));
    let tokens = quote! {
        #doc
        #resource
        #envelope
        #(#structs)*
        #(#unions)*
        #(#enums)*
    };
    ModuleTokens {
        name: m.name.clone(),
        source: m.source.clone(),
        tokens,
    }
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
    let name = format_ident!("{}", named.name);
    if named.module == here.module() {
        quote!(#name)
    } else {
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
