//! What the example programs share: the client from the `MEWS_*`
//! environment variables, and how a run ends (its exit code and one line on
//! stderr). Not an example itself (cargo builds `examples/*.rs` only).

use std::io::Write;

use mews_connector::{Client, Credentials, Environment};

/// Mews' public demo tokens ("Are you ready to integrate with Mews?").
const DEMO_CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

/// Why a program stops early.
pub enum Failure {
    /// A mistake on the command line: exit code 2.
    Usage(String),
    /// Anything else: exit code 1.
    Run(String),
}

impl From<mews_connector::Error> for Failure {
    fn from(error: mews_connector::Error) -> Failure {
        Failure::Run(one_line(&error))
    }
}

/// Prints `usage` and returns true when the arguments ask for help.
pub fn help(args: &[String], usage: &str, out: &mut impl Write) -> bool {
    let asked = args.iter().any(|a| a == "--help" || a == "-h");
    if asked {
        let _ = writeln!(out, "{usage}");
    }
    asked
}

/// The exit code of a run, its failure (if any) told on `err` in one line.
pub fn exit_code(program: &str, result: Result<(), Failure>, err: &mut impl Write) -> u8 {
    match result {
        Ok(()) => 0,
        Err(Failure::Usage(message)) => {
            let _ = writeln!(err, "{program}: {message} (see --help)");
            2
        }
        Err(Failure::Run(message)) => {
            let _ = writeln!(err, "{program}: {message}");
            1
        }
    }
}

/// The client, configured from the environment `env` gives:
/// `MEWS_PLATFORM_ADDRESS` (`demo` by default, `production` or an address),
/// `MEWS_CLIENT_TOKEN` and `MEWS_ACCESS_TOKEN` (both, or for the demo
/// environment neither, to use the public demo tokens), `MEWS_CLIENT`.
pub fn client(env: &impl Fn(&str) -> Option<String>) -> Result<Client, Failure> {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let environment = match var("MEWS_PLATFORM_ADDRESS") {
        Some(address) => address
            .parse::<Environment>()
            .map_err(|e| Failure::Run(format!("MEWS_PLATFORM_ADDRESS: {e}")))?,
        None => Environment::Demo,
    };
    let (client_token, access_token) = match (var("MEWS_CLIENT_TOKEN"), var("MEWS_ACCESS_TOKEN")) {
        (Some(client), Some(access)) => (client, access),
        // The public demo tokens go to the demo environment and nowhere else.
        (None, None) if environment == Environment::Demo => {
            (DEMO_CLIENT_TOKEN.into(), DEMO_ACCESS_TOKEN.into())
        }
        _ => {
            return Err(Failure::Run(format!(
                "set both MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN for {environment} \
                 (only the demo environment may leave both unset)"
            )));
        }
    };
    let credentials = Credentials::new(
        client_token,
        access_token,
        var("MEWS_CLIENT").unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")).into()
        }),
    );
    Client::new(environment, credentials).map_err(|e| Failure::Run(one_line(&e)))
}

/// An error and its sources on one line, skipping causes already quoted.
pub fn one_line(error: &dyn std::error::Error) -> String {
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
