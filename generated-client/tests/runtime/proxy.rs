//! Proxies from the environment: plain HTTP (loopback only) never goes
//! through one, HTTPS does (tunnelled, so the proxy sees only the host).
//!
//! The variables are set only for a child process (this test binary,
//! running the ignored `child_*` test), so no other test sees them and the
//! machine's own settings play no part.

use std::process::Command;
use std::sync::{Arc, Mutex};

use mews_connector::{Client, Environment, Error, RetryPolicy};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const TARGETS: &str = "MEWS_TEST_PROXY_TARGETS";
const PROXY_VARIABLES: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];
/// An HTTPS address that needs no name resolution here: through a proxy,
/// the proxy resolves it (and ours only records the request).
const HTTPS_ADDRESS: &str = "https://mews.invalid";

/// A proxy that records the head of each request it gets, then hangs up.
async fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let recorded = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = vec![0; 64 * 1024];
            let n = socket.read(&mut head).await.unwrap_or(0);
            recorded
                .lock()
                .unwrap()
                .push(String::from_utf8_lossy(&head[..n]).into_owned());
        }
    });
    (address, heads)
}

#[tokio::test]
async fn plain_http_loopback_never_goes_through_a_proxy() {
    let server = server().await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"Things":[],"Cursor":null}"#))
        .mount(&server)
        .await;
    let (proxy, heads) = recording_proxy().await;
    let port = server.address().port();
    let targets = format!("http://127.0.0.1:{port} http://localhost:{port}");

    let mut child = Command::new(std::env::current_exe().unwrap());
    child.args([
        "proxy::child_sends_with_proxy_variables_set",
        "--exact",
        "--ignored",
        "--nocapture",
    ]);
    for name in PROXY_VARIABLES
        .iter()
        .chain(&["NO_PROXY", "no_proxy", "REQUEST_METHOD"])
    {
        child.env_remove(name);
    }
    for name in PROXY_VARIABLES {
        child.env(name, &proxy);
    }
    child.env(TARGETS, &targets);
    let output = tokio::task::spawn_blocking(move || child.output().unwrap())
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // Both loopback calls went straight to the server, with their tokens.
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert!(String::from_utf8_lossy(&received[0].body).contains(ACCESS_TOKEN));
    // The proxy saw only the HTTPS call, as a tunnel: a host name, no body.
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].starts_with("CONNECT mews.invalid:443 HTTP/1.1\r\n"),
        "{heads:?}"
    );
    assert!(
        !heads[0].contains(ACCESS_TOKEN) && !heads[0].contains(CLIENT_TOKEN),
        "{heads:?}"
    );
}

/// Run by the test above, in a child process with every proxy variable
/// pointing at its recording proxy.
#[tokio::test]
#[ignore = "run in a child process by plain_http_loopback_never_goes_through_a_proxy"]
async fn child_sends_with_proxy_variables_set() {
    let targets = std::env::var(TARGETS).expect("run by the test above");
    for address in targets.split(' ') {
        builder(address)
            .build()
            .unwrap()
            .send(GetThings::new(1))
            .await
            .unwrap_or_else(|e| panic!("{address}: {e:?}"));
    }
    // The recording proxy hangs up on the CONNECT.
    let err = Client::builder(Environment::custom(HTTPS_ADDRESS).unwrap(), credentials())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
        .send(GetThings::new(1))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}
