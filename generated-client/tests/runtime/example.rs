//! The `voucher_codes` example, run as a program against servers on
//! 127.0.0.1: it uses Mews' public demo tokens only for the demo environment.
//!
//! Every run points the HTTPS proxy at a local server, so even a regression
//! that did call Mews (always over HTTPS) would not leave the machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::server;

const GET_ALL: &str = "/api/connector/v1/voucherCodes/getAll";
const VOUCHER_ID: &str = "5ee074b1-6c86-48e8-915f-c7aa4702086f";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

/// The example program, built once for all the tests here by the command
/// `cargo test --workspace` builds it with (features resolved for the whole
/// workspace, the `test` profile), so that after that command it is found,
/// not rebuilt. (`cargo run -p mews-connector` resolved features for this
/// package alone, and rebuilt tokio, reqwest and the client: a minute of CI.)
fn example() -> &'static Path {
    static EXAMPLE: OnceLock<PathBuf> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let mut command = Command::new(env!("CARGO"));
        command.current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "build",
            "--quiet",
            "--offline",
            "--workspace",
            "--profile",
            "test",
            "--example",
            "voucher_codes",
            "--message-format=json",
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
        let output = command.output().expect("cargo runs");
        assert!(
            output.status.success(),
            "cannot build the example:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .find_map(|message| {
                let example = message["target"]["name"] == "voucher_codes"
                    && message["target"]["kind"][0] == "example";
                Some(PathBuf::from(
                    message["executable"].as_str().filter(|_| example)?,
                ))
            })
            .expect("cargo names the example's executable")
    })
}

/// Runs `voucher_codes get-all` with only the given `MEWS_*` variables, and
/// HTTPS going through `proxy`.
async fn run_example(proxy: &MockServer, vars: &[(&str, &str)]) -> Output {
    let example = tokio::task::spawn_blocking(example).await.unwrap();
    let mut command = Command::new(example);
    command.args(["get-all", "--voucher-id", VOUCHER_ID]);
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

/// The example's last line on stderr and its exit code.
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
