//! The `bill_pdf` example, run as it is (arguments, environment, outputs and
//! exit code) against a local server standing in for Mews.

#[allow(dead_code)]
#[path = "../examples/bill_pdf.rs"]
mod example;

use base64::Engine as _;
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const GET_PDF: &str = "/api/connector/v1/bills/getPdf";

fn bill() -> Uuid {
    Uuid::from_u128(0xb111)
}

fn event() -> Uuid {
    Uuid::from_u128(0xe1e1)
}

/// Bytes no text encoding would keep: every byte value, twice, and a PDF header.
fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..=255u8).chain((0..=255u8).rev()));
    bytes
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

/// Not ready on the first ask; the PDF once asked with the print event.
struct NotReadyThenPdf;

impl Respond for NotReadyThenPdf {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let result = if body(request).get("BillPrintEventId").is_some() {
            json!({
                "Discriminator": "BillPdfFile",
                "Value": { "Base64Data": base64::engine::general_purpose::STANDARD.encode(pdf()) }
            })
        } else {
            json!({ "Discriminator": "BillPrintEvent", "Value": { "BillPrintEventId": event() } })
        };
        ResponseTemplate::new(200).set_body_json(json!({ "BillId": bill(), "Result": result }))
    }
}

struct Run {
    code: u8,
    out: String,
    err: String,
}

async fn run(server: &MockServer, args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let uri = server.uri();
    let env = move |name: &str| match name {
        "MEWS_PLATFORM_ADDRESS" => Some(uri.clone()),
        "MEWS_CLIENT_TOKEN" => Some("client-token".to_owned()),
        "MEWS_ACCESS_TOKEN" => Some("access-token".to_owned()),
        _ => None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = example::run_main(&args, env, &mut out, &mut err).await;
    Run {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bill_pdf");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    let _ = std::fs::remove_file(&file);
    file
}

#[tokio::test]
async fn waits_for_the_pdf_then_writes_exactly_its_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(GET_PDF))
        .respond_with(NotReadyThenPdf)
        .mount(&server)
        .await;
    let file = scratch("ready.pdf");
    let bill_id = bill().to_string();

    let run = run(
        &server,
        &[
            "--bill-id",
            &bill_id,
            "--out",
            file.to_str().unwrap(),
            "--template",
            "Detailed",
            "--wait-seconds",
            "0",
        ],
    )
    .await;

    assert_eq!(run.code, 0, "stderr: {}", run.err);
    assert_eq!(std::fs::read(&file).unwrap(), pdf());
    assert_eq!(
        run.out,
        format!("{}: {} bytes\n", file.display(), pdf().len())
    );
    let asked: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(body)
        .collect();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0]["BillId"], json!(bill()));
    assert_eq!(asked[0]["PdfTemplate"], "Detailed");
    assert_eq!(asked[0].get("BillPrintEventId"), None);
    assert_eq!(asked[1]["BillPrintEventId"], json!(event()));
}

#[tokio::test]
async fn a_malformed_pdf_is_an_error_naming_the_property_and_no_file_is_written() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(GET_PDF))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "BillId": bill(),
            "Result": { "Discriminator": "BillPdfFile", "Value": { "Base64Data": "JVBERi0*" } }
        })))
        .mount(&server)
        .await;
    let file = scratch("malformed.pdf");
    let bill_id = bill().to_string();

    let run = run(
        &server,
        &["--bill-id", &bill_id, "--out", file.to_str().unwrap()],
    )
    .await;

    assert_eq!(run.code, 1);
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    assert!(run.err.contains("Base64Data"), "{}", run.err);
    assert!(!file.exists());
}

#[tokio::test]
async fn usage_mistakes_exit_with_2_and_send_nothing() {
    let server = MockServer::start().await;
    for args in [
        &["--out", "x.pdf"][..],
        &["--bill-id", "nope", "--out", "x.pdf"],
        &["--bill-id", "00000000-0000-0000-0000-00000000b111"],
        &[
            "--bill-id",
            "00000000-0000-0000-0000-00000000b111",
            "--out",
            "x.pdf",
            "--template",
            "Fancy",
        ],
    ] {
        let run = run(&server, args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.err);
        assert!(run.err.starts_with("bill_pdf: "), "{}", run.err);
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
