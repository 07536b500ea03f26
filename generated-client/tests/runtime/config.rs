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
