//! Writes the PDF of a bill to a file.
//!
//! ```text
//! cargo run --example bill_pdf -- --bill-id <uuid> --out <file> [--template <name>] [--wait-seconds N]
//! ```
//!
//! It asks `bills/getPdf` for the bill. When Mews answers that the PDF is not
//! ready yet (a print event, e.g. while a fiscal authority confirms the bill),
//! it waits `--wait-seconds` (5 by default) and asks again with that print
//! event, up to 10 times. It writes the PDF's bytes to `--out` (through a
//! temporary file beside it, so a failure never leaves half a PDF) and
//! prints the file's name and size. `--template` picks a layout by its Mews
//! name (`Detailed`, `Consumption`, `Reservation`, `OrderItem`, `Guest`); left
//! out, the enterprise's default.
//!
//! Configuration comes from the environment, as for the `voucher_codes`
//! example (`MEWS_PLATFORM_ADDRESS`, `MEWS_CLIENT_TOKEN`, `MEWS_ACCESS_TOKEN`,
//! `MEWS_CLIENT`; the demo environment's public tokens when both tokens are
//! unset there).
//!
//! On failure it prints one line naming the cause on stderr and exits with 1;
//! 2 for a usage mistake.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use mews_connector::Client;
use mews_connector::bills::{BillPdfResult, BillPdfTemplateType, GetPdfBillsRequest};

mod support;
use support::Failure;
use uuid::Uuid;

const USAGE: &str =
    "usage: bill_pdf --bill-id <uuid> --out <file> [--template <name>] [--wait-seconds N]";

/// How many times to ask for a PDF that is not ready.
const ATTEMPTS: u32 = 10;

struct Options {
    bill_id: Uuid,
    out: PathBuf,
    template: Option<BillPdfTemplateType>,
    wait: Duration,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env = |name: &str| std::env::var(name).ok();
    let code = run_main(
        &args,
        env,
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    )
    .await;
    ExitCode::from(code)
}

/// The whole program but the process: arguments, environment and outputs
/// are given, the exit code returned (so a test can run it as it is).
pub async fn run_main(
    args: &[String],
    env: impl Fn(&str) -> Option<String>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    if support::help(args, USAGE, out) {
        return 0;
    }
    let result = match parse(args) {
        Ok(options) => match support::client(&env) {
            Ok(client) => fetch(&client, &options, out).await,
            Err(failure) => Err(failure),
        },
        Err(message) => Err(Failure::Usage(message)),
    };
    support::exit_code("bill_pdf", result, err)
}

async fn fetch(client: &Client, options: &Options, out: &mut impl Write) -> Result<(), Failure> {
    let mut print_event = None;
    for attempt in 1..=ATTEMPTS {
        let mut request = GetPdfBillsRequest::builder().bill_id(options.bill_id);
        if let Some(template) = &options.template {
            request = request.pdf_template(template.clone());
        }
        if let Some(event) = print_event {
            // Asking again with the event does not count as another print.
            request = request.bill_print_event_id(event);
        }
        let answer = client.bills().get_pdf(request.build()).await?;
        match answer.result {
            BillPdfResult::BillPdfFile(file) => {
                let bytes = file.base64_data.as_bytes();
                write_atomically(&options.out, bytes)?;
                return writeln!(out, "{}: {} bytes", options.out.display(), bytes.len())
                    .map_err(|e| Failure::Run(format!("could not write to stdout: {e}")));
            }
            BillPdfResult::BillPrintEvent(event) => {
                print_event = Some(event.bill_print_event_id);
                if attempt < ATTEMPTS {
                    tokio::time::sleep(options.wait).await;
                }
            }
            other => {
                return Err(Failure::Run(format!(
                    "Mews answered with a kind of result this program does not know: {other:?}"
                )));
            }
        }
    }
    Err(Failure::Run(format!(
        "the PDF of bill {} was still not ready after {ATTEMPTS} attempts",
        options.bill_id
    )))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into
/// place: `path` holds either the whole PDF or what it held before.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let failure = |e: io::Error| Failure::Run(format!("could not write {}: {e}", path.display()));
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".part");
    let temporary = PathBuf::from(temporary);
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(failure(error));
    }
    Ok(())
}

fn parse(args: &[String]) -> Result<Options, String> {
    let (mut bill_id, mut out, mut template, mut wait) = (None, None, None, 5);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--bill-id" => {
                bill_id = Some(
                    value
                        .parse::<Uuid>()
                        .map_err(|_| format!("--bill-id: {value:?} is not a UUID"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value)),
            "--template" => {
                // Mews' names, as the enum reads them from JSON.
                let known = serde_json::from_value::<BillPdfTemplateType>(value.as_str().into())
                    .ok()
                    .filter(|t| !matches!(t, BillPdfTemplateType::Unknown(_)));
                template = Some(known.ok_or_else(|| {
                    format!("--template: {value:?} is not a template this program knows")
                })?);
            }
            "--wait-seconds" => {
                wait = value
                    .parse()
                    .map_err(|_| format!("--wait-seconds: {value:?} is not a number of seconds"))?;
            }
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    Ok(Options {
        bill_id: bill_id.ok_or("--bill-id is required")?,
        out: out.ok_or("--out is required")?,
        template,
        wait: Duration::from_secs(wait),
    })
}
