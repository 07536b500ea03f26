//! What the stand-in knows and does with a request, apart from HTTP: the
//! checks in Mews' order, scripted failures, answers and records.

use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::Method;
use mews_connector::RateLimit;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::catalogue::{DecodeFailure, Decoded, Entry, Operations};
use crate::envelope::{EnvelopeNames, Sender};
use crate::failure::Failure;
use crate::record::Received;

/// Where the Connector API's operations live.
pub(crate) const API_PREFIX: &str = "/api/connector/v1/";

/// A test's answer for one operation: the generated response, as JSON.
pub(crate) type Handler =
    Arc<dyn Fn(&(dyn Any + Send + Sync)) -> Result<Bytes, Failure> + Send + Sync>;

/// What a test set up for one operation.
#[derive(Default)]
pub(crate) struct Behaviour {
    pub(crate) handler: Option<Handler>,
    pub(crate) script: VecDeque<Failure>,
    pub(crate) always: Option<Failure>,
}

/// The stand-in's fixed configuration.
pub(crate) struct Config {
    pub(crate) client_token: String,
    /// Accepted access tokens, and whether each is a portfolio's.
    pub(crate) access_tokens: HashMap<String, bool>,
    pub(crate) rate_limit: Option<RateLimit>,
}

/// Everything the server and the test's handle share.
pub(crate) struct Shared {
    names: EnvelopeNames,
    config: Config,
    state: Mutex<State>,
}

pub(crate) struct State {
    pub(crate) operations: Operations,
    pub(crate) behaviours: HashMap<&'static str, Behaviour>,
    pub(crate) next_failures: VecDeque<Failure>,
    pub(crate) received: Vec<Received>,
    requests: u128,
    /// Per access token, when each request counted in the current window arrived.
    windows: HashMap<String, VecDeque<Instant>>,
}

/// A request as it arrived: recorded, routed and read, not yet answered.
pub(crate) struct Arrival {
    pub(crate) index: usize,
    request_id: String,
    post: bool,
    path: String,
    entry: Option<Arc<Entry>>,
    sender: Sender,
    /// `None` when the body is not a JSON object (or the path no operation).
    decoded: Option<Result<Decoded, DecodeFailure>>,
}

/// What the first look at a request decided.
pub(crate) enum Step {
    Answer(Answer),
    Drop,
    Proceed { delay: Option<Duration> },
}

/// An HTTP answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
    pub(crate) content_type: &'static str,
    pub(crate) request_id: String,
    pub(crate) retry_after: Option<u64>,
}

const JSON: &str = "application/json; charset=utf-8";

impl Shared {
    pub(crate) fn new(config: Config, operations: Operations) -> Self {
        Shared {
            names: EnvelopeNames::from_spec(),
            config,
            state: Mutex::new(State {
                operations,
                behaviours: HashMap::new(),
                next_failures: VecDeque::new(),
                received: Vec::new(),
                requests: 0,
                windows: HashMap::new(),
            }),
        }
    }

    /// The client token it accepts.
    pub(crate) fn client_token(&self) -> &str {
        &self.config.client_token
    }

    /// The state; a panic elsewhere never leaves it half-changed, so a
    /// poisoned lock is still good.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records the request and reads what can be read of it.
    pub(crate) fn arrive(&self, method: &Method, path: &str, body: Bytes) -> Arrival {
        let entry = path
            .strip_prefix(API_PREFIX)
            .and_then(|operation| self.lock().operations.by_path.get(operation).cloned());
        let object = serde_json::from_slice::<Map<String, Value>>(&body).ok();
        let sender = object
            .as_ref()
            .map(|object| Sender::read(&self.names, object))
            .unwrap_or_default();
        let decoded = match (&entry, &object) {
            (Some(entry), Some(_)) => Some((entry.decode)(&body)),
            _ => None,
        };
        let mut state = self.lock();
        state.requests += 1;
        let request_id = Uuid::from_u128(state.requests).to_string();
        let index = state.received.len();
        state.received.push(Received {
            path: path.to_owned(),
            operation: entry.as_ref().map(|entry| entry.path),
            request_id: request_id.clone(),
            body,
            client: sender.client.clone(),
            language_code: sender.language_code.clone(),
            culture_code: sender.culture_code.clone(),
            decoded: decoded.as_ref().and_then(|d| d.as_ref().ok().cloned()),
            violations: None,
            status: None,
        });
        Arrival {
            index,
            request_id,
            post: method == Method::POST,
            path: path.to_owned(),
            entry,
            sender,
            decoded,
        }
    }

    /// Routing, then the failure the test scripted for this call, if any.
    pub(crate) fn first_step(&self, arrival: &Arrival) -> Step {
        let id = &arrival.request_id;
        let Some(entry) = arrival.entry.as_ref().filter(|_| arrival.post) else {
            let message = if arrival.post {
                format!(
                    "No operation at {}: Mews' URLs are `{API_PREFIX}<resource>/<action>`, case-sensitive.",
                    arrival.path
                )
            } else {
                "Operations are called with POST only.".to_owned()
            };
            return Step::Answer(mews_error(404, id, &message, None));
        };
        let failure = {
            let mut state = self.lock();
            let state = &mut *state;
            let mut behaviour = state.behaviours.get_mut(entry.path);
            // This operation's script first, then the one for any call,
            // then what always happens to this operation.
            behaviour
                .as_mut()
                .and_then(|b| b.script.pop_front())
                .or_else(|| state.next_failures.pop_front())
                .or_else(|| behaviour.and_then(|b| b.always.clone()))
        };
        match failure {
            None => Step::Proceed { delay: None },
            Some(Failure::Slow(delay)) => Step::Proceed { delay: Some(delay) },
            Some(Failure::DropConnection) => Step::Drop,
            Some(failure) => match failure_answer(failure, id, "a scripted failure") {
                Some(answer) => Step::Answer(answer),
                None => Step::Drop,
            },
        }
    }

    /// The checks Mews makes, in its order, then the answer; `None` drops
    /// the connection.
    pub(crate) fn process(&self, arrival: &Arrival) -> Option<Answer> {
        let id = &arrival.request_id;
        let names = &self.names;
        let (Some(entry), Some(decoded)) = (&arrival.entry, &arrival.decoded) else {
            return Some(mews_error(400, id, "Invalid JSON.", None));
        };
        let sender = &arrival.sender;
        if let Some(limit) = self.config.rate_limit {
            let token = sender.access_token.as_deref().unwrap_or_default();
            if let Some(wait) = self.over_limit(token, limit) {
                let message = format!(
                    "Too many requests for this access token: at most {} in {} seconds.",
                    limit.requests(),
                    limit.window().as_secs_f64()
                );
                let mut answer = mews_error(429, id, &message, None);
                answer.retry_after = Some(whole_seconds(wait).max(1));
                return Some(answer);
            }
        }
        if sender.client_token.as_deref() != Some(self.config.client_token.as_str()) {
            let message = format!("Invalid {}.", names.client_token);
            return Some(mews_error(401, id, &message, None));
        }
        let portfolio = sender
            .access_token
            .as_ref()
            .and_then(|token| self.config.access_tokens.get(token));
        let Some(&portfolio) = portfolio else {
            let message = format!("Invalid {}.", names.access_token);
            return Some(mews_error(401, id, &message, None));
        };
        if sender.client.as_deref().is_none_or(|c| c.trim().is_empty()) {
            let message = format!("Invalid {}.", names.client);
            return Some(mews_error(400, id, &message, None));
        }
        let request = match decoded {
            Ok(request) => request,
            Err(failure) => {
                let message = format!("Invalid {}.", failure.path);
                return Some(mews_error(400, id, &message, Some(failure.reason.clone())));
            }
        };
        if let Err(violations) = (entry.validate)(&**request, portfolio) {
            let paths: Vec<&str> = violations
                .violations()
                .iter()
                .map(|v| v.path.as_str())
                .collect();
            let message = format!("Invalid {}.", paths.join(", "));
            let details: Vec<String> = violations
                .violations()
                .iter()
                .map(ToString::to_string)
                .collect();
            let answer = mews_error(400, id, &message, Some(details.join("\n")));
            self.lock().received[arrival.index].violations = Some(violations);
            return Some(answer);
        }
        let handler = self
            .lock()
            .behaviours
            .get(entry.path)
            .and_then(|b| b.handler.clone());
        let body = match handler {
            None => entry.smallest_response().map_err(|why| {
                Failure::error(
                    500,
                    format!(
                        "The stand-in has no answer: {why}; give one with `on::<{}>()`.",
                        entry.request_type_name
                    ),
                )
            }),
            Some(handler) => {
                catch_unwind(AssertUnwindSafe(|| handler(&**request))).unwrap_or_else(|panic| {
                    Err(Failure::error(
                        500,
                        format!("The test's answer panicked: {}", panic_text(&*panic)),
                    ))
                })
            }
        };
        match body {
            Ok(body) => Some(Answer {
                status: 200,
                body,
                content_type: JSON,
                request_id: id.clone(),
                retry_after: None,
            }),
            Err(failure) => failure_answer(failure, id, "an answer"),
        }
    }

    /// Sets the status a request was answered with.
    pub(crate) fn answered(&self, index: usize, status: u16) {
        if let Some(record) = self.lock().received.get_mut(index) {
            record.status = Some(status);
        }
    }

    /// Counts an arrival against `token`'s window, or says how long until
    /// the window has room again.
    fn over_limit(&self, token: &str, limit: RateLimit) -> Option<Duration> {
        let now = Instant::now();
        let mut state = self.lock();
        let window = state.windows.entry(token.to_owned()).or_default();
        while window
            .front()
            .is_some_and(|&at| now.duration_since(at) >= limit.window())
        {
            window.pop_front();
        }
        if window.len() >= limit.requests() as usize {
            let oldest = *window.front()?;
            return Some(limit.window().saturating_sub(now.duration_since(oldest)));
        }
        window.push_back(now);
        None
    }
}

/// The answer for a failure; `None` for a dropped connection. `what` says
/// where a `Slow`, which is no answer of its own, came from.
fn failure_answer(failure: Failure, id: &str, what: &str) -> Option<Answer> {
    Some(match failure {
        Failure::TooManyRequests { retry_after } => {
            let mut answer = mews_error(429, id, "Too many requests.", None);
            answer.retry_after = retry_after.map(whole_seconds);
            answer
        }
        Failure::RequestTimeout => mews_error(
            408,
            id,
            "The request took too long to prepare; ask for less data.",
            None,
        ),
        Failure::ServerError { status } => html_error(status, id),
        Failure::Error { status, message } => mews_error(status, id, &message, None),
        Failure::DropConnection => return None,
        Failure::Slow(_) => mews_error(
            500,
            id,
            &format!("Failure::Slow delays an answer; it cannot be {what}."),
            None,
        ),
    })
}

/// Mews' error body: `Message`, `RequestId`, and `Details` (which Mews sends
/// from development environments only; the stand-in is one).
fn mews_error(status: u16, id: &str, message: &str, details: Option<String>) -> Answer {
    let body = json!({ "Message": message, "RequestId": id, "Details": details });
    Answer {
        status,
        body: Bytes::from(body.to_string()),
        content_type: JSON,
        request_id: id.to_owned(),
        retry_after: None,
    }
}

/// The HTML page a gateway in front of Mews answers with.
fn html_error(status: u16, id: &str) -> Answer {
    let reason = hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Server Error");
    let body = format!(
        "<!DOCTYPE html>\n<html><head><title>{status} {reason}</title></head>\n<body><h1>{status} {reason}</h1></body></html>\n"
    );
    Answer {
        status,
        body: Bytes::from(body),
        content_type: "text/html; charset=utf-8",
        request_id: id.to_owned(),
        retry_after: None,
    }
}

/// `Retry-After` counts whole seconds: a wait is rounded up, so a client
/// that honours it never comes back too early.
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

fn panic_text(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}
