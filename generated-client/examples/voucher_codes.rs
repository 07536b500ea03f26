//! Lists, adds and deletes voucher codes from the command line.
//!
//! ```text
//! cargo run --example voucher_codes -- get-all --voucher-id <uuid>... [--count N]
//! cargo run --example voucher_codes -- add --voucher-id <uuid> --value <text> [--enterprise-id <uuid>]
//! cargo run --example voucher_codes -- delete --id <uuid>... [--enterprise-id <uuid>]
//! ```
//!
//! `get-all` prints every code of the vouchers, all pages, and `add` the
//! codes it created, one JSON object per line; `delete` prints nothing.
//! A list option takes several values (`--id A B`) or repeats (`--id A --id B`).
//!
//! Configuration comes from the environment:
//! - `MEWS_PLATFORM_ADDRESS`: `demo` (the default), `production` or an
//!   address such as `https://api.mews-demo.com`;
//! - `MEWS_CLIENT_TOKEN`, `MEWS_ACCESS_TOKEN`: required, except for the demo
//!   environment, where leaving both unset uses Mews' public demo tokens
//!   (they are never sent anywhere else);
//! - `MEWS_CLIENT`: the client name sent to Mews, by default this crate's
//!   name and version.
//!
//! On failure it prints one line naming the cause (and Mews' request id, if
//! an answer came back) on stderr and exits with 1; 2 for a usage mistake.

use std::collections::HashMap;
use std::io::{self, Write};
use std::process::ExitCode;

use mews_connector::common::Limitation;
use mews_connector::voucher_codes::{
    AddVoucherCodesRequest, DeleteVoucherCodesRequest, GetAllVoucherCodesRequest,
    VoucherCodeParameters,
};
use mews_connector::{Client, Credentials, Environment};
use uuid::Uuid;

/// Mews' public demo tokens ("Are you ready to integrate with Mews?").
const DEMO_CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

const USAGE: &str = "usage: voucher_codes get-all --voucher-id <uuid>... [--count N]
       voucher_codes add --voucher-id <uuid> --value <text> [--enterprise-id <uuid>]
       voucher_codes delete --id <uuid>... [--enterprise-id <uuid>]";

enum Command {
    GetAll {
        voucher_ids: Vec<Uuid>,
        count: i32,
    },
    Add {
        voucher_id: Uuid,
        value: String,
        enterprise_id: Option<Uuid>,
    },
    Delete {
        ids: Vec<Uuid>,
        enterprise_id: Option<Uuid>,
    },
}

/// Why the program stops early.
enum Failure {
    Usage(String),
    Run(String),
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let mut out = io::stdout().lock();
    let result = match parse(&args) {
        Ok(command) => run(command, &mut out).await,
        Err(message) => Err(Failure::Usage(message)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("voucher_codes: {message} (see --help)");
            ExitCode::from(2)
        }
        Err(Failure::Run(message)) => {
            eprintln!("voucher_codes: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, out: &mut impl Write) -> Result<(), Failure> {
    let client = client()?;
    let api = client.voucher_codes();
    match command {
        Command::GetAll { voucher_ids, count } => {
            let request = GetAllVoucherCodesRequest::builder()
                .voucher_ids(voucher_ids)
                .limitation(Limitation::builder().count(count).build())
                .build();
            // One page in memory at a time, however many codes there are.
            let mut codes = api.get_all_items(request);
            while let Some(code) = codes.next().await {
                print_json(out, &code.map_err(mews_failure)?)?;
            }
        }
        Command::Add {
            voucher_id,
            value,
            enterprise_id,
        } => {
            let code = VoucherCodeParameters::builder()
                .voucher_id(voucher_id)
                .value(value)
                .build();
            let mut request = AddVoucherCodesRequest::builder().voucher_code_parameters([code]);
            if let Some(id) = enterprise_id {
                request = request.enterprise_id(id);
            }
            let result = api.add(request.build()).await.map_err(mews_failure)?;
            for code in &result.voucher_codes {
                print_json(out, code)?;
            }
        }
        Command::Delete { ids, enterprise_id } => {
            let mut request = DeleteVoucherCodesRequest::builder().voucher_code_ids(ids);
            if let Some(id) = enterprise_id {
                request = request.enterprise_id(id);
            }
            api.delete(request.build()).await.map_err(mews_failure)?;
        }
    }
    out.flush().map_err(output_failure)
}

/// The client, configured from the environment.
fn client() -> Result<Client, Failure> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let environment = match var("MEWS_PLATFORM_ADDRESS") {
        Some(address) => address
            .parse::<Environment>()
            .map_err(|e| Failure::Run(format!("MEWS_PLATFORM_ADDRESS: {e}")))?,
        None => Environment::Demo,
    };
    let (client_token, access_token) = tokens(
        &environment,
        var("MEWS_CLIENT_TOKEN"),
        var("MEWS_ACCESS_TOKEN"),
    )?;
    let credentials = Credentials::new(
        client_token,
        access_token,
        var("MEWS_CLIENT").unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")).into()
        }),
    );
    Client::new(environment, credentials).map_err(|e| Failure::Run(one_line(&e)))
}

/// The tokens to use: both given, or Mews' public demo tokens when neither
/// is given and the environment is the demo. Anywhere else the demo tokens
/// would be refused at best, and sent to a server that has no business with
/// them at worst.
fn tokens(
    environment: &Environment,
    client_token: Option<String>,
    access_token: Option<String>,
) -> Result<(String, String), Failure> {
    match (client_token, access_token) {
        (Some(client), Some(access)) => Ok((client, access)),
        (None, None) if *environment == Environment::Demo => {
            Ok((DEMO_CLIENT_TOKEN.into(), DEMO_ACCESS_TOKEN.into()))
        }
        (None, None) => Err(Failure::Run(format!(
            "set MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN for {environment} \
             (the public demo tokens are only used for the demo environment)"
        ))),
        (client, _) => {
            let missing = if client.is_none() {
                "MEWS_CLIENT_TOKEN"
            } else {
                "MEWS_ACCESS_TOKEN"
            };
            Err(Failure::Run(format!(
                "{missing} is not set; set both MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN \
                 (or, for the demo environment, neither, to use the public demo tokens)"
            )))
        }
    }
}

fn print_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<(), Failure> {
    let line = serde_json::to_string(value)
        .map_err(|e| Failure::Run(format!("could not print a code: {e}")))?;
    writeln!(out, "{line}").map_err(output_failure)
}

fn output_failure(error: io::Error) -> Failure {
    if error.kind() == io::ErrorKind::BrokenPipe {
        // The reader went away (e.g. `| head`): not worth a message.
        std::process::exit(0);
    }
    Failure::Run(format!("could not write to stdout: {error}"))
}

/// The error's message (with Mews' request id, which the runtime's errors
/// include) followed by its causes.
fn mews_failure(error: mews_connector::Error) -> Failure {
    Failure::Run(one_line(&error))
}

/// An error and its sources on one line, skipping causes already quoted.
fn one_line(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse(args: &[String]) -> Result<Command, String> {
    let (command, rest) = args.split_first().ok_or("no command given")?;
    match command.as_str() {
        "get-all" => {
            let flags = flags(rest, &["voucher-id", "count"])?;
            let count = match single(&flags, "count")? {
                Some(n) => n
                    .parse()
                    .map_err(|_| format!("--count: {n:?} is not a number"))?,
                None => 1000,
            };
            Ok(Command::GetAll {
                voucher_ids: uuids(&flags, "voucher-id")?,
                count,
            })
        }
        "add" => {
            let flags = flags(rest, &["voucher-id", "value", "enterprise-id"])?;
            let voucher_id = single(&flags, "voucher-id")?.ok_or("--voucher-id is required")?;
            Ok(Command::Add {
                voucher_id: uuid("voucher-id", voucher_id)?,
                value: single(&flags, "value")?
                    .ok_or("--value is required")?
                    .to_owned(),
                enterprise_id: single(&flags, "enterprise-id")?
                    .map(|id| uuid("enterprise-id", id))
                    .transpose()?,
            })
        }
        "delete" => {
            let flags = flags(rest, &["id", "enterprise-id"])?;
            Ok(Command::Delete {
                ids: uuids(&flags, "id")?,
                enterprise_id: single(&flags, "enterprise-id")?
                    .map(|id| uuid("enterprise-id", id))
                    .transpose()?,
            })
        }
        other => Err(format!("unknown command {other:?}")),
    }
}

/// Groups the arguments by the `--option` they follow.
fn flags<'a>(
    args: &'a [String],
    known: &[&'a str],
) -> Result<HashMap<&'a str, Vec<&'a str>>, String> {
    let mut flags: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut current = None;
    for arg in args {
        if let Some(name) = arg.strip_prefix("--") {
            let name = known
                .iter()
                .find(|k| **k == name)
                .ok_or_else(|| format!("unknown option --{name}"))?;
            flags.entry(name).or_default();
            current = Some(*name);
        } else {
            let name = current.ok_or_else(|| format!("unexpected argument {arg:?}"))?;
            flags.entry(name).or_default().push(arg);
        }
    }
    Ok(flags)
}

fn single<'a>(flags: &HashMap<&str, Vec<&'a str>>, name: &str) -> Result<Option<&'a str>, String> {
    match flags.get(name).map(Vec::as_slice) {
        None => Ok(None),
        Some([value]) => Ok(Some(value)),
        Some(_) => Err(format!("--{name} takes exactly one value")),
    }
}

fn uuids(flags: &HashMap<&str, Vec<&str>>, name: &str) -> Result<Vec<Uuid>, String> {
    match flags.get(name) {
        Some(values) if !values.is_empty() => values.iter().map(|v| uuid(name, v)).collect(),
        _ => Err(format!("--{name} needs at least one id")),
    }
}

fn uuid(name: &str, value: &str) -> Result<Uuid, String> {
    value
        .parse()
        .map_err(|_| format!("--{name}: {value:?} is not a UUID"))
}
