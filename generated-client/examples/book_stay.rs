//! Prices a stay, and books it when asked to.
//!
//! ```text
//! cargo run --example book_stay -- --service-id <uuid> --rate-id <uuid> --category-id <uuid> \
//!     --age-category-id <uuid> --start <date-time> --end <date-time> [--guests N] \
//!     [--book --customer-id <uuid>]
//! ```
//!
//! It prices the stay with `reservations/price` (the service, rate, resource
//! category and dates given; `--guests` people of the age category, 2 by
//! default) and prints the total. With `--book` it then creates it with
//! `reservations/add` for the customer given, and prints the reservation
//! made. Without `--book` nothing is created.
//!
//! Configuration comes from the environment, as for the `voucher_codes`
//! example (`MEWS_PLATFORM_ADDRESS`, `MEWS_CLIENT_TOKEN`, `MEWS_ACCESS_TOKEN`,
//! `MEWS_CLIENT`; the demo environment's public tokens when both tokens are
//! unset there).
//!
//! On failure it prints one line naming the cause on stderr and exits with 1;
//! 2 for a usage mistake.

use std::io::{self, Write};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use mews_connector::Client;
use mews_connector::reservations::{
    AddReservationsRequest, AgeCategoryParameters, PriceReservationsRequest, ReservationParameters,
};

mod support;
use support::Failure;
use uuid::Uuid;

const USAGE: &str = "usage: book_stay --service-id <uuid> --rate-id <uuid> --category-id <uuid>
                 --age-category-id <uuid> --start <date-time> --end <date-time> [--guests N]
                 [--book --customer-id <uuid>]
  date-times in RFC 3339, e.g. 2024-06-01T14:00:00Z";

/// Our reference of the one reservation, echoed back by both calls.
const IDENTIFIER: &str = "stay";

struct Options {
    service_id: Uuid,
    rate_id: Uuid,
    category_id: Uuid,
    age_category_id: Uuid,
    guests: i32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// The customer to book for, when booking.
    book_for: Option<Uuid>,
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
            Ok(client) => book(&client, &options, out).await,
            Err(failure) => Err(failure),
        },
        Err(message) => Err(Failure::Usage(message)),
    };
    support::exit_code("book_stay", result, err)
}

async fn book(client: &Client, options: &Options, out: &mut impl Write) -> Result<(), Failure> {
    let price = client
        .reservations()
        .price(
            PriceReservationsRequest::builder()
                .service_id(options.service_id)
                .reservations([stay(options, None)])
                .build(),
        )
        .await?;
    let total = match price.reservation_prices.as_slice() {
        [one] => &one.total_amount,
        other => {
            return Err(Failure::Run(format!(
                "Mews priced {} reservations where one was asked for",
                other.len()
            )));
        }
    };
    print(
        out,
        format_args!(
            "priced: {} to {}, {} guest(s): {} {} (net {})",
            options.start,
            options.end,
            options.guests,
            total.gross_value,
            total.currency,
            total.net_value
        ),
    )?;

    let Some(customer_id) = options.book_for else {
        return print(out, format_args!("not booked (pass --book to create it)"));
    };
    let added = client
        .reservations()
        .add(
            AddReservationsRequest::builder()
                .service_id(options.service_id)
                .reservations([stay(options, Some(customer_id))])
                .build(),
        )
        .await?;
    for created in &added.reservations {
        let reservation = &created.reservation;
        print(
            out,
            format_args!(
                "created: reservation {} ({}), {:?}",
                reservation.number, reservation.id, reservation.state
            ),
        )?;
    }
    Ok(())
}

/// The stay asked for; pricing needs no customer, booking does.
fn stay(options: &Options, customer_id: Option<Uuid>) -> ReservationParameters {
    let stay = ReservationParameters::builder()
        .identifier(IDENTIFIER)
        .start_utc(options.start)
        .end_utc(options.end)
        .person_counts([AgeCategoryParameters::builder()
            .age_category_id(options.age_category_id)
            .count(options.guests)
            .build()])
        .requested_category_id(options.category_id)
        .rate_id(options.rate_id);
    match customer_id {
        Some(id) => stay.customer_id(id).build(),
        None => stay.build(),
    }
}

fn print(out: &mut impl Write, line: std::fmt::Arguments<'_>) -> Result<(), Failure> {
    writeln!(out, "{line}").map_err(|e| Failure::Run(format!("could not write the output: {e}")))
}

fn parse(args: &[String]) -> Result<Options, String> {
    let uuid = |flag: &str, value: &str| {
        value
            .parse::<Uuid>()
            .map_err(|_| format!("{flag}: {value:?} is not a UUID"))
    };
    let date_time = |flag: &str, value: &str| {
        DateTime::parse_from_rfc3339(value)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| format!("{flag}: {value:?} is not an RFC 3339 date-time"))
    };
    let (mut service, mut rate, mut category, mut age_category) = (None, None, None, None);
    let (mut start, mut end, mut customer) = (None, None, None);
    let (mut guests, mut book) = (2, false);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "--book" {
            book = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--service-id" => service = Some(uuid(flag, value)?),
            "--rate-id" => rate = Some(uuid(flag, value)?),
            "--category-id" => category = Some(uuid(flag, value)?),
            "--age-category-id" => age_category = Some(uuid(flag, value)?),
            "--customer-id" => customer = Some(uuid(flag, value)?),
            "--start" => start = Some(date_time(flag, value)?),
            "--end" => end = Some(date_time(flag, value)?),
            "--guests" => {
                guests = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--guests: {value:?} is not a number of people"))?;
            }
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    let (start, end) = (required(start, "--start")?, required(end, "--end")?);
    if start >= end {
        return Err(format!("--start ({start}) must be before --end ({end})"));
    }
    let book_for = match (book, customer) {
        (true, None) => return Err("--book needs --customer-id (whose stay it is)".into()),
        (true, Some(id)) => Some(id),
        (false, Some(_)) => return Err("--customer-id is only used with --book".into()),
        (false, None) => None,
    };
    Ok(Options {
        service_id: required(service, "--service-id")?,
        rate_id: required(rate, "--rate-id")?,
        category_id: required(category, "--category-id")?,
        age_category_id: required(age_category, "--age-category-id")?,
        guests,
        start,
        end,
        book_for,
    })
}

fn required<T>(value: Option<T>, flag: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("{flag} is required"))
}
