//! The `voucher_codes` example, run as a program (through `cargo run`)
//! against servers on 127.0.0.1: it uses Mews' public demo tokens only for
//! the demo environment.
//!
//! Every run points the HTTPS proxy at a local server, so even a regression
//! that did call Mews (always over HTTPS) would not leave the machine.

use std::process::{Command, Output};

use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::server;

const GET_ALL: &str = "/api/connector/v1/voucherCodes/getAll";
const VOUCHER_ID: &str = "5ee074b1-6c86-48e8-915f-c7aa4702086f";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

/// Runs `voucher_codes get-all` with only the given `MEWS_*` variables, and
/// HTTPS going through `proxy`.
async fn run_example(proxy: &MockServer, vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "run",
        "--quiet",
        "--offline",
        // The profile `cargo test` builds examples with, so the example
        // it built is reused rather than rebuilt.
        "--profile",
        "test",
        "--package",
        "mews-connector",
        "--example",
        "voucher_codes",
        "--",
        "get-all",
        "--voucher-id",
        VOUCHER_ID,
    ]);
    // What cargo set for this test (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`,
    // …) would look like a changed environment to build scripts, and have
    // the inner cargo rebuild them.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_cargo = [
            "MANIFEST_",
            "PKG_",
            "CRATE_",
            "BIN_",
            "PRIMARY_",
            "TARGET_TMPDIR",
        ]
        .iter()
        .any(|prefix| name.starts_with(&format!("CARGO_{prefix}")));
        if set_by_cargo {
            command.env_remove(&*name);
        }
    }
    for name in [
        "MEWS_PLATFORM_ADDRESS",
        "MEWS_CLIENT_TOKEN",
        "MEWS_ACCESS_TOKEN",
        "MEWS_CLIENT",
        "NO_PROXY",
        "no_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    // Mews is only reached over HTTPS; the local servers are plain HTTP.
    for name in ["HTTPS_PROXY", "https_proxy"] {
        command.env(name, proxy.uri());
    }
    command.envs(vars.iter().copied());
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

/// The example's last line on stderr (cargo may print compiler output
/// before it) and its exit code.
fn failure(output: &Output) -> (String, Option<i32>) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default().to_owned();
    (last, output.status.code())
}

#[tokio::test]
async fn the_example_needs_real_tokens_outside_the_demo() {
    let mews = server().await;
    let proxy = server().await;
    let local = mews.uri();

    for (vars, message) in [
        (
            vec![("MEWS_PLATFORM_ADDRESS", local.as_str())],
            format!(
                "voucher_codes: set MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN for {local} \
                 (the public demo tokens are only used for the demo environment)"
            ),
        ),
        (
            vec![("MEWS_PLATFORM_ADDRESS", "production")],
            "voucher_codes: set MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN for \
             https://api.mews.com (the public demo tokens are only used for the demo environment)"
                .to_owned(),
        ),
        (
            vec![
                ("MEWS_PLATFORM_ADDRESS", local.as_str()),
                ("MEWS_CLIENT_TOKEN", "CT-mine"),
            ],
            "voucher_codes: MEWS_ACCESS_TOKEN is not set; set both MEWS_CLIENT_TOKEN and \
             MEWS_ACCESS_TOKEN (or, for the demo environment, neither, to use the public demo \
             tokens)"
                .to_owned(),
        ),
        (
            // Half of the demo pair is not the demo pair.
            vec![("MEWS_CLIENT_TOKEN", "CT-mine")],
            "voucher_codes: MEWS_ACCESS_TOKEN is not set; set both MEWS_CLIENT_TOKEN and \
             MEWS_ACCESS_TOKEN (or, for the demo environment, neither, to use the public demo \
             tokens)"
                .to_owned(),
        ),
    ] {
        let output = run_example(&proxy, &vars).await;
        assert_eq!(failure(&output), (message, Some(1)), "{vars:?}");
        assert!(output.stdout.is_empty(), "{vars:?}");
    }
    assert!(mews.received_requests().await.unwrap().is_empty());
    assert!(proxy.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_example_sends_the_given_tokens_to_the_given_address() {
    let mews = server().await;
    let proxy = server().await;
    Mock::given(path(GET_ALL))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"{"VoucherCodes":[],"Cursor":null}"#),
        )
        .mount(&mews)
        .await;

    let output = run_example(
        &proxy,
        &[
            ("MEWS_PLATFORM_ADDRESS", &mews.uri()),
            ("MEWS_CLIENT_TOKEN", "CT-mine"),
            ("MEWS_ACCESS_TOKEN", "AT-mine"),
        ],
    )
    .await;
    assert!(output.status.success(), "{}", failure(&output).0);

    let received = mews.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let body: serde_json::Value = received[0].body_json().unwrap();
    assert_eq!(body["ClientToken"], "CT-mine");
    assert_eq!(body["AccessToken"], "AT-mine");
    assert_ne!(body["AccessToken"], DEMO_ACCESS_TOKEN);
    assert!(proxy.received_requests().await.unwrap().is_empty());
}
