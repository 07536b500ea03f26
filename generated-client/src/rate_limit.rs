//! The client-side rate limit: at most N requests in any sliding window.
//!
//! Mews allows 200 requests per access token within 30 seconds and may block
//! integrations that keep running into `429`s, so the client holds requests
//! back itself. Every attempt, retries included, takes a slot.
//!
//! Mews counts requests when they arrive, and a request may arrive well
//! after it set off (a slow connection, a TLS handshake). So a slot is held
//! while its attempt is under way and for a whole window after the answer
//! came (or the attempt was given up): the window of each request starts no
//! earlier than its arrival, and no 30 s see more than 200 arrivals. Under
//! sustained load this costs a little throughput (each request's round trip
//! is added to its window), never a `429`.
//!
//! Time is `tokio::time`, so tests can run the limiter on a paused clock; a
//! slot's release is a timer on the runtime where it was given back.
//!
//! Clones of a [`Client`](crate::Client) share one limiter; so do separate
//! clients built for the same platform address, access token and limit in
//! one process (through a registry of weak references, so a limiter goes
//! away with its last client and its last slot's window).

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;
use std::num::NonZeroU32;
use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The longest wait the runtime schedules: about 30 years, tokio's own "far
/// future". Anything longer is as good as never and may not fit an
/// [`Instant`].
const MAX_WAIT: Duration = Duration::from_secs(30 * 365 * 24 * 60 * 60);

/// `wait` after `at`, without overflowing: a wait too long for the clock
/// (such as `Retry-After: 99999999999999999999`) ends at the far future,
/// [`MAX_WAIT`] after `at`.
pub(crate) fn deadline(at: Instant, wait: Duration) -> Instant {
    at.checked_add(wait.min(MAX_WAIT))
        // Unreachable: `at + MAX_WAIT` fits every platform's clock (tokio's
        // own timers rely on it). The fallback only keeps this panic-free.
        .unwrap_or(at)
}

/// A number of requests allowed within a sliding window of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    requests: NonZeroU32,
    window: Duration,
}

impl RateLimit {
    /// Mews' limit: 200 requests per access token within 30 seconds.
    pub const MEWS: RateLimit = RateLimit {
        requests: NonZeroU32::new(200).unwrap(),
        window: Duration::from_secs(30),
    };

    /// At most `requests` requests within any `window`.
    ///
    /// A window longer than [`RateLimit::MAX_WINDOW`] (about 30 years, so
    /// "for ever" in practice) is taken as that: timers may not reach further
    /// ahead, and the limit means the same.
    pub const fn new(requests: NonZeroU32, window: Duration) -> Self {
        // `Duration`'s comparisons are not `const`; `MAX_WAIT` has no
        // nanoseconds, so its seconds decide.
        let window = if window.as_secs() >= MAX_WAIT.as_secs() {
            MAX_WAIT
        } else {
            window
        };
        RateLimit { requests, window }
    }

    /// The longest window [`RateLimit::new`] keeps.
    pub const MAX_WINDOW: Duration = MAX_WAIT;

    /// How many requests the window allows.
    pub fn requests(&self) -> u32 {
        self.requests.get()
    }

    /// The length of the window.
    pub fn window(&self) -> Duration {
        self.window
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::MEWS
    }
}

/// A sliding-window rate limiter, shared by its clones.
///
/// [`acquire`](Self::acquire) lets a request go once fewer than
/// [`RateLimit::requests`] were let go in the last [`RateLimit::window`]
/// (a half-open window: a slot freed at `t` is taken again at `t + window`
/// at the earliest). Waiters are served in the order they arrived, and a
/// waiter that is neither polled nor dropped holds up no one behind it.
///
/// A client builds its own by default (see [`ClientBuilder::rate_limit`]);
/// make one yourself to share a budget between clients explicitly
/// ([`ClientBuilder::rate_limiter`]).
///
/// [`ClientBuilder::rate_limit`]: crate::ClientBuilder::rate_limit
/// [`ClientBuilder::rate_limiter`]: crate::ClientBuilder::rate_limiter
#[derive(Clone)]
pub struct RateLimiter {
    shared: Arc<Shared>,
}

struct Shared {
    limit: RateLimit,
    /// One permit per request the window allows. Tokio's semaphore queues
    /// waiters fairly and hands a freed permit straight to the first of
    /// them, so no waiter holds a lock while it waits.
    slots: Arc<Semaphore>,
    /// Never held across an await.
    state: Mutex<State>,
}

struct State {
    /// No request goes before this (set after a `429` with `Retry-After`).
    paused_until: Option<Instant>,
    /// Slots given back where no tokio runtime could time their release
    /// (dropped outside one, or while one shut down), with when they are
    /// free: the next [`RateLimiter::acquire`] times them.
    orphans: Vec<(Instant, OwnedSemaphorePermit)>,
}

impl RateLimiter {
    /// A new limiter, shared with nothing but its own clones.
    pub fn new(limit: RateLimit) -> Self {
        RateLimiter {
            shared: Arc::new(Shared {
                limit,
                slots: Arc::new(Semaphore::new(limit.requests() as usize)),
                state: Mutex::new(State {
                    paused_until: None,
                    orphans: Vec::new(),
                }),
            }),
        }
    }

    /// The limit it enforces.
    pub fn limit(&self) -> RateLimit {
        self.shared.limit
    }

    /// Whether `self` and `other` are the same limiter (share one budget).
    pub fn same_as(&self, other: &RateLimiter) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }

    /// Waits until one more request may go, and takes a slot for it.
    ///
    /// The slot counts from when the returned [`Slot`] is dropped: drop it
    /// at once to count from now.
    ///
    /// Cancel-safe: a dropped wait takes no slot.
    pub async fn acquire(&self) -> Slot {
        self.shared.adopt_orphans();
        // Never closed, so this always gets a permit.
        let permit = self.shared.slots.clone().acquire_owned().await.ok();
        loop {
            let paused = {
                let state = self.shared.lock();
                state.paused_until.filter(|&until| until > Instant::now())
            };
            match paused {
                Some(until) => tokio::time::sleep_until(until).await,
                None => break,
            }
        }
        Slot {
            permit,
            shared: self.shared.clone(),
        }
    }

    /// Holds every request back until `until` (Mews said so with a 429).
    pub(crate) fn pause_until(&self, until: Instant) {
        let mut state = self.shared.lock();
        state.paused_until = Some(state.paused_until.map_or(until, |p| p.max(until)));
    }

    /// The limiter for this address, access token and limit: the existing one
    /// if any client in this process still holds it, else a new one.
    pub(crate) fn shared_for(platform_address: &str, access_token: &str, limit: RateLimit) -> Self {
        // Keyed by a keyed hash of the token, so the registry holds no copy of
        // it; a collision would merely make two tokens share a budget.
        static HASHER: LazyLock<std::collections::hash_map::RandomState> =
            LazyLock::new(Default::default);
        static REGISTRY: LazyLock<Mutex<HashMap<Key, Weak<Shared>>>> =
            LazyLock::new(Default::default);

        let key = Key {
            address: platform_address.to_owned(),
            token: HASHER.hash_one(access_token),
            limit,
        };
        let mut registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(shared) = registry.get(&key).and_then(Weak::upgrade) {
            return RateLimiter { shared };
        }
        registry.retain(|_, weak| weak.strong_count() > 0);
        let limiter = RateLimiter::new(limit);
        registry.insert(key, Arc::downgrade(&limiter.shared));
        limiter
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives `permit` back to the semaphore at `at`, on a timer of the
    /// current runtime, or as an orphan if there is none.
    fn release_at(self: &Arc<Self>, at: Instant, permit: OwnedSemaphorePermit) {
        if at <= Instant::now() {
            return drop(permit);
        }
        let mut held = Held {
            at,
            permit: Some(permit),
            shared: self.clone(),
        };
        match Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    tokio::time::sleep_until(held.at).await;
                    drop(held.permit.take());
                });
            }
            // `held` is dropped here, early: it becomes an orphan.
            Err(_) => drop(held),
        }
    }

    fn adopt_orphans(self: &Arc<Self>) {
        let orphans = std::mem::take(&mut self.lock().orphans);
        for (at, permit) in orphans {
            self.release_at(at, permit);
        }
    }
}

/// A permit on its way back to the semaphore: if its timer task is dropped
/// before `at` (the runtime shut down), it becomes an orphan rather than
/// free its slot early.
struct Held {
    at: Instant,
    permit: Option<OwnedSemaphorePermit>,
    shared: Arc<Shared>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(permit) = self.permit.take() {
            if self.at <= Instant::now() {
                return drop(permit);
            }
            self.shared.lock().orphans.push((self.at, permit));
        }
    }
}

/// One request's slot in the window, from [`RateLimiter::acquire`].
///
/// The slot stays taken while this is alive and for one
/// [`RateLimit::window`] after it is dropped. The client holds it until the
/// answer has come, so that the window starts no earlier than when the
/// request reached the server, rather than when it set off.
pub struct Slot {
    permit: Option<OwnedSemaphorePermit>,
    shared: Arc<Shared>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(permit) = self.permit.take() {
            let free_at = deadline(Instant::now(), self.shared.limit.window);
            self.shared.release_at(free_at, permit);
        }
    }
}

impl fmt::Debug for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Slot").finish_non_exhaustive()
    }
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limit", &self.shared.limit)
            .finish_non_exhaustive()
    }
}

#[derive(PartialEq, Eq, Hash)]
struct Key {
    address: String,
    token: u64,
    limit: RateLimit,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_full_window_waits_for_its_oldest_slot() {
        let limiter = RateLimiter::new(RateLimit::new(
            NonZeroU32::new(2).unwrap(),
            Duration::from_secs(10),
        ));
        let start = Instant::now();
        limiter.acquire().await;
        tokio::time::sleep(Duration::from_secs(4)).await;
        limiter.acquire().await;
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(10));
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(14));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_counts_from_when_it_is_dropped() {
        let limiter = RateLimiter::new(RateLimit::new(NonZeroU32::MIN, Duration::from_secs(10)));
        let start = Instant::now();
        let slot = limiter.acquire().await;
        // The request takes 5 s to get its answer.
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(slot);
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(15));
    }

    #[test]
    fn a_slot_given_back_without_a_runtime_still_counts() {
        let limiter = RateLimiter::new(RateLimit::new(NonZeroU32::MIN, Duration::from_secs(10)));
        let runtime = || {
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .unwrap()
        };
        // Dropped outside any runtime; then dropped inside one that shuts
        // down before the slot is free.
        let slot = runtime().block_on(limiter.acquire());
        drop(slot);
        let waited = runtime().block_on(async {
            let start = Instant::now();
            limiter.acquire().await;
            start.elapsed()
        });
        // Real time passed between the drop and the new clock's start.
        assert!(waited > Duration::from_secs(9), "{waited:?}");

        let shut_down = runtime();
        shut_down.block_on(async { drop(limiter.acquire().await) });
        drop(shut_down);
        let waited = runtime().block_on(async {
            let start = Instant::now();
            limiter.acquire().await;
            start.elapsed()
        });
        assert!(waited > Duration::from_secs(9), "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_everyone_back() {
        let limiter = RateLimiter::new(RateLimit::MEWS);
        let start = Instant::now();
        limiter.pause_until(start + Duration::from_secs(5));
        limiter.pause_until(start + Duration::from_secs(3));
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn windows_and_deadlines_stop_at_the_far_future() {
        let one = NonZeroU32::MIN;
        assert_eq!(
            RateLimit::new(one, Duration::MAX).window(),
            RateLimit::MAX_WINDOW
        );
        assert_eq!(
            RateLimit::new(one, Duration::MAX),
            RateLimit::new(one, MAX_WAIT + Duration::from_nanos(1))
        );
        let short = Duration::from_secs(30);
        assert_eq!(RateLimit::new(one, short).window(), short);

        let now = Instant::now();
        assert_eq!(deadline(now, short), now + short);
        assert_eq!(deadline(now, Duration::MAX), now + MAX_WAIT);
    }

    #[test]
    fn the_registry_shares_by_address_token_and_limit() {
        let a = RateLimiter::shared_for("https://x", "token-1", RateLimit::MEWS);
        let b = RateLimiter::shared_for("https://x", "token-1", RateLimit::MEWS);
        let c = RateLimiter::shared_for("https://x", "token-2", RateLimit::MEWS);
        let d = RateLimiter::shared_for("https://y", "token-1", RateLimit::MEWS);
        assert!(a.same_as(&b));
        assert!(!a.same_as(&c) && !a.same_as(&d));
        drop((a, b));
        let e = RateLimiter::shared_for("https://x", "token-1", RateLimit::MEWS);
        assert!(!e.same_as(&c));
    }
}
