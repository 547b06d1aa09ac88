//! Retrying one target with back-off: first delay, doubling, capped, within a total time budget, each attempt
//! bounded by its own timeout, every attempt reported. Sleeping goes through [`Sleeper`] so tests run the whole
//! ten minutes in milliseconds; the budget counts the delays asked for plus the time the attempts really took.
//! It knows nothing about webhooks or email: an attempt is any future that delivers or explains why not.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use super::outcome::{Channel, DeliveryOutcome};

/// A boxed future, as the notifier's traits return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// When to try again, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrySchedule {
    /// The delay after the first failure.
    pub first_delay: Duration,
    /// The longest delay (each failure doubles the previous one up to this).
    pub max_delay: Duration,
    /// No retry starts after this much time in total (delays plus attempts).
    pub budget: Duration,
    /// How long one attempt may take before it counts as failed.
    pub attempt_timeout: Duration,
}

impl Default for RetrySchedule {
    /// 5 s, doubling, capped at 60 s, for at most 10 minutes; 30 s per attempt.
    fn default() -> Self {
        Self {
            first_delay: Duration::from_secs(5),
            max_delay: Duration::from_secs(60),
            budget: Duration::from_secs(600),
            attempt_timeout: Duration::from_secs(30),
        }
    }
}

impl RetrySchedule {
    /// The delay after failed attempt `attempt` (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.first_delay.saturating_mul(1u32 << doublings).min(self.max_delay)
    }
}

/// Waits between attempts. [`TokioSleeper`] in the app; tests pass one that returns at once.
pub trait Sleeper: Send + Sync {
    /// Resolves after `delay`.
    fn sleep(&self, delay: Duration) -> BoxFuture<'_, ()>;
}

/// Real waiting on the tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, delay: Duration) -> BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(delay))
    }
}

/// Why one attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttemptError {
    /// For people and the audit log; never contains a secret.
    pub(crate) message: String,
    /// Retrying cannot help (bad URL, bad address, no relay configured): stop now.
    pub(crate) permanent: bool,
}

impl AttemptError {
    pub(crate) fn retry(message: impl Into<String>) -> Self {
        Self { message: message.into(), permanent: false }
    }

    pub(crate) fn permanent(message: impl Into<String>) -> Self {
        Self { message: message.into(), permanent: true }
    }
}

/// Everything one target's retry loop needs besides the attempt itself.
#[derive(Clone, Copy)]
pub(crate) struct RetryContext<'a> {
    pub(crate) schedule: &'a RetrySchedule,
    pub(crate) sleeper: &'a dyn Sleeper,
    pub(crate) report: &'a (dyn Fn(DeliveryOutcome) + Send + Sync),
}

/// Runs `attempt` until it delivers, fails permanently or the budget is spent, reporting each try.
pub(crate) async fn deliver<F, Fut>(context: RetryContext<'_>, channel: Channel, target: String, mut attempt: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), AttemptError>>,
{
    let schedule = context.schedule;
    let mut spent = Duration::ZERO;
    let mut number = 1u32;
    loop {
        let started = Instant::now();
        let result = match tokio::time::timeout(schedule.attempt_timeout, attempt()).await {
            Ok(result) => result,
            Err(_) => {
                Err(AttemptError::retry(format!("no answer within {} s", schedule.attempt_timeout.as_secs_f32())))
            }
        };
        spent += started.elapsed();
        let delay = schedule.delay_after(number);
        let (error, final_) = match result {
            Ok(()) => (None, true),
            Err(error) => {
                let out_of_time = spent.saturating_add(delay) > schedule.budget;
                (Some(error.message), error.permanent || out_of_time)
            }
        };
        (context.report)(DeliveryOutcome { channel, target: target.clone(), attempt: number, error, final_ });
        if final_ {
            return;
        }
        context.sleeper.sleep(delay).await;
        spent += delay;
        number += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_delays_double_up_to_a_minute() {
        let schedule = RetrySchedule::default();
        let delays: Vec<u64> = (1..=7).map(|n| schedule.delay_after(n).as_secs()).collect();
        assert_eq!(delays, [5, 10, 20, 40, 60, 60, 60]);
        assert_eq!(schedule.delay_after(u32::MAX), Duration::from_secs(60));
    }
}
