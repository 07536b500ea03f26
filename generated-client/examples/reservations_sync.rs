//! Prints the reservations updated in a time window, with their guest and
//! their room, the way a sync job reads them after a `ServiceOrderUpdated`
//! webhook or on a schedule.
//!
//! ```text
//! cargo run --example reservations_sync -- --since <date-time> [--until <date-time>] [--enterprise-id <uuid>]...
//! ```
//!
//! It reads every reservation updated in the window (`reservations/getAll`
//! 2023-06-06), all pages, splitting a window longer than the 3 months Mews
//! allows per request; then the customers who own them and the resources
//! assigned to them, in batches of at most 1000 ids (`customers/getAll`,
//! `resources/getAll`). It prints one JSON object per reservation, one per
//! line. `--until` defaults to now.
//!
//! Configuration comes from the environment, as for the `voucher_codes`
//! example:
//! - `MEWS_PLATFORM_ADDRESS`: `demo` (the default), `production` or an
//!   address such as `https://api.mews-demo.com`;
//! - `MEWS_CLIENT_TOKEN`, `MEWS_ACCESS_TOKEN`: required, except for the demo
//!   environment, where leaving both unset uses Mews' public demo tokens
//!   (they are never sent anywhere else);
//! - `MEWS_CLIENT`: the client name sent to Mews, by default this crate's
//!   name and version.
//!
//! On failure it prints one line naming the cause on stderr and exits with 1;
//! 2 for a usage mistake.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};
use std::process::ExitCode;

use chrono::{DateTime, Months, Utc};
use futures_util::TryStreamExt;
use mews_connector::Client;
use mews_connector::common::{AccountType, ActivityState, Limitation, TimeInterval};
use mews_connector::customers::{CustomerExtent, GetAllCustomersRequest};
use mews_connector::reservations::{GetAllReservations20230606Request, Reservation20230606};
use mews_connector::resources::{GetAllResourcesRequest, ResourceExtent};

mod support;
use serde_json::json;
use support::Failure;
use uuid::Uuid;

const USAGE: &str =
    "usage: reservations_sync --since <date-time> [--until <date-time>] [--enterprise-id <uuid>]...
  date-times in RFC 3339, e.g. 2024-05-01T00:00:00Z";

/// The most ids Mews takes in one filter list, and the largest page.
const BATCH: usize = 1000;
/// The longest `UpdatedUtc` window Mews takes in one request.
const WINDOW_MONTHS: u32 = 3;

struct Options {
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    enterprise_ids: Vec<Uuid>,
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
    let result = match parse(args, Utc::now()) {
        Ok(options) => match support::client(&env) {
            Ok(client) => sync(&client, &options, out).await,
            Err(failure) => Err(failure),
        },
        Err(message) => Err(Failure::Usage(message)),
    };
    support::exit_code("reservations_sync", result, err)
}

async fn sync(client: &Client, options: &Options, out: &mut impl Write) -> Result<(), Failure> {
    let reservations = updated_reservations(client, options).await?;

    let customer_ids: BTreeSet<Uuid> = reservations
        .iter()
        .filter(|r| r.account_type == AccountType::Customer)
        .map(|r| r.account_id)
        .collect();
    let resource_ids: BTreeSet<Uuid> = reservations
        .iter()
        .filter_map(|r| r.assigned_resource_id)
        .collect();
    let guests = customer_names(client, &customer_ids).await?;
    let rooms = resource_names(client, &resource_ids).await?;

    for reservation in &reservations {
        let line = json!({
            "Id": reservation.id,
            "Number": reservation.number,
            "State": reservation.state,
            "StartUtc": reservation.scheduled_start_utc,
            "EndUtc": reservation.scheduled_end_utc,
            "AccountType": reservation.account_type,
            "Guest": guests.get(&reservation.account_id),
            "Resource": reservation.assigned_resource_id.and_then(|id| rooms.get(&id)),
        });
        writeln!(out, "{line}").map_err(output_failure)?;
    }
    out.flush().map_err(output_failure)
}

/// Every reservation updated in the window, in order, one request stream
/// per 3-month slice; a reservation updated twice across slices appears once.
async fn updated_reservations(
    client: &Client,
    options: &Options,
) -> Result<Vec<Reservation20230606>, Failure> {
    let mut reservations = Vec::new();
    let mut seen = BTreeSet::new();
    for (start, end) in windows(options.since, options.until) {
        let mut request = GetAllReservations20230606Request::builder()
            .updated_utc(
                TimeInterval::builder()
                    .start_utc(start)
                    .end_utc(end)
                    .build(),
            )
            .limitation(page());
        if !options.enterprise_ids.is_empty() {
            request = request.enterprise_ids(options.enterprise_ids.clone());
        }
        let mut items = client
            .reservations()
            .get_all_2023_06_06_items(request.build());
        while let Some(reservation) = items.try_next().await? {
            if seen.insert(reservation.id) {
                reservations.push(reservation);
            }
        }
    }
    Ok(reservations)
}

/// The customers' names by id, looked up 1000 ids at a time.
async fn customer_names(
    client: &Client,
    ids: &BTreeSet<Uuid>,
) -> Result<HashMap<Uuid, String>, Failure> {
    let mut names = HashMap::new();
    for batch in batches(ids) {
        let request = GetAllCustomersRequest::builder()
            .customer_ids(batch)
            // A guest deleted since still owns the reservation.
            .activity_states([ActivityState::Active, ActivityState::Deleted])
            .extent(CustomerExtent::builder().customers(true).build())
            .limitation(page())
            .build();
        let mut customers = client.customers().get_all_items(request);
        while let Some(customer) = customers.try_next().await? {
            let name = match &customer.first_name {
                Some(first) => format!("{first} {}", customer.last_name),
                None => customer.last_name.clone(),
            };
            names.insert(customer.id, name);
        }
    }
    Ok(names)
}

/// The resources' names (room numbers) by id, looked up 1000 ids at a time.
async fn resource_names(
    client: &Client,
    ids: &BTreeSet<Uuid>,
) -> Result<HashMap<Uuid, String>, Failure> {
    let mut names = HashMap::new();
    for batch in batches(ids) {
        let request = GetAllResourcesRequest::builder()
            .resource_ids(batch)
            .extent(
                ResourceExtent::builder()
                    .resources(true)
                    // A room taken out of use since is still the one booked.
                    .inactive(true)
                    .build(),
            )
            .limitation(page())
            .build();
        let mut resources = client.resources().get_all_items(request);
        while let Some(resource) = resources.try_next().await? {
            names.insert(resource.id, resource.name);
        }
    }
    Ok(names)
}

fn page() -> Limitation {
    Limitation::builder().count(BATCH as i32).build()
}

fn batches(ids: &BTreeSet<Uuid>) -> Vec<Vec<Uuid>> {
    let ids: Vec<Uuid> = ids.iter().copied().collect();
    ids.chunks(BATCH).map(<[Uuid]>::to_vec).collect()
}

/// `[since, until]` cut into consecutive slices of at most 3 calendar months.
fn windows(since: DateTime<Utc>, until: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut slices = Vec::new();
    let mut start = since;
    while start < until {
        let end = start
            .checked_add_months(Months::new(WINDOW_MONTHS))
            .map_or(until, |end| end.min(until));
        slices.push((start, end));
        start = end;
    }
    slices
}

fn output_failure(error: io::Error) -> Failure {
    Failure::Run(format!("could not write the output: {error}"))
}

fn parse(args: &[String], now: DateTime<Utc>) -> Result<Options, String> {
    let mut since = None;
    let mut until = None;
    let mut enterprise_ids = Vec::new();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--since" => since = Some(date_time(flag, value()?)?),
            "--until" => until = Some(date_time(flag, value()?)?),
            "--enterprise-id" => {
                let id = value()?;
                enterprise_ids.push(
                    id.parse()
                        .map_err(|_| format!("--enterprise-id: {id:?} is not a UUID"))?,
                );
            }
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    let since = since.ok_or("--since is required")?;
    let until = until.unwrap_or(now);
    if since >= until {
        return Err(format!(
            "--since ({since}) must be before --until ({until})"
        ));
    }
    Ok(Options {
        since,
        until,
        enterprise_ids,
    })
}

fn date_time(flag: &str, value: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{flag}: {value:?} is not an RFC 3339 date-time"))
}
