//! Every operation of the client's spec, and of the shape fixtures' overlay
//! (operations added by spec alone, with no code of their own here), through
//! the real client against the stand-in: the smallest request is refused
//! exactly as the client refuses it, and one that keeps its contracts is
//! answered with a response of the operation's type.

use std::future::Future;
use std::pin::Pin;

use mews_connector::contract::{Rule, Validate};
use mews_connector::operation::{Operation, OperationVisitor};
use mews_connector::{Client, Error, RetryPolicy};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::MockMews;
use crate::minimal::{Step, complete, place};

type Check = Box<dyn FnOnce(Client, bool) -> Pin<Box<dyn Future<Output = ()>>>>;

#[derive(Default)]
struct Checks {
    paths: Vec<&'static str>,
    checks: Vec<Check>,
}

impl OperationVisitor for Checks {
    fn visit<O>(&mut self)
    where
        O: Operation + DeserializeOwned + 'static,
        O::Response: Serialize,
    {
        self.paths.push(O::PATH);
        self.checks.push(Box::new(|client, portfolio| {
            Box::pin(check::<O>(client, portfolio))
        }));
    }
}

async fn check<O>(client: Client, portfolio: bool)
where
    O: Operation + DeserializeOwned + 'static,
{
    let path = O::PATH;
    let smallest: O = crate::smallest();
    let expected = smallest.check_contracts(portfolio);
    match (client.send_unchecked(smallest).await, expected) {
        (Ok(_), Ok(())) => {}
        (Err(Error::Api(error)), Err(violations)) => {
            assert_eq!(error.status, 400, "{path}");
            let lines: Vec<String> = violations
                .violations()
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(error.details, Some(lines.join("\n")), "{path}");
        }
        (Ok(_), Err(violations)) => panic!("{path}: answered, though it breaks {violations}"),
        (Err(error), _) => panic!("{path}: expected Mews' 400 or an answer, got {error}"),
    }
    let valid: O = valid_request(portfolio);
    if let Err(error) = client.send(valid).await {
        panic!("{path}: a valid request failed: {error}");
    }
}

/// The smallest request of `O` that keeps its contracts: the smallest that
/// reads, with each broken contract mended at its path.
fn valid_request<O: DeserializeOwned + Validate>(portfolio: bool) -> O {
    let name = std::any::type_name::<O>();
    let mut document = complete::<O>(Value::Object(Map::new())).unwrap();
    for _ in 0..64 {
        let request: O = serde_json::from_str(&document.to_string()).unwrap();
        let Err(violations) = request.check_contracts(portfolio) else {
            return request;
        };
        for violation in violations.violations() {
            let value = match &violation.rule {
                // Elements are completed below, like any property.
                Rule::MinItems { min, .. } => Value::Array(vec![json!({}); *min]),
                Rule::MinLength { min, .. } => Value::String("x".repeat(*min)),
                Rule::Range {
                    min: Some(bound), ..
                }
                | Rule::Range {
                    max: Some(bound), ..
                } => number(*bound),
                Rule::DecimalRange {
                    min: Some(bound), ..
                }
                | Rule::DecimalRange {
                    max: Some(bound), ..
                } => serde_json::from_str(&bound.to_string()).unwrap(),
                Rule::MinBytes { min, .. } => Value::String(zero_bytes_base64(*min)),
                // The wrapped value is completed below.
                Rule::RequiredUpdate => json!({ "Value": {} }),
                Rule::RequiredWithPortfolioToken => json!(uuid::Uuid::from_u128(1)),
                other => panic!("{name}: no way to mend {other}"),
            };
            // Contracts on an update value concern the value it wraps.
            let mut at = steps(&violation.path);
            if value_at(&document, &at).is_some_and(|v| v.get("Value").is_some()) {
                at.push(Step::Key("Value".into()));
            }
            assert!(
                place(&mut document, &at, value),
                "{name}: {}",
                violation.path
            );
        }
        document = complete::<O>(document).unwrap();
    }
    panic!("{name}: still breaks its contracts")
}

/// `n` zero bytes in base64.
fn zero_bytes_base64(n: usize) -> String {
    let mut text = "AAAA".repeat(n / 3);
    text.push_str(["", "AA==", "AAA="][n % 3]);
    text
}

fn number(bound: f64) -> Value {
    if bound.fract() == 0.0 {
        json!(bound as i64)
    } else {
        json!(bound)
    }
}

fn value_at<'a>(document: &'a Value, at: &[Step]) -> Option<&'a Value> {
    at.iter().try_fold(document, |here, step| match step {
        Step::Key(key) => here.get(key),
        Step::Index(index) => here.get(index),
    })
}

/// `VoucherCodeParameters[1].Value` as steps.
fn steps(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        steps.push(Step::Key(pieces.next().unwrap().to_owned()));
        for index in pieces {
            steps.push(Step::Index(index.trim_end_matches(']').parse().unwrap()));
        }
    }
    steps
}

#[tokio::test]
async fn every_operation_is_served_with_no_code_of_its_own() {
    let mews = MockMews::builder()
        .operations(shape_tests::for_each_operation)
        .start();
    let mut checks = Checks::default();
    mews_connector::for_each_operation(&mut checks);
    shape_tests::for_each_operation(&mut checks);
    assert!(checks.paths.contains(&"voucherCodes/getAll"));
    assert!(checks.paths.contains(&"shapeDemo/update"));
    // Some 900 requests: Mews' rate limit would make the test wait a minute
    // or more for nothing (the limiter has tests of its own).
    let single = mews
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .no_rate_limit()
        .build()
        .unwrap();
    let portfolio = Client::builder(mews.environment(), mews.portfolio_credentials())
        .portfolio_access_token(true)
        .retry_policy(RetryPolicy::disabled())
        .no_rate_limit()
        .build()
        .unwrap();

    let count = checks.checks.len();
    for check in checks.checks {
        check(single.clone(), false).await;
    }
    let mut again = Checks::default();
    mews_connector::for_each_operation(&mut again);
    shape_tests::for_each_operation(&mut again);
    for check in again.checks {
        check(portfolio.clone(), true).await;
    }

    // Each operation twice per client: the smallest request, a valid one.
    let received = mews.received();
    assert_eq!(received.len(), 4 * count);
    assert!(received.iter().all(|r| r.operation().is_some()));
    let answered = received.iter().filter(|r| r.status() == Some(200)).count();
    assert!(answered >= 2 * count, "{answered} of {}", received.len());
}
