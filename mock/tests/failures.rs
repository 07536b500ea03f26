//! Failures scripted by the test, per operation and per call, and the rate
//! limit, as the client sees them.

use std::num::NonZeroU32;
use std::time::Duration;

use mews_connector::common::Limitation;
use mews_connector::voucher_codes::{DeleteVoucherCodesRequest, GetAllVoucherCodesRequest};
use mews_connector::{ApiError, ApiErrorKind, Client, Error, RateLimit, RetryPolicy};
use mews_connector_mock::{Failure, MockMews};
use uuid::Uuid;

fn get_all() -> GetAllVoucherCodesRequest {
    GetAllVoucherCodesRequest::builder()
        .voucher_ids([Uuid::from_u128(1)])
        .limitation(Limitation::builder().count(10).build())
        .build()
}

fn delete() -> DeleteVoucherCodesRequest {
    DeleteVoucherCodesRequest::builder()
        .voucher_code_ids([Uuid::from_u128(1)])
        .build()
}

/// One attempt per call, no client-side limit.
fn once(mews: &MockMews) -> Client {
    mews.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .no_rate_limit()
        .build()
        .unwrap()
}

/// Retries as by default, without the long waits.
fn retrying(mews: &MockMews) -> Client {
    mews.client_builder()
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_jitter(false),
        )
        .no_rate_limit()
        .build()
        .unwrap()
}

fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an error answer, got {other:?}"),
    }
}

fn statuses(mews: &MockMews) -> Vec<Option<u16>> {
    mews.received().iter().map(|r| r.status()).collect()
}

#[tokio::test]
async fn too_many_requests_with_and_without_retry_after() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>()
        .fail_next(Failure::too_many_requests(Duration::from_millis(1500)))
        .fail_next(Failure::TooManyRequests { retry_after: None });
    let client = once(&mews);

    let first = api_error(client.send(get_all()).await);
    let second = api_error(client.send(get_all()).await);
    client.send(get_all()).await.unwrap();

    assert_eq!(first.kind, ApiErrorKind::TooManyRequests);
    // Whole seconds, rounded up.
    assert_eq!(first.retry_after, Some(Duration::from_secs(2)));
    assert_eq!(first.message.as_deref(), Some("Too many requests."));
    assert_eq!(second.retry_after, None);
    assert_eq!(statuses(&mews), [Some(429), Some(429), Some(200)]);
}

#[tokio::test]
async fn a_request_timeout_is_not_repeated() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>()
        .fail_next(Failure::request_timeout());

    let error = api_error(retrying(&mews).send(get_all()).await);

    assert_eq!(error.kind, ApiErrorKind::RequestTimeout);
    assert_eq!(statuses(&mews), [Some(408)]);
}

#[tokio::test]
async fn a_gateway_error_has_an_html_body_and_a_read_survives_it() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>()
        .fail_next(Failure::server_error(502))
        .fail_next(Failure::server_error(503));

    let error = api_error(once(&mews).send(get_all()).await);
    retrying(&mews).send(get_all()).await.unwrap();

    assert_eq!((error.status, error.kind), (502, ApiErrorKind::ServerError));
    assert_eq!(error.message, None);
    let details = error.details.unwrap();
    assert!(details.starts_with("<!DOCTYPE html>"), "{details}");
    assert!(details.contains("502 Bad Gateway"), "{details}");
    assert_eq!(statuses(&mews), [Some(502), Some(503), Some(200)]);
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_a_read_survives_it() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>()
        .fail_next(Failure::drop_connection())
        .fail_next(Failure::drop_connection());

    let error = once(&mews).send(get_all()).await.unwrap_err();
    retrying(&mews).send(get_all()).await.unwrap();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(statuses(&mews), [None, None, Some(200)]);
}

#[tokio::test]
async fn a_write_whose_connection_dropped_is_not_repeated() {
    let mews = MockMews::start();
    mews.on::<DeleteVoucherCodesRequest>()
        .fail_next(Failure::drop_connection());

    let error = retrying(&mews).send(delete()).await.unwrap_err();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(statuses(&mews), [None]);
}

#[tokio::test]
async fn a_slow_answer_runs_into_the_attempt_timeout() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>()
        .fail_next(Failure::slow(Duration::from_secs(600)))
        .fail_next(Failure::slow(Duration::from_millis(10)));
    let impatient = mews
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let error = impatient.send(get_all()).await.unwrap_err();
    // A slow answer is still an answer.
    once(&mews).send(get_all()).await.unwrap();

    let Error::Transport(transport) = &error else {
        panic!("expected a timeout, got {error:?}")
    };
    assert!(transport.is_timeout(), "{error}");
    assert_eq!(statuses(&mews), [None, Some(200)]);
}

#[tokio::test]
async fn failures_for_any_call_and_for_every_call() {
    let mews = MockMews::start();
    let client = once(&mews);
    mews.fail_next(Failure::error(409, "Changed meanwhile."));
    mews.on::<DeleteVoucherCodesRequest>()
        .fail_next(Failure::error(403, "Not this one."));
    mews.on::<GetAllVoucherCodesRequest>()
        .fail_always(Failure::server_error(500));

    // The operation's own script first, then the one for any call.
    let forbidden = api_error(client.send(delete()).await);
    let conflict = api_error(client.send(delete()).await);
    client.send(delete()).await.unwrap();
    let always: Vec<u16> = [client.send(get_all()).await, client.send(get_all()).await]
        .into_iter()
        .map(|r| api_error(r).status)
        .collect();
    mews.on::<GetAllVoucherCodesRequest>().reset();
    client.send(get_all()).await.unwrap();

    assert_eq!(forbidden.user_message(), Some("Not this one."));
    assert_eq!(
        (conflict.kind, conflict.message.as_deref()),
        (ApiErrorKind::Conflict, Some("Changed meanwhile."))
    );
    assert_eq!(always, [500, 500]);
}

#[tokio::test]
async fn the_rate_limit_counts_per_access_token() {
    let two = RateLimit::new(NonZeroU32::new(2).unwrap(), Duration::from_secs(60));
    let mews = MockMews::builder().rate_limit(two).start();
    let client = once(&mews);
    let portfolio = Client::builder(mews.environment(), mews.portfolio_credentials())
        .retry_policy(RetryPolicy::disabled())
        .no_rate_limit()
        .build()
        .unwrap();

    client.send(get_all()).await.unwrap();
    client.send(get_all()).await.unwrap();
    let third = api_error(client.send(get_all()).await);
    portfolio.send(get_all()).await.unwrap();

    assert_eq!(third.kind, ApiErrorKind::TooManyRequests);
    let wait = third.retry_after.unwrap();
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(60),
        "{wait:?}"
    );
    assert!(third.message.unwrap().contains("at most 2 in 60 seconds"));
}

#[tokio::test]
async fn a_client_that_keeps_the_limit_never_meets_it() {
    let limit = RateLimit::new(NonZeroU32::new(3).unwrap(), Duration::from_millis(500));
    let mews = MockMews::builder().rate_limit(limit).start();
    let client = mews
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .rate_limit(limit)
        .build()
        .unwrap();

    for _ in 0..7 {
        client.send(get_all()).await.unwrap();
    }

    assert_eq!(statuses(&mews), [Some(200); 7]);
}
