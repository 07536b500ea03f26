//! When a failed attempt is sent again, and after how long.
//!
//! Mews has no idempotency keys, so a write that may have reached the server
//! is never repeated: only a `429` (refused before processing) and a failure
//! to connect (nothing was sent) are retried for every operation. A `5xx` or
//! a broken exchange are retried only for operations marked
//! [`SAFE_TO_RETRY`](crate::operation::Operation::SAFE_TO_RETRY).
//!
//! A `408` is not retried: Mews sends it when a request is too heavy to
//! prepare, and says to ask for less data (a smaller `Count`, a shorter
//! interval, fewer extents) rather than repeat the same request. One cautious
//! retry of a safe operation can be allowed with
//! [`RetryPolicy::with_request_timeout_retry`].

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// How often and how patiently failed attempts are repeated.
///
/// The default makes at most 3 attempts, waits 1 s and then 2 s (each with
/// jitter, between half and all of that), never waits more than 20 s between
/// attempts, and honours a `Retry-After` of up to 60 s; a longer one is
/// returned as the error instead of being waited out. A `Retry-After` shorter
/// than the backoff wait (`0`, or a date in the past) is raised to it, so that
/// no server can make the client retry at once. A `408` is not
/// retried unless [`with_request_timeout_retry`](Self::with_request_timeout_retry)
/// allows it.
///
/// ```
/// use std::time::Duration;
/// use mews_connector::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_max_backoff(Duration::from_secs(30));
/// let never = RetryPolicy::disabled();
/// assert_eq!(never.max_attempts(), 1);
/// # let _ = patient;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    jitter: bool,
    request_timeout_retry: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            // Mews' window is 30 s, so a Retry-After up to that is expected;
            // twice that leaves room without letting a call hang for long.
            max_retry_after: Duration::from_secs(60),
            jitter: true,
            // Mews: a 408 asks for less data, not the same request again.
            request_timeout_retry: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets how many attempts a call makes at most, the first included
    /// (`0` counts as `1`).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the wait after the first failed attempt; each further wait
    /// doubles it, up to [`with_max_backoff`](Self::with_max_backoff).
    pub fn with_initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// Sets the longest wait between attempts chosen by backoff.
    pub fn with_max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// Sets the longest `Retry-After` that is waited out; when Mews asks for
    /// longer, the `429` is returned instead, so the caller can decide.
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Turns jitter on or off. With jitter each backoff wait is a random
    /// duration between half and all of its nominal value, so clients that
    /// failed together do not retry together.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Allows one cautious retry after a `408 Request Timeout`, for
    /// operations that are [safe to repeat](crate::operation::Operation::SAFE_TO_RETRY)
    /// only; off by default.
    ///
    /// Mews answers `408` when a request is too heavy to prepare and advises
    /// asking for less data rather than repeating it, so the same request is
    /// tried again at most once per call (after the usual backoff, and within
    /// [`max_attempts`](Self::max_attempts)), in case the server was merely
    /// busy. A second `408` is returned. Splitting the request is the real
    /// fix.
    pub fn with_request_timeout_retry(mut self, allow: bool) -> Self {
        self.request_timeout_retry = allow;
        self
    }

    /// How many attempts a call makes at most, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait after the first failed attempt.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait chosen by backoff.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest `Retry-After` that is waited out.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Whether backoff waits are randomised.
    pub fn jitter(&self) -> bool {
        self.jitter
    }

    /// Whether one retry after a `408` is allowed (for safe operations).
    pub fn request_timeout_retry(&self) -> bool {
        self.request_timeout_retry
    }

    /// The backoff wait after failed attempt number `attempt` (1-based).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let nominal = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        if self.jitter {
            // "Equal jitter": at least half the nominal wait, so a 429 without
            // Retry-After never comes straight back.
            (nominal / 2).saturating_add(nominal.mul_f64(random_fraction() / 2.0))
        } else {
            nominal
        }
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to give up.
    /// `earlier_408s`: how many of the call's earlier attempts got a `408`.
    pub(crate) fn decide(
        &self,
        attempt: u32,
        safe_to_retry: bool,
        failure: &Failure,
        earlier_408s: u32,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match *failure {
            Failure::Status {
                status,
                retry_after,
            } => {
                let retryable = match status {
                    // Refused before processing: safe for every operation.
                    429 => true,
                    // Too heavy: Mews says to ask for less, not to repeat.
                    // At most one cautious retry, and only if asked for.
                    408 => safe_to_retry && self.request_timeout_retry && earlier_408s == 0,
                    500..=599 => safe_to_retry,
                    _ => false,
                };
                if !retryable {
                    return None;
                }
                match retry_after {
                    // Never come back sooner than asked; if that is too long,
                    // let the caller decide.
                    Some(wait) if wait > self.max_retry_after => None,
                    // Nor sooner than backoff would: `Retry-After: 0` or a
                    // past date must not turn the attempts into a burst.
                    Some(wait) => Some(wait.max(self.backoff(attempt))),
                    None => Some(self.backoff(attempt)),
                }
            }
            Failure::Transport {
                not_sent,
                permanent,
            } => (!permanent && (not_sent || safe_to_retry)).then(|| self.backoff(attempt)),
            Failure::Final => None,
        }
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// An error status, with its `Retry-After` if any.
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// No answer. `not_sent`: the request certainly did not reach the server.
    /// `permanent`: trying again cannot help.
    Transport { not_sent: bool, permanent: bool },
    /// An answer that the same request would get again (a body over the
    /// size limit): never retried.
    Final,
}

/// Reads a `Retry-After` value: delay-seconds, or an HTTP date (taken
/// relative to `now`; a past date means "now"). Anything else is ignored.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Saturate absurd values rather than reject them; the cap applies.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    // Not in RFC 9110, but cheap to accept.
    if let Ok(secs) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).ok();
    }
    // IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) is a valid RFC 2822 date.
    let date = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (date.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// A uniform random number in `[0, 1)`, good enough for jitter.
///
/// `RandomState` is seeded from the OS per thread and advanced per instance;
/// hashing a global counter through it avoids a dependency on `rand`.
fn random_fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    impl RetryPolicy {
        /// `decide` for a call that has had no `408` yet.
        fn decide0(&self, attempt: u32, safe: bool, failure: &Failure) -> Option<Duration> {
            self.decide(attempt, safe, failure, 0)
        }
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(parse_retry_after("7", now), Some(S(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(S(0)));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(S(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", now),
            Some(S(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 31 Dec 2025 23:00:00 GMT", now),
            Some(S(0))
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_equal_jitter() {
        let p = RetryPolicy::default()
            .with_jitter(false)
            .with_max_backoff(S(5));
        assert_eq!(
            [1, 2, 3, 4, 40].map(|a| p.backoff(a)),
            [S(1), S(2), S(4), S(5), S(5)]
        );
        let p = p.with_jitter(true);
        for attempt in 1..=5 {
            for _ in 0..200 {
                let nominal = p.clone().with_jitter(false).backoff(attempt);
                let wait = p.backoff(attempt);
                assert!(
                    wait >= nominal / 2 && wait <= nominal,
                    "{wait:?} vs {nominal:?}"
                );
            }
        }
    }

    #[test]
    fn only_safe_or_unsent_requests_are_repeated() {
        let p = RetryPolicy::default().with_jitter(false);
        let status = |status, retry_after| Failure::Status {
            status,
            retry_after,
        };
        let transport = |not_sent| Failure::Transport {
            not_sent,
            permanent: false,
        };
        for safe in [true, false] {
            assert_eq!(p.decide0(1, safe, &status(429, None)), Some(S(1)));
            assert_eq!(p.decide0(1, safe, &status(429, Some(S(9)))), Some(S(9)));
            assert_eq!(
                p.decide0(1, safe, &status(429, Some(S(61)))),
                None,
                "over the cap"
            );
            assert_eq!(p.decide0(1, safe, &transport(true)), Some(S(1)));
            assert_eq!(p.decide0(1, safe, &status(400, None)), None);
            assert_eq!(p.decide0(1, safe, &status(409, None)), None);
        }
        for s in [500, 502, 503, 504] {
            assert_eq!(p.decide0(2, true, &status(s, None)), Some(S(2)));
            assert_eq!(p.decide0(1, false, &status(s, None)), None);
        }
        assert_eq!(p.decide0(1, true, &status(503, Some(S(3)))), Some(S(3)));
        // A Retry-After shorter than the backoff is raised to it.
        assert_eq!(p.decide0(1, true, &status(429, Some(S(0)))), Some(S(1)));
        assert_eq!(
            p.decide0(2, false, &status(429, Some(Duration::from_millis(1500)))),
            Some(S(2))
        );
        assert_eq!(p.decide0(1, true, &transport(false)), Some(S(1)));
        assert_eq!(p.decide0(1, false, &transport(false)), None);
        assert_eq!(
            p.decide0(
                1,
                true,
                &Failure::Transport {
                    not_sent: true,
                    permanent: true
                }
            ),
            None
        );
        assert_eq!(
            p.decide0(3, true, &status(429, None)),
            None,
            "attempts are bounded"
        );
        assert_eq!(p.decide0(1, true, &Failure::Final), None);
        assert_eq!(
            RetryPolicy::disabled().decide0(1, true, &status(429, None)),
            None
        );
    }

    #[test]
    fn a_request_timeout_is_not_repeated_unless_allowed_once() {
        let timeout = Failure::Status {
            status: 408,
            retry_after: None,
        };
        let p = RetryPolicy::default().with_jitter(false);
        assert!(!p.request_timeout_retry());
        for safe in [true, false] {
            assert_eq!(p.decide(1, safe, &timeout, 0), None, "safe: {safe}");
        }

        let p = p.with_request_timeout_retry(true).with_max_attempts(5);
        assert_eq!(p.decide(1, true, &timeout, 0), Some(S(1)));
        // After a 503, the first 408 still gets its one retry.
        assert_eq!(p.decide(2, true, &timeout, 0), Some(S(2)));
        assert_eq!(p.decide(2, true, &timeout, 1), None, "only once per call");
        assert_eq!(p.decide(1, false, &timeout, 0), None, "never for a write");
        assert_eq!(
            p.clone().with_max_attempts(1).decide(1, true, &timeout, 0),
            None
        );
        assert_eq!(RetryPolicy::disabled().decide(1, true, &timeout, 0), None);
    }

    #[test]
    fn backoff_never_overflows() {
        let p = RetryPolicy::default()
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        for attempt in [1, 2, 40, u32::MAX] {
            for _ in 0..100 {
                assert!(p.backoff(attempt) >= Duration::MAX / 2);
            }
            assert_eq!(p.clone().with_jitter(false).backoff(attempt), Duration::MAX);
        }
    }
}
