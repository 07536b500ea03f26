//! Configuration that must be refused before anything is sent.

use mews_connector::{Client, ConfigError, Credentials, Environment};

#[test]
fn plain_http_is_refused_unless_on_loopback() {
    for address in [
        "http://api.mews-demo.com",
        "http://192.168.1.10:8080",
        "http://[2001:db8::1]",
    ] {
        let err = Environment::custom(address).unwrap_err();
        assert!(
            matches!(err, ConfigError::InsecureAddress { .. }),
            "{address}: {err}"
        );
    }
    for address in [
        "http://127.0.0.1:1",
        "http://[::1]:1",
        "http://localhost:1",
        "https://mews.example",
    ] {
        assert!(Environment::custom(address).is_ok(), "{address}");
    }
    assert_eq!(
        Environment::Demo.platform_address(),
        "https://api.mews-demo.com"
    );
    assert_eq!(
        Environment::Production.platform_address(),
        "https://api.mews.com"
    );
}

#[test]
fn empty_credentials_are_refused() {
    let build = |c: Credentials| Client::builder(Environment::Demo, c).build().map(drop);
    assert!(matches!(
        build(Credentials::new("ct", "at", "")),
        Err(ConfigError::EmptyCredential("client name"))
    ));
    assert!(matches!(
        build(Credentials::new("ct", " ", "x")),
        Err(ConfigError::EmptyCredential("access token"))
    ));
    assert!(build(Credentials::new("ct", "at", "x")).is_ok());
}

#[test]
fn address_errors_show_no_path_query_fragment_or_user_info() {
    for address in [
        "https://proxy.example/mews?key=SECRET",
        "https://proxy.example/mews#SECRET",
        "https://user:SECRET@proxy.example",
        "https://SECRET@proxy.example/mews",
        "ftp://proxy.example/SECRET",
        "http://proxy.example/SECRET",
        "http://proxy.example/mews?key=SECRET",
        // These do not parse at all.
        "https://proxy.example:99999/mews?key=SECRET",
        "https://user:SECRET@proxy.example:99999",
        "proxy.example/mews?key=SECRET",
        "user:SECRET@proxy.example",
        "SECRET-0123456789ABCDEF",
    ] {
        let err = Environment::custom(address).unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("SECRET"), "{address}: {text}");
        }
        let parsed = address.parse::<Environment>().unwrap_err().to_string();
        assert!(!parsed.contains("SECRET"), "{address}: {parsed}");
    }

    // The scheme, host and port are safe to show, and help.
    let shown = |address: &str| match Environment::custom(address).unwrap_err() {
        ConfigError::InvalidAddress { address, .. } | ConfigError::InsecureAddress { address } => {
            address
        }
        other => panic!("{address}: {other:?}"),
    };
    assert_eq!(
        shown("https://proxy.example:8443/mews?key=SECRET"),
        "https://proxy.example:8443…"
    );
    assert_eq!(
        shown("https://user:SECRET@proxy.example"),
        "https://proxy.example…"
    );
    assert_eq!(
        shown("http://proxy.example/SECRET"),
        "http://proxy.example…"
    );
    assert_eq!(
        shown("https://proxy.example:99999/mews?key=SECRET"),
        "https://proxy.example:99999…"
    );
    assert_eq!(shown("api.mews.com"), "api.mews.com");
    assert_eq!(shown("SECRET-0123456789ABCDEF"), "…");
    assert_eq!(
        Environment::custom("https://proxy.example/?key=SECRET")
            .unwrap_err()
            .to_string(),
        "invalid platform address \"https://proxy.example…\": a query or fragment is not allowed"
    );
}
