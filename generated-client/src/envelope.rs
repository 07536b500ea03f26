//! TEMPORARY until `crate::common::Envelope` is generated: the request body
//! around an operation's own properties.
//!
//! The generated `crate::common::Envelope` replaces this file; switch the
//! `use` in `client.rs` and delete this module then.

use serde::Serialize;

// TEMPORARY until crate::common::Envelope is generated
/// The JSON body of every request: the credentials, the optional locale and
/// then the operation's own properties, flattened.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Envelope<'a, B> {
    /// `ClientToken`.
    pub client_token: &'a str,
    /// `AccessToken`.
    pub access_token: &'a str,
    /// `Client`: the client application's name and version.
    pub client: &'a str,
    /// `LanguageCode`: sent together with `CultureCode` or not at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<&'a str>,
    /// `CultureCode`: sent together with `LanguageCode` or not at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub culture_code: Option<&'a str>,
    /// The operation's request, whose properties follow at the top level.
    #[serde(flatten)]
    pub body: &'a B,
}
