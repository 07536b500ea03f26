//! Operation wiring: the `Operation`/`Paginated` impls, the resource client
//! (`client.voucher_codes().get_all(...)`) and the request envelope.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use proc_macro2::Literal;

use super::{Scope, deprecated_attr, doc_attrs, named_path, ty_tokens};
use crate::ir::{self, EmptyValue};
use crate::names::{self, ident};

/// `impl Operation` (and `impl Paginated`) for an operation's request.
pub fn operation(op: &ir::Operation, here: Scope) -> TokenStream {
    let rt = here.runtime();
    let request = format_ident!("{}", op.request);
    let path = &op.path;
    let safe = op.safe_to_retry;
    let response = response_type(op, here);
    let empty = match (&op.response, &op.empty_page) {
        (None, _) => Some(quote!(Some(#rt::operation::Empty {}))),
        (Some(_), Some(fields)) => {
            let fields = fields.iter().map(|(name, value)| {
                let name = ident(name);
                match value {
                    EmptyValue::None => quote!(#name: None,),
                    EmptyValue::EmptyList => quote!(#name: Vec::new(),),
                }
            });
            Some(quote!(Some(#response { #(#fields)* })))
        }
        (Some(_), None) => None,
    };
    let empty = empty.map(|body| {
        quote! {
            fn empty_response() -> Option<Self::Response> { #body }
        }
    });
    let paginated = op.pagination.as_ref().map(|p| {
        let item = ty_tokens(&p.item, here);
        let (limitation, count, cursor) = (ident(&p.limitation), ident(&p.count), ident(&p.cursor));
        let limits = match &p.default_limitation {
            None => quote! {
                fn page_size(&self) -> u32 {
                    u32::try_from(self.#limitation.#count).unwrap_or(0)
                }
                fn cursor(&self) -> Option<::uuid::Uuid> {
                    self.#limitation.#cursor
                }
                fn set_cursor(&mut self, cursor: Option<::uuid::Uuid>) {
                    self.#limitation.#cursor = cursor;
                }
            },
            Some(default) => {
                // The request may leave `Limitation` out; the pager never does.
                let ty = named_path(&default.ty, here);
                let setter = ident(&default.count_setter);
                let build = ident(names::BUILD_METHOD);
                let largest = Literal::i64_unsuffixed(default.count);
                let fill = quote! {
                    if self.#limitation.is_none() {
                        self.#limitation = Some(#ty::builder().#setter(#largest).#build());
                    }
                };
                quote! {
                    fn page_size(&self) -> u32 {
                        let count = match &self.#limitation {
                            Some(limitation) => limitation.#count,
                            None => #largest,
                        };
                        u32::try_from(count).unwrap_or(0)
                    }
                    fn cursor(&self) -> Option<::uuid::Uuid> {
                        self.#limitation.as_ref().and_then(|limitation| limitation.#cursor)
                    }
                    fn set_cursor(&mut self, cursor: Option<::uuid::Uuid>) {
                        #rt::operation::Paginated::start_paging(self);
                        if let Some(limitation) = &mut self.#limitation {
                            limitation.#cursor = cursor;
                        }
                    }
                    fn start_paging(&mut self) {
                        #fill
                    }
                }
            }
        };
        let (resp_cursor, items) = (ident(&p.response_cursor), ident(&p.items));
        let (len, take, put) = if p.items_optional {
            (
                quote!(response.#items.as_ref().map(Vec::len)),
                quote!(response.#items.unwrap_or_default()),
                quote!(Some(items)),
            )
        } else {
            (
                quote!(Some(response.#items.len())),
                quote!(response.#items),
                quote!(items),
            )
        };
        quote! {
            impl #rt::operation::Paginated for #request {
                type Item = #item;
                #limits
                fn next_cursor(response: &Self::Response) -> Option<::uuid::Uuid> {
                    response.#resp_cursor
                }
                fn item_count(response: &Self::Response) -> Option<usize> {
                    #len
                }
                fn into_items(response: Self::Response) -> Vec<Self::Item> {
                    #take
                }
                fn set_page(
                    response: &mut Self::Response,
                    items: Vec<Self::Item>,
                    cursor: Option<::uuid::Uuid>,
                ) {
                    response.#items = #put;
                    response.#resp_cursor = cursor;
                }
            }
        }
    });
    quote! {
        impl #rt::operation::Operation for #request {
            type Response = #response;
            const PATH: &'static str = #path;
            const SAFE_TO_RETRY: bool = #safe;
            #empty
        }
        #paginated
    }
}

fn response_type(op: &ir::Operation, here: Scope) -> TokenStream {
    match &op.response {
        Some(ty) => ty_tokens(ty, here),
        None => {
            let rt = here.runtime();
            quote!(#rt::operation::Empty)
        }
    }
}

/// The resource client and its accessor on `Client`: an inherent method in
/// the client crate, an extension trait's method in an overlay.
pub fn resource(r: &ir::Resource, here: Scope) -> TokenStream {
    let rt = here.runtime();
    let api = format_ident!("{}", r.api_type);
    let accessor = ident(&r.accessor);
    let accessor_doc = doc_attrs(&format!("The `{}` operations: {}", r.json_name, r.summary));
    let ext = names::client_extension(&r.json_name);
    let from = if here.is_overlay() {
        format!("[`{ext}::{0}`]({ext}::{0})", r.accessor)
    } else {
        let path = here.runtime_text(&format!("Client::{}", r.accessor));
        format!("[`Client::{}`]({path})", r.accessor)
    };
    let api_doc = doc_attrs(&format!(
        "The `{}` operations, from {from}.\n\n{}\n\n[Mews documentation]({})",
        r.json_name, r.summary, r.docs
    ));
    let methods = r.operations.iter().map(|op| {
        let method = ident(&op.method);
        let request = format_ident!("{}", op.request);
        let response = response_type(op, here.with_module(""));
        let deprecated = deprecated_attr(&op.deprecated);
        let retry = if op.safe_to_retry {
            "Safe to repeat: retried after timeouts, 5xx answers and connection failures."
        } else {
            "Not safe to repeat: retried only when the request certainly never reached Mews."
        };
        // A beta operation says so first, on every method that sends it.
        let doc = doc_attrs(&format!(
            "{}\n\nSends `POST /api/connector/v1/{}` after checking the request's contracts. {retry}\n\n[Mews documentation]({})",
            ir::beta_doc(&op.summary, op.beta),
            op.path,
            op.docs
        ));
        let pages = op.pagination.as_ref().map(|p| {
            let pages = ident(&p.pages_method);
            let items = ident(&p.items_method);
            let mut pages_doc = format!(
                "Every page of `{}`, following the cursor from the request's `Limitation`.",
                op.path
            );
            if let Some(default) = &p.default_limitation {
                pages_doc.push_str(&format!(
                    " A request without `Limitation` is paged {} items at a time, the most a page may hold.",
                    default.count
                ));
            }
            pages_doc.push_str(&format!(
                " It stops when a page's `Cursor` is null or its `{}` list is shorter than `Count`.",
                p.items_json
            ));
            let pages_doc = doc_attrs(&ir::beta_doc(&pages_doc, op.beta));
            let mut items_doc = format!(
                "Every `{}` item of `{}`, page after page; one page is held at a time.",
                p.items_json, op.path
            );
            if !p.other_lists.is_empty() {
                let others: Vec<String> =
                    p.other_lists.iter().map(|l| format!("`{l}`")).collect();
                items_doc.push_str(&format!(
                    "\n\nThe pages' other lists ({}) are not in this stream; [`{}`](Self::{}) yields whole pages.",
                    others.join(", "),
                    p.pages_method,
                    p.pages_method
                ));
            }
            let items_doc = doc_attrs(&ir::beta_doc(&items_doc, op.beta));
            quote! {
                #pages_doc #deprecated
                pub fn #pages(&self, request: #request) -> #rt::Pages<#request> {
                    self.client.pages(request)
                }
                #items_doc #deprecated
                pub fn #items(&self, request: #request) -> #rt::Items<#request> {
                    self.client.items(request)
                }
            }
        });
        quote! {
            #doc #deprecated
            pub async fn #method(&self, request: #request) -> Result<#response, #rt::Error> {
                self.client.send(request).await
            }
            #pages
        }
    });
    // A crate cannot add inherent methods to another crate's type.
    let accessor = if here.is_overlay() {
        let ext = format_ident!("{ext}");
        let ext_doc = doc_attrs(&format!(
            "Adds the `{}` operations to [`Client`]({rt_client}): import it and call `client.{}()`.",
            r.json_name,
            r.accessor,
            rt_client = here.runtime_text("Client"),
        ));
        quote! {
            #ext_doc
            pub trait #ext {
                #accessor_doc
                fn #accessor(&self) -> #api<'_>;
            }

            impl #ext for #rt::Client {
                fn #accessor(&self) -> #api<'_> {
                    #api { client: self }
                }
            }
        }
    } else {
        quote! {
            impl #rt::Client {
                #accessor_doc
                pub fn #accessor(&self) -> #api<'_> {
                    #api { client: self }
                }
            }
        }
    };
    quote! {
        #accessor

        #api_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #api<'a> {
            client: &'a #rt::Client,
        }

        impl #api<'_> {
            #(#methods)*
        }
    }
}

/// The envelope every request body is wrapped in.
pub fn envelope(e: &ir::Envelope) -> TokenStream {
    let doc = doc_attrs(&format!(
        "The properties the client adds to every request body, around the request's own.\n\n[Mews documentation]({})",
        e.docs
    ));
    let fields = e.properties.iter().map(|(role, json, description)| {
        let rust = ident(role);
        let doc = doc_attrs(description);
        if role == "language_code" || role == "culture_code" {
            quote! {
                #doc
                #[serde(rename = #json, skip_serializing_if = "Option::is_none")]
                pub #rust: Option<&'a str>,
            }
        } else {
            quote! { #doc #[serde(rename = #json)] pub #rust: &'a str, }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Copy, ::serde::Serialize)]
        pub struct Envelope<'a, B> {
            #(#fields)*
            /// The request's own properties.
            #[serde(flatten)]
            pub body: &'a B,
        }
    }
}
