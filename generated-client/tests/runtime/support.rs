//! Hand-written operations and servers the runtime is tested with.
//!
//! The runtime is generic over `Operation`/`Paginated`, so small types shaped
//! like the generated ones exercise it without depending on the generator.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use mews_connector::contract::{Validate, Validator};
use mews_connector::operation::{Empty, Operation, Paginated};
use mews_connector::{Client, ClientBuilder, Credentials, Environment, RetryPolicy};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use uuid::Uuid;
use wiremock::MockServer;

pub const CLIENT_TOKEN: &str = "CT-0123456789ABCDEF-secret";
pub const ACCESS_TOKEN: &str = "AT-FEDCBA9876543210-secret";
pub const CLIENT_NAME: &str = "runtime-tests 1.0";

pub fn credentials() -> Credentials {
    Credentials::new(CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_NAME)
}

/// A fresh server of its own (not wiremock's pool, whose addresses are
/// reused across tests: the rate limiter is shared per address and token).
pub async fn server() -> MockServer {
    MockServer::builder().start().await
}

/// A client for `address` that makes one attempt per call.
pub fn builder(address: &str) -> ClientBuilder {
    Client::builder(Environment::custom(address).unwrap(), credentials())
        .retry_policy(RetryPolicy::disabled())
}

/// A client for tests on tokio's paused clock. The paused clock jumps to the
/// next timer whenever the runtime waits for I/O, so no timer may run but the
/// ones under test: timeouts are off.
pub fn paused_builder(address: &str) -> ClientBuilder {
    builder(address)
        .connect_timeout(None)
        .attempt_timeout(None)
        .operation_timeout(None)
        .retry_policy(RetryPolicy::default().with_jitter(false))
}

pub const GET_PATH: &str = "/api/connector/v1/things/getAll";
pub const ADD_PATH: &str = "/api/connector/v1/things/add";
pub const DELETE_PATH: &str = "/api/connector/v1/things/delete";

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Limitation {
    pub count: u32,
    pub cursor: Option<Uuid>,
}

/// A paginated, safe-to-repeat read, like `voucherCodes/getAll`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetThings {
    pub thing_ids: Vec<Uuid>,
    pub limitation: Limitation,
}

impl GetThings {
    pub fn new(count: u32) -> Self {
        GetThings {
            thing_ids: vec![Uuid::from_u128(1)],
            limitation: Limitation {
                count,
                cursor: None,
            },
        }
    }
}

impl Validate for GetThings {
    fn validate(&self, v: &mut Validator) {
        v.push_property("ThingIds");
        v.items(self.thing_ids.len(), Some(1), Some(1000));
        v.pop();
        v.push_property("Limitation");
        v.push_property("Count");
        v.range(self.limitation.count, Some(1.0), Some(1000.0));
        v.pop();
        v.pop();
    }
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ThingPage {
    #[serde(default)]
    pub things: Vec<Thing>,
    pub cursor: Option<Uuid>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Thing {
    pub id: Uuid,
    pub value: String,
}

impl Operation for GetThings {
    type Response = ThingPage;
    const PATH: &'static str = "things/getAll";
    const SAFE_TO_RETRY: bool = true;

    fn empty_response() -> Option<ThingPage> {
        Some(ThingPage::default())
    }
}

impl Paginated for GetThings {
    type Item = Thing;

    fn page_size(&self) -> u32 {
        self.limitation.count
    }

    fn cursor(&self) -> Option<Uuid> {
        self.limitation.cursor
    }

    fn set_cursor(&mut self, cursor: Option<Uuid>) {
        self.limitation.cursor = cursor;
    }

    fn next_cursor(response: &ThingPage) -> Option<Uuid> {
        response.cursor
    }

    fn item_count(response: &ThingPage) -> Option<usize> {
        Some(response.things.len())
    }

    fn into_items(response: ThingPage) -> Vec<Thing> {
        response.things
    }

    fn set_page(response: &mut ThingPage, items: Vec<Thing>, cursor: Option<Uuid>) {
        response.things = items;
        response.cursor = cursor;
    }
}

/// The page size [`GetSomeThings`] fills in, as a generated request does
/// with its `Limitation.Count`'s maximum (small here, to page quickly).
pub const LARGEST_PAGE: u32 = 2;

/// A paginated read whose `Limitation` is optional, like
/// `commands/getAllByIds`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSomeThings {
    pub thing_ids: Vec<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limitation: Option<Limitation>,
}

impl Validate for GetSomeThings {
    fn validate(&self, v: &mut Validator) {
        if let Some(limitation) = &self.limitation {
            v.push_property("Limitation");
            v.push_property("Count");
            v.range(limitation.count, Some(1.0), Some(f64::from(LARGEST_PAGE)));
            v.pop();
            v.pop();
        }
    }
}

impl Operation for GetSomeThings {
    type Response = ThingPage;
    const PATH: &'static str = "things/getAll";
    const SAFE_TO_RETRY: bool = true;

    fn empty_response() -> Option<ThingPage> {
        Some(ThingPage::default())
    }
}

impl Paginated for GetSomeThings {
    type Item = Thing;

    fn page_size(&self) -> u32 {
        self.limitation.as_ref().map_or(LARGEST_PAGE, |l| l.count)
    }

    fn cursor(&self) -> Option<Uuid> {
        self.limitation.as_ref().and_then(|l| l.cursor)
    }

    fn set_cursor(&mut self, cursor: Option<Uuid>) {
        self.start_paging();
        if let Some(limitation) = &mut self.limitation {
            limitation.cursor = cursor;
        }
    }

    fn start_paging(&mut self) {
        if self.limitation.is_none() {
            self.limitation = Some(Limitation {
                count: LARGEST_PAGE,
                cursor: None,
            });
        }
    }

    fn next_cursor(response: &ThingPage) -> Option<Uuid> {
        response.cursor
    }

    fn item_count(response: &ThingPage) -> Option<usize> {
        Some(response.things.len())
    }

    fn into_items(response: ThingPage) -> Vec<Thing> {
        response.things
    }

    fn set_page(response: &mut ThingPage, items: Vec<Thing>, cursor: Option<Uuid>) {
        response.things = items;
        response.cursor = cursor;
    }
}

/// A paginated read whose pages carry a second list beside the items, like
/// `resources/getAll`: the pager follows `Things` only.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetThingsAndTags(pub GetThings);

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ThingsAndTags {
    #[serde(default)]
    pub things: Vec<Thing>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub cursor: Option<Uuid>,
}

impl Validate for GetThingsAndTags {
    fn validate(&self, v: &mut Validator) {
        self.0.validate(v);
    }
}

impl Operation for GetThingsAndTags {
    type Response = ThingsAndTags;
    const PATH: &'static str = "things/getAll";
    const SAFE_TO_RETRY: bool = true;
}

impl Paginated for GetThingsAndTags {
    type Item = Thing;

    fn page_size(&self) -> u32 {
        self.0.page_size()
    }

    fn cursor(&self) -> Option<Uuid> {
        self.0.cursor()
    }

    fn set_cursor(&mut self, cursor: Option<Uuid>) {
        self.0.set_cursor(cursor);
    }

    fn next_cursor(response: &ThingsAndTags) -> Option<Uuid> {
        response.cursor
    }

    fn item_count(response: &ThingsAndTags) -> Option<usize> {
        Some(response.things.len())
    }

    fn into_items(response: ThingsAndTags) -> Vec<Thing> {
        response.things
    }

    fn set_page(response: &mut ThingsAndTags, items: Vec<Thing>, cursor: Option<Uuid>) {
        response.things = items;
        response.cursor = cursor;
    }
}

/// A write that must not be repeated, like `voucherCodes/add`; a 204 is not
/// a legal answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddThings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise_id: Option<Uuid>,
    pub values: Vec<String>,
}

impl AddThings {
    pub fn new(values: &[&str]) -> Self {
        AddThings {
            enterprise_id: None,
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }
}

impl Validate for AddThings {
    fn validate(&self, v: &mut Validator) {
        v.push_property("EnterpriseId");
        v.required_with_portfolio_token(self.enterprise_id.is_some());
        v.pop();
        v.push_property("Values");
        v.items(self.values.len(), Some(1), Some(10));
        for (i, value) in self.values.iter().enumerate() {
            v.push_index(i);
            v.length(value, Some(1), Some(5));
            v.pop();
        }
        v.pop();
    }
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AddResult {
    pub things: Vec<Thing>,
}

impl Operation for AddThings {
    type Response = AddResult;
    const PATH: &'static str = "things/add";
    const SAFE_TO_RETRY: bool = false;
}

/// A delete whose answer is `{}`, or a 204, or nothing: its response is
/// `Empty`, as for the generated operations whose response is `empty`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteThings {
    pub thing_ids: Vec<Uuid>,
}

impl Validate for DeleteThings {
    fn validate(&self, _: &mut Validator) {}
}

impl Operation for DeleteThings {
    type Response = Empty;
    const PATH: &'static str = "things/delete";
    const SAFE_TO_RETRY: bool = false;

    fn empty_response() -> Option<Empty> {
        Some(Empty {})
    }
}

pub fn thing(n: u128) -> Thing {
    Thing {
        id: Uuid::from_u128(n),
        value: format!("v{n}"),
    }
}

/// What a [`RawServer`] does with a connection's request.
#[derive(Clone, Debug)]
pub enum Answer {
    /// Answers `200` with this JSON body.
    Json(&'static str),
    /// Answers `200` with this JSON body, sent in chunks of this many bytes
    /// (`Transfer-Encoding: chunked`).
    Chunked(&'static str, usize),
    /// Answers `200` with a chunked body of spaces that goes on until the
    /// client stops reading (or, at the latest, after 1 GiB).
    Endless,
    /// Answers `200` with a `Content-Length` of this many bytes, then sends
    /// none of them and never closes.
    Declared(u64),
    /// Closes the connection without answering.
    Close,
    /// Reads the request and never answers.
    Hang,
}

const CHUNKED_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";

async fn write_chunk(socket: &mut tokio::net::TcpStream, chunk: &[u8]) -> std::io::Result<()> {
    socket
        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
        .await?;
    socket.write_all(chunk).await?;
    socket.write_all(b"\r\n").await
}

/// A bare HTTP/1.1 server for what wiremock cannot do: drop a connection,
/// hang, or start listening late. `answer(n)` decides for the `n`th
/// connection (0-based).
pub struct RawServer {
    pub address: String,
    connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub async fn start(answer: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve(listener, answer)
    }

    pub fn serve(
        listener: TcpListener,
        answer: impl Fn(usize) -> Answer + Send + Sync + 'static,
    ) -> Self {
        let address = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let answer = answer.clone();
                tokio::spawn(async move {
                    read_request(&mut socket).await;
                    match answer(n) {
                        Answer::Json(body) => {
                            let response = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                                body.len()
                            );
                            let _ = socket.write_all(response.as_bytes()).await;
                            let _ = socket.shutdown().await;
                        }
                        Answer::Chunked(body, size) => {
                            let _ = socket.write_all(CHUNKED_HEAD.as_bytes()).await;
                            for chunk in body.as_bytes().chunks(size) {
                                let _ = write_chunk(&mut socket, chunk).await;
                            }
                            let _ = socket.write_all(b"0\r\n\r\n").await;
                            let _ = socket.shutdown().await;
                        }
                        Answer::Endless => {
                            let _ = socket.write_all(CHUNKED_HEAD.as_bytes()).await;
                            let spaces = vec![b' '; 64 * 1024];
                            for _ in 0..16 * 1024 {
                                if write_chunk(&mut socket, &spaces).await.is_err() {
                                    break;
                                }
                            }
                        }
                        Answer::Declared(length) => {
                            let head = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
                            );
                            let _ = socket.write_all(head.as_bytes()).await;
                            std::future::pending::<()>().await
                        }
                        Answer::Close => drop(socket),
                        Answer::Hang => std::future::pending::<()>().await,
                    }
                });
            }
        });
        RawServer {
            address,
            connections,
        }
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads one request: headers, then `Content-Length` bytes of body.
pub async fn read_request(socket: &mut tokio::net::TcpStream) {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return;
            }
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
}
