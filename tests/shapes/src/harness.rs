//! What the behaviour tests share: a local server, a client for it, and the
//! requests it received, and the violations of a refused request.

use mews_connector::contract::Rule;
use mews_connector::{Client, Credentials, Environment, Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::MockServer;

/// The client token the test client sends.
pub const CLIENT_TOKEN: &str = "CT-shape-tests";
/// The access token the test client sends.
pub const ACCESS_TOKEN: &str = "AT-shape-tests";
/// The client name the test client sends.
pub const CLIENT_NAME: &str = "shape-tests 1.0";

/// `/api/connector/v1/{operation}`, the URL path of an operation.
pub fn url_path(operation: &str) -> String {
    format!("/api/connector/v1/{operation}")
}

/// A server of the test's own on 127.0.0.1 (not wiremock's shared pool,
/// whose addresses are reused across tests).
pub async fn server() -> MockServer {
    MockServer::builder().start().await
}

/// A client for `server` that makes one attempt per call and has no rate
/// limit: what is sent is exactly what the test caused.
pub fn client(server: &MockServer) -> Client {
    client_with(server, false)
}

/// The same, with `portfolio` saying whether the access token is a portfolio's.
pub fn client_with(server: &MockServer, portfolio: bool) -> Client {
    let environment = Environment::custom(&server.uri()).expect("the server's address");
    Client::builder(
        environment,
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_NAME),
    )
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .portfolio_access_token(portfolio)
    .build()
    .expect("a client")
}

/// `body` with the credentials the client puts around every request.
pub fn with_credentials(body: Value) -> Value {
    let mut all =
        json!({ "ClientToken": CLIENT_TOKEN, "AccessToken": ACCESS_TOKEN, "Client": CLIENT_NAME });
    if let (Some(all), Some(body)) = (all.as_object_mut(), body.as_object()) {
        all.extend(body.clone());
    }
    all
}

/// The URL path and JSON body of every request the server got, in order.
pub async fn received(server: &MockServer) -> Vec<(String, Value)> {
    let requests = server
        .received_requests()
        .await
        .expect("wiremock records requests");
    requests
        .iter()
        .map(|r| {
            assert_eq!(r.headers["content-type"], "application/json");
            let body = serde_json::from_slice(&r.body).expect("a JSON request body");
            (r.url.path().to_owned(), body)
        })
        .collect()
}

/// The `(JSON path, rule)` of every violation in a contract error, in the
/// order the client reports them; any other error fails the test.
pub fn refused(err: &Error) -> Vec<(&str, &Rule)> {
    let Error::Contract(violations) = err else {
        panic!("expected a contract error, got {err:?}")
    };
    violations
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.rule))
        .collect()
}
