//! Where the client connects and who it says it is: environments, platform
//! addresses, credentials and the language of Mews' answers.
//!
//! Everything here is checked when it is built, so a [`Client`](crate::Client)
//! never holds an address it must not send tokens to, an empty token, or half
//! a locale.

use std::fmt;
use std::str::FromStr;

use std::net::IpAddr;

use reqwest::Url;

/// The demo environment's platform address.
pub const DEMO_PLATFORM_ADDRESS: &str = "https://api.mews-demo.com";

/// The production environment's platform address.
pub const PRODUCTION_PLATFORM_ADDRESS: &str = "https://api.mews.com";

/// A Mews environment: where requests go.
///
/// Tokens belong to one environment: demo tokens are refused by production
/// and the other way round.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// The public demo environment, [`DEMO_PLATFORM_ADDRESS`]. It holds no
    /// real data.
    Demo,
    /// Production, [`PRODUCTION_PLATFORM_ADDRESS`].
    Production,
    /// Any other platform address, such as a proxy or a test server.
    Custom(PlatformAddress),
}

impl Environment {
    /// An environment at another platform address; see [`PlatformAddress`]
    /// for what is accepted.
    pub fn custom(address: &str) -> Result<Self, ConfigError> {
        Ok(Environment::Custom(address.parse()?))
    }

    /// The platform address, without a trailing slash, e.g.
    /// `https://api.mews-demo.com`.
    pub fn platform_address(&self) -> &str {
        match self {
            Environment::Demo => DEMO_PLATFORM_ADDRESS,
            Environment::Production => PRODUCTION_PLATFORM_ADDRESS,
            Environment::Custom(address) => address.as_str(),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.platform_address())
    }
}

/// Parses `demo`, `production` (any case) or a platform address; the demo
/// and production addresses themselves give [`Environment::Demo`] and
/// [`Environment::Production`].
impl FromStr for Environment {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, ConfigError> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("demo") {
            return Ok(Environment::Demo);
        }
        if s.eq_ignore_ascii_case("production") {
            return Ok(Environment::Production);
        }
        let address: PlatformAddress = s.parse()?;
        Ok(match address.as_str() {
            DEMO_PLATFORM_ADDRESS => Environment::Demo,
            PRODUCTION_PLATFORM_ADDRESS => Environment::Production,
            _ => Environment::Custom(address),
        })
    }
}

/// A checked platform address: `https://`, or `http://` on a loopback
/// address only.
///
/// Plain HTTP would expose the tokens in every request body, so it is only
/// allowed where the traffic cannot leave the machine: `127.0.0.0/8`, `[::1]`
/// and `localhost`. The address may carry a path (for a proxy) but no user
/// name, password, query or fragment; a trailing slash is dropped, since Mews
/// matches URLs exactly.
///
/// Its `Debug` shows only the scheme, host and port (`…` marks what was left
/// out), as errors do: a path may hold a key. [`as_str`](Self::as_str) and
/// `Display` give the whole address.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PlatformAddress(String);

impl fmt::Debug for PlatformAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // It parsed when it was made, so it parses again.
        let shown = Url::parse(&self.0).map_or_else(|_| "…".to_owned(), |url| shown_parsed(&url));
        f.debug_tuple("PlatformAddress").field(&shown).finish()
    }
}

impl PlatformAddress {
    /// The address, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlatformAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PlatformAddress {
    type Err = ConfigError;

    fn from_str(input: &str) -> Result<Self, ConfigError> {
        let input = input.trim();
        let url = Url::parse(input).map_err(|e| ConfigError::InvalidAddress {
            address: shown_unparsed(input),
            reason: e.to_string(),
        })?;
        // Errors show only the scheme, host and port: a path, query, fragment
        // or user info may hold a key or password.
        let shown = || shown_parsed(&url);
        let invalid = |reason: &str| ConfigError::InvalidAddress {
            address: shown(),
            reason: reason.to_owned(),
        };

        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "user name or password in the address; pass credentials with `Credentials`",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("a query or fragment is not allowed"));
        }
        let host = url
            .host_str()
            .ok_or_else(|| invalid("the address has no host"))?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => return Err(ConfigError::InsecureAddress { address: shown() }),
            _ => {
                return Err(invalid(
                    "the scheme must be https (or http on a loopback address)",
                ));
            }
        }
        Ok(PlatformAddress(
            url.as_str().trim_end_matches('/').to_owned(),
        ))
    }
}

/// What an error may show of a parsed address: `scheme://host:port`, with
/// `…` if anything else (user info, path, query, fragment) was left out.
fn shown_parsed(url: &Url) -> String {
    let mut shown = format!("{}:", url.scheme());
    if let Some(host) = url.host_str() {
        shown.push_str("//");
        shown.push_str(host);
        if let Some(port) = url.port() {
            shown.push_str(&format!(":{port}"));
        }
    }
    let more = !url.username().is_empty()
        || url.password().is_some()
        || !matches!(url.path(), "" | "/")
        || url.query().is_some()
        || url.fragment().is_some();
    if more {
        shown.push('…');
    }
    shown
}

/// What an error may show of an address that does not parse: an optional
/// `scheme://` and what looks like the host and port (the text before the
/// first `/`, `\`, `?` or `#`, after the last `@`), if it does look like a
/// host name or address (not, say, a token pasted into the wrong variable);
/// `…` marks what was left out.
fn shown_unparsed(input: &str) -> String {
    let scheme_like = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    };
    let (scheme, rest) = match input.find("://") {
        Some(at) if scheme_like(&input[..at]) => input.split_at(at + 3),
        _ => ("", input),
    };
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host_like = host_port
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".-_:[]".contains(&b))
        && (host_port.contains(['.', ':', '[']) || host_port.eq_ignore_ascii_case("localhost"));
    let host_port = if host_like { host_port } else { "" };
    let mut shown = format!("{scheme}{host_port}");
    if host_port.len() < rest.len() {
        shown.push('…');
    }
    shown
}

/// `host` as `Url::host_str` gives it: IPv6 addresses in brackets.
fn is_loopback(host: &str) -> bool {
    let ip = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match ip.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        // RFC 6761: `localhost` always resolves to a loopback address.
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// A token that must never be shown: its `Debug` prints `<redacted>`, and it
/// has no `Display`.
// No `PartialEq`: comparing secrets is not something the client needs.
#[derive(Clone)]
pub(crate) struct Secret(Box<str>);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&crate::sensitive::Redacted, f)
    }
}

/// What every request body carries to authenticate: `ClientToken`,
/// `AccessToken` and `Client`.
///
/// The two tokens never appear in `Debug` output, logs or error messages;
/// error texts that come back from a server are scrubbed of them too.
#[derive(Clone)]
pub struct Credentials {
    client_token: Secret,
    access_token: Secret,
    client: String,
}

impl Credentials {
    /// Credentials from a client token (the integration's), an access token
    /// (the connection to one property, or a portfolio) and the client's name
    /// and version, e.g. `"My Integration 1.2.0"`.
    pub fn new(
        client_token: impl Into<String>,
        access_token: impl Into<String>,
        client: impl Into<String>,
    ) -> Self {
        Credentials {
            client_token: Secret(client_token.into().into_boxed_str()),
            access_token: Secret(access_token.into().into_boxed_str()),
            client: client.into(),
        }
    }

    /// The client application's name and version, sent as `Client`.
    pub fn client(&self) -> &str {
        &self.client
    }

    pub(crate) fn client_token(&self) -> &str {
        self.client_token.expose()
    }

    pub(crate) fn access_token(&self) -> &str {
        self.access_token.expose()
    }

    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        // Mews requires all three (`minLength: 1`); an empty one is a
        // configuration mistake better reported before any request.
        for (value, name) in [
            (self.client_token(), "client token"),
            (self.access_token(), "access token"),
            (self.client.as_str(), "client name"),
        ] {
            if value.trim().is_empty() {
                return Err(ConfigError::EmptyCredential(name));
            }
        }
        Ok(())
    }

    /// Replaces every trace of either token in `text` by `<redacted>`, for
    /// text that came from elsewhere (a server may echo the request).
    ///
    /// Callers pass decoded text (JSON escapes resolved) as well as raw text.
    /// Letters match in any case, and a piece of a token counts as the token
    /// once it is [`MIN_TOKEN_PIECE`] characters long (a server may shorten
    /// what it echoes, or an excerpt may cut it).
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut hidden = vec![false; text.len()];
        for token in [self.client_token(), self.access_token()] {
            mark_token_pieces(text.as_bytes(), token.as_bytes(), &mut hidden);
        }
        if !hidden.contains(&true) {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut in_token = false;
        for (at, c) in text.char_indices() {
            // A character is hidden if any of its bytes is (a token's piece
            // may begin or end inside a multi-byte character).
            if hidden[at..at + c.len_utf8()].contains(&true) {
                if !in_token {
                    out.push_str(crate::sensitive::REDACTED);
                }
                in_token = true;
            } else {
                out.push(c);
                in_token = false;
            }
        }
        out
    }
}

/// The shortest piece of a token that [`Credentials::redact`] scrubs on its
/// own (a shorter token is scrubbed whole). Mews tokens are 60-odd hex digits:
/// eight of them in a row are no coincidence in an error text, and a shorter
/// piece gives nothing useful away.
const MIN_TOKEN_PIECE: usize = 8;

/// Marks in `hidden` every run of `text` of at least [`MIN_TOKEN_PIECE`]
/// bytes (or the whole token, if shorter) that appears in `token`, ignoring
/// ASCII case: the longest common substrings, by dynamic programming over
/// `text` × `token` (a few million steps for a 64 KiB text).
fn mark_token_pieces(text: &[u8], token: &[u8], hidden: &mut [bool]) {
    let min = token.len().min(MIN_TOKEN_PIECE);
    if min == 0 {
        return;
    }
    // `run[j + 1]`: how many bytes of `text` up to the current one match the
    // bytes of `token` up to `j`.
    let mut run = vec![0usize; token.len() + 1];
    for (i, &b) in text.iter().enumerate() {
        let mut longest = 0;
        for j in (0..token.len()).rev() {
            run[j + 1] = if b.eq_ignore_ascii_case(&token[j]) {
                run[j] + 1
            } else {
                0
            };
            longest = longest.max(run[j + 1]);
        }
        if longest >= min {
            hidden[i + 1 - longest..=i].fill(true);
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_token", &self.client_token)
            .field("access_token", &self.access_token)
            .field("client", &self.client)
            .finish()
    }
}

/// The language and culture of Mews' answers, sent as `LanguageCode` and
/// `CultureCode`.
///
/// Mews ignores one without the other, so they only exist as a pair.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Locale {
    language_code: String,
    culture_code: String,
}

impl Locale {
    /// A locale from a language code and a culture code, e.g. `"en-US"` and
    /// `"en-US"`. Each must be non-empty ASCII letters, digits and `-`.
    pub fn new(
        language_code: impl Into<String>,
        culture_code: impl Into<String>,
    ) -> Result<Self, ConfigError> {
        let locale = Locale {
            language_code: language_code.into(),
            culture_code: culture_code.into(),
        };
        for code in [&locale.language_code, &locale.culture_code] {
            let ok =
                !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                return Err(ConfigError::InvalidLocale { code: code.clone() });
            }
        }
        Ok(locale)
    }

    /// The language code, sent as `LanguageCode`.
    pub fn language_code(&self) -> &str {
        &self.language_code
    }

    /// The culture code, sent as `CultureCode`.
    pub fn culture_code(&self) -> &str {
        &self.culture_code
    }
}

/// A client configuration that cannot work.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The platform address could not be used.
    #[error("invalid platform address {address:?}: {reason}")]
    InvalidAddress {
        /// The address's scheme, host and port only: a path, query,
        /// fragment or user info could hold a secret, so they are left out
        /// (shown as `…`).
        address: String,
        /// Why it was refused.
        reason: String,
    },
    /// A plain `http://` address that is not a loopback address.
    #[error(
        "refusing the plain-HTTP address {address:?}: tokens would travel unencrypted; use https:// (http:// is only allowed on loopback addresses)"
    )]
    InsecureAddress {
        /// The address's scheme, host and port only, as for
        /// [`ConfigError::InvalidAddress`].
        address: String,
    },
    /// A token or the client name is empty.
    #[error("the {0} is empty")]
    EmptyCredential(&'static str),
    /// A language or culture code is not a plausible code.
    #[error("invalid language or culture code {code:?}")]
    InvalidLocale {
        /// The code as given.
        code: String,
    },
    /// The HTTP client could not be set up (e.g. TLS initialisation failed).
    #[error("could not set up the HTTP client")]
    Http(#[source] reqwest::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_and_checked() {
        let ok = |s: &str| s.parse::<PlatformAddress>().unwrap().as_str().to_owned();
        assert_eq!(ok("https://api.mews.com/"), "https://api.mews.com");
        assert_eq!(
            ok("https://proxy.example/mews/"),
            "https://proxy.example/mews"
        );
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(ok("http://127.1.2.3"), "http://127.1.2.3");
        assert_eq!(ok("http://[::1]:9000"), "http://[::1]:9000");
        assert_eq!(ok("http://localhost:9000"), "http://localhost:9000");

        for insecure in [
            "http://api.mews.com",
            "http://10.0.0.1",
            "http://[::2]",
            "http://localhost.example.com",
        ] {
            assert!(
                matches!(
                    insecure.parse::<PlatformAddress>(),
                    Err(ConfigError::InsecureAddress { .. })
                ),
                "{insecure}"
            );
        }
        for invalid in [
            "",
            "api.mews.com",
            "ftp://api.mews.com",
            "https://u:p@api.mews.com",
            "https://a.b/?x=1",
            "https://a.b/#f",
        ] {
            assert!(
                matches!(
                    invalid.parse::<PlatformAddress>(),
                    Err(ConfigError::InvalidAddress { .. })
                ),
                "{invalid}"
            );
        }
        let err = "https://user:hunter2@api.mews.com"
            .parse::<PlatformAddress>()
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn environments_parse_by_name_and_address() {
        assert_eq!("demo".parse::<Environment>().unwrap(), Environment::Demo);
        assert_eq!(
            "Production".parse::<Environment>().unwrap(),
            Environment::Production
        );
        assert_eq!(
            "https://api.mews-demo.com/".parse::<Environment>().unwrap(),
            Environment::Demo
        );
        assert_eq!(
            "https://api.mews.com".parse::<Environment>().unwrap(),
            Environment::Production
        );
        let custom = "http://127.0.0.1:1".parse::<Environment>().unwrap();
        assert_eq!(custom.platform_address(), "http://127.0.0.1:1");
    }

    #[test]
    fn locale_needs_both_codes() {
        assert!(Locale::new("en-US", "en-US").is_ok());
        assert!(Locale::new("", "en-US").is_err());
        assert!(Locale::new("en US", "en-US").is_err());
    }

    #[test]
    fn credentials_hide_tokens() {
        let c = Credentials::new("CT-secret", "AT-secret", "Test 1.0");
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("CT-secret") && !debug.contains("AT-secret"),
            "{debug}"
        );
        assert!(debug.contains("Test 1.0"));
        assert_eq!(
            c.redact("bad token AT-secret / CT-secret"),
            "bad token <redacted> / <redacted>"
        );
        let c = Credentials::new("CT-0123456789", "AT-ABCDEFGHIJKL", "Test 1.0");
        assert_eq!(
            c.redact("ct-0123456789; AT-ABCD... and ABCDEFGHIJKL at-ct-01234567"),
            "<redacted>; AT-ABCD... and <redacted> at-<redacted>",
            "any case, pieces of 8 or more"
        );
        assert_eq!(c.redact("no token here"), "no token here");
        let c = Credentials::new("é-token-0123456789", "AT", "Test 1.0");
        assert_eq!(c.redact("x-token-0123é"), "x<redacted>é");
        assert_eq!(c.redact("that"), "th<redacted>", "a short token, whole");
        assert!(matches!(
            Credentials::new("", "a", "c").check(),
            Err(ConfigError::EmptyCredential("client token"))
        ));
    }
}
