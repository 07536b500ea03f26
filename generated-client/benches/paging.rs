//! Paging: every voucher code of `voucherCodes/getAll`, 1000 a page, through
//! `client.voucher_codes().get_all_items(..)`, from a tiny HTTP/1.1 server on
//! 127.0.0.1 that serves precomputed pages keyed by the request's
//! `Limitation.Cursor`. The client's rate limiter is off; retries are left
//! at their default (none happen).
//!
//! Two figures:
//! - items per second (criterion, 100,000 codes = 100 pages), beside a
//!   floor: a hand-written loop of `reqwest` posts and plain serde structs
//!   against the same server;
//! - peak memory: a counting global allocator records the most bytes live
//!   at once while a stream runs, above what was live when it started (the
//!   server's precomputed pages, the runtime); the server's own threads are
//!   not counted. It must not grow with the number of codes: 10,000,
//!   100,000 and 300,000 are compared.
//!
//! `cargo bench -p mews-connector --bench paging`.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

use criterion::Throughput;
use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::voucher_codes::GetAllVoucherCodesRequest;
use mews_connector::{Client, Credentials, Environment};
use serde::Serialize;
use support::{ACCESS_TOKEN, CLIENT_NAME, CLIENT_TOKEN, Figures, PAGE, PlainVoucherCodeResult};
use uuid::Uuid;

// ---------------------------------------------------------------------------
// Peak live bytes.

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Set on the server's threads: the server is not what is measured.
    static UNCOUNTED: Cell<bool> = const { Cell::new(false) };
}

fn counted() -> bool {
    !UNCOUNTED.try_with(Cell::get).unwrap_or(false)
}

fn grew(by: usize) {
    if counted() {
        let now = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }
}

fn shrank(by: usize) {
    if counted() {
        LIVE.fetch_sub(by, Relaxed);
    }
}

// SAFETY: every call is passed on to the system allocator unchanged; only
// the sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs a stream: the count it returns, the peak of live bytes above those
/// live when it started, and how many more bytes are live after it.
fn measure(f: impl FnOnce() -> usize) -> (usize, usize, isize) {
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    let n = f();
    let peak = PEAK.load(Relaxed) - start;
    let retained = LIVE.load(Relaxed) as isize - start as isize;
    (n, peak, retained)
}

// ---------------------------------------------------------------------------
// The server.

/// Serves `pages` precomputed pages of 1000 codes each on 127.0.0.1: the
/// first for a request without `Limitation.Cursor`, then the page after the
/// one whose last code is the cursor. Each connection gets its own thread;
/// they end with the process.
fn serve(pages: usize) -> String {
    let bodies: Vec<Vec<u8>> = (0..pages)
        .map(|p| support::page_json(p, PAGE, p + 1 == pages))
        .collect();
    let next: HashMap<Uuid, usize> = (1..pages)
        .map(|p| (support::code_id(p * PAGE - 1), p))
        .collect();
    let state = Arc::new((bodies, next));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        UNCOUNTED.with(|u| u.set(true));
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                UNCOUNTED.with(|u| u.set(true));
                let _ = connection(stream, &state.0, &state.1);
            });
        }
    });
    address
}

fn connection(
    stream: TcpStream,
    bodies: &[Vec<u8>],
    next: &HashMap<Uuid, usize>,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        // Request line and headers.
        let mut length = 0;
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
        let page = cursor(&body).map_or(Some(0), |c| next.get(&c).copied());
        match page {
            Some(page) => {
                let page = &bodies[page];
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
                    page.len()
                );
                writer.write_all(head.as_bytes())?;
                writer.write_all(page)?;
            }
            None => {
                let msg = b"{\"Message\":\"unknown cursor\"}";
                let head = format!(
                    "HTTP/1.1 400 Bad Request\r\ncontent-length: {}\r\n\r\n",
                    msg.len()
                );
                writer.write_all(head.as_bytes())?;
                writer.write_all(msg)?;
            }
        }
    }
}

/// `Limitation.Cursor` of a request body (the only `Cursor` it has).
fn cursor(body: &[u8]) -> Option<Uuid> {
    const KEY: &[u8] = b"\"Cursor\":\"";
    let at = body.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    std::str::from_utf8(body.get(at..at + 36)?)
        .ok()?
        .parse()
        .ok()
}

// ---------------------------------------------------------------------------
// The two clients.

fn request() -> GetAllVoucherCodesRequest {
    GetAllVoucherCodesRequest::builder()
        .voucher_ids([support::voucher_id()])
        .limitation(Limitation::builder().count(PAGE as i32).build())
        .build()
}

fn client(address: &str) -> Client {
    let environment = Environment::custom(address).expect("a local address");
    Client::builder(
        environment,
        Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_NAME),
    )
    .no_rate_limit()
    .build()
    .expect("a client")
}

/// Every item through the generated `get_all_items`.
async fn items(client: &Client) -> usize {
    let mut stream = client.voucher_codes().get_all_items(request());
    let mut n = 0;
    while let Some(code) = stream.try_next().await.expect("a code") {
        black_box(&code);
        n += 1;
    }
    n
}

/// Every page through `get_all_pages`, each dropped before the next.
async fn pages(client: &Client) -> usize {
    let mut stream = client.voucher_codes().get_all_pages(request());
    let mut n = 0;
    while let Some(page) = stream.try_next().await.expect("a page") {
        n += page.voucher_codes.len();
        for code in page.voucher_codes {
            black_box(&code);
        }
    }
    n
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PlainGetAll<'a> {
    client_token: &'a str,
    access_token: &'a str,
    client: &'a str,
    voucher_ids: [Uuid; 1],
    limitation: PlainLimitation,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PlainLimitation {
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<Uuid>,
}

/// The floor: what the pager does, by hand, with no contract checks, no
/// retry or timeout bookkeeping, no error mapping. The body is read with
/// `Response::bytes`, as the client reads it.
async fn floor(http: &reqwest::Client, url: &str) -> usize {
    floor_reading(http, url, false).await
}

/// The floor, reading each body in chunks into a buffer sized from
/// `Content-Length` rather than with `Response::bytes`: for the memory
/// figures only, to size a proposal.
async fn floor_chunked(http: &reqwest::Client, url: &str) -> usize {
    floor_reading(http, url, true).await
}

async fn floor_reading(http: &reqwest::Client, url: &str, chunked: bool) -> usize {
    let mut cursor = None;
    let mut n = 0;
    loop {
        let body = PlainGetAll {
            client_token: CLIENT_TOKEN,
            access_token: ACCESS_TOKEN,
            client: CLIENT_NAME,
            voucher_ids: [support::voucher_id()],
            limitation: PlainLimitation {
                count: PAGE,
                cursor,
            },
        };
        let body = serde_json::to_vec(&body).expect("serializes");
        let response = http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .expect("an answer");
        assert!(response.status().is_success());
        let bytes = if chunked {
            let mut response = response;
            let length = response.content_length().unwrap_or(0) as usize;
            let mut body = Vec::with_capacity(length);
            while let Some(chunk) = response.chunk().await.expect("a body") {
                body.extend_from_slice(&chunk);
            }
            bytes::Bytes::from(body)
        } else {
            response.bytes().await.expect("a body")
        };
        let page: PlainVoucherCodeResult = serde_json::from_slice(&bytes).expect("a page");
        drop(bytes);
        let len = page.voucher_codes.len();
        for code in page.voucher_codes {
            black_box(&code);
            n += 1;
        }
        match page.cursor {
            Some(next) if len == PAGE => cursor = Some(next),
            _ => return n,
        }
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let small = serve(10);
    let large = serve(100);
    let (small_client, large_client) = (client(&small), client(&large));
    let http = reqwest::Client::new();
    let large_url = format!("{large}/api/connector/v1/voucherCodes/getAll");
    assert_eq!(rt.block_on(items(&small_client)), 10 * PAGE);
    assert_eq!(rt.block_on(items(&large_client)), 100 * PAGE);
    assert_eq!(rt.block_on(pages(&large_client)), 100 * PAGE);
    assert_eq!(rt.block_on(floor(&http, &large_url)), 100 * PAGE);

    let mut c = support::criterion()
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let mut g = c.benchmark_group("paging_100000");
    g.throughput(Throughput::Elements(100 * PAGE as u64));
    g.bench_function("get_all_items", |b| {
        b.iter(|| rt.block_on(items(&large_client)))
    });
    g.bench_function("get_all_pages", |b| {
        b.iter(|| rt.block_on(pages(&large_client)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| rt.block_on(floor(&http, &large_url)))
    });
    g.finish();
    c.final_summary();

    if support::benchmarking() {
        let mut figures = Figures::new("paging");
        figures.add("page_bytes", support::page_json(0, PAGE, false).len());
        figures.add(
            "size_of_voucher_code",
            std::mem::size_of::<mews_connector::voucher_codes::VoucherCode>(),
        );
        let small_url = format!("{small}/api/connector/v1/voucherCodes/getAll");
        // The allocations are counted exactly (the server's threads
        // excepted), but how the kernel splits each 302 KiB body into reads
        // varies with the machine's load, and with it the HTTP stack's
        // buffering: hyper's read buffer grows over the first pages of a
        // connection, and `bytes()` copies a body that came in pieces. So
        // each stream runs several times, the totals alternating so all meet
        // the same conditions, each run with a client of its own (a new
        // connection, fresh buffers), and the least, the median and the most
        // are kept. A third total, 300,000, shows where the peak levels off.
        const RUNS: usize = 5;
        let huge = serve(300);
        let huge_url = format!("{huge}/api/connector/v1/voucherCodes/getAll");
        let totals = [
            ("10000", &small, &small_url, 10 * PAGE),
            ("100000", &large, &large_url, 100 * PAGE),
            ("300000", &huge, &huge_url, 300 * PAGE),
        ];
        let streams = ["items", "pages", "floor", "floor_chunked"];
        let mut peaks: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        let mut retained: HashMap<(usize, usize), isize> = HashMap::new();
        for _ in 0..RUNS {
            for (t, (_, address, url, total)) in totals.iter().enumerate() {
                for (s, stream) in streams.iter().enumerate() {
                    let fresh = client(address);
                    let fresh_http = reqwest::Client::new();
                    let (n, peak, kept) = measure(|| {
                        rt.block_on(async {
                            match *stream {
                                "items" => items(&fresh).await,
                                "pages" => pages(&fresh).await,
                                "floor" => floor(&fresh_http, url).await,
                                _ => floor_chunked(&fresh_http, url).await,
                            }
                        })
                    });
                    assert_eq!(n, *total);
                    peaks.entry((t, s)).or_default().push(peak);
                    let most = retained.entry((t, s)).or_insert(kept);
                    *most = (*most).max(kept);
                    // Let the dropped clients' connections close now, not
                    // during the next run, whose count their freed buffers
                    // would lower.
                    drop((fresh, fresh_http));
                    rt.block_on(async { tokio::time::sleep(Duration::from_millis(20)).await });
                }
            }
        }
        for (t, (label, ..)) in totals.iter().enumerate() {
            for (s, stream) in streams.iter().enumerate() {
                let mut v = peaks.remove(&(t, s)).unwrap_or_default();
                v.sort_unstable();
                figures.add(&format!("{stream}_{label}_peak_min_bytes"), v[0]);
                figures.add(
                    &format!("{stream}_{label}_peak_median_bytes"),
                    v[v.len() / 2],
                );
                figures.add(&format!("{stream}_{label}_peak_bytes"), v[v.len() - 1]);
                figures.add(
                    &format!("{stream}_{label}_retained_max_bytes"),
                    retained[&(t, s)],
                );
            }
        }
        // Throughput again, interleaved, for a same-load ratio.
        let (items_t, floor_t) = support::interleaved(
            20,
            1,
            || (),
            |()| rt.block_on(items(&large_client)),
            |()| rt.block_on(floor(&http, &large_url)),
        );
        figures.add(
            "interleaved_items_per_s",
            format!("{:.0}", 100.0 * PAGE as f64 / items_t.as_secs_f64()),
        );
        figures.add(
            "interleaved_floor_per_s",
            format!("{:.0}", 100.0 * PAGE as f64 / floor_t.as_secs_f64()),
        );
        figures.add(
            "interleaved_ratio",
            format!("{:.3}", items_t.as_secs_f64() / floor_t.as_secs_f64()),
        );
        figures.write();
    }
}
