//! Keeping an account registered: register, refresh at three quarters of the granted lifetime, retry with
//! back-off after a failure, start over at once when told the network changed (or the machine resumed), and
//! remove the binding when stopped. Every attempt after a failure or a network change is announced as
//! `Registering` first, so a failure is never reported without the attempt that led to it. Calls to the account
//! arrive at the registered endpoint and are handed out by `RegistrationHandle::incoming_calls`.

use crate::incoming::IncomingCallSlot;
use crate::register::Binding;
use crate::stack::KeepAlive;
use crate::{Account, IncomingCall, RegisterOptions, Registered, Transport};
use std::sync::{Arc, PoisonError};
use std::time::Duration;
use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

/// Where an account's registration stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationState {
    /// A REGISTER is on its way (first attempt, after a failure, or after a network change).
    Registering,
    /// The registrar accepted us (also after each refresh).
    Registered(Registered),
    /// The attempt failed; the next one starts after `retry_in` (sooner if the network changes).
    Failed {
        /// Stable reason: `wrong_password`, `rejected`, `unreachable`, `invalid_account`, `transport`.
        code: &'static str,
        /// For people.
        message: String,
        /// Back-off before the next attempt.
        retry_in: Duration,
    },
}

/// The first retry waits this long; each further failure doubles it, up to `MAX_RETRY`.
const FIRST_RETRY: Duration = Duration::from_secs(2);
/// The longest wait between attempts.
const MAX_RETRY: Duration = Duration::from_secs(300);

/// Back-off after `failures` consecutive failures (1 → 2 s, 2 → 4 s, … capped at 5 minutes).
pub fn retry_delay(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_RETRY.saturating_mul(1 << doublings).min(MAX_RETRY)
}

/// How often a registered account sends a keep-alive when not told otherwise: every 25 s over UDP (home routers
/// commonly forget a UDP mapping after 30 s), every 90 s over TCP and TLS (within RFC 5626's 95–120 s advice
/// for connections, so middleboxes do not close an idle one).
pub fn keep_alive_interval(transport: Transport) -> Duration {
    match transport {
        Transport::Udp => Duration::from_secs(25),
        Transport::Tcp | Transport::Tls => Duration::from_secs(90),
    }
}

/// When to refresh a binding granted for `expires` seconds: at three quarters of it, never sooner than 1 s.
pub fn refresh_after(expires: u32) -> Duration {
    Duration::from_millis(u64::from(expires) * 750).max(Duration::from_secs(1))
}

/// A running registration; stops (and unregisters) when dropped or stopped.
#[derive(Debug)]
pub struct RegistrationHandle {
    again: Arc<Notify>,
    stop: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
    calls: IncomingCallSlot,
}

impl RegistrationHandle {
    /// From now on, calls to the account ring (180) and arrive here, across re-registrations; until this is
    /// called they are refused with 480. Asking again hands the calls to the new receiver instead.
    pub fn incoming_calls(&self) -> mpsc::UnboundedReceiver<IncomingCall> {
        let (sink, calls) = mpsc::unbounded_channel();
        *self.calls.lock().unwrap_or_else(PoisonError::into_inner) = Some(sink);
        calls
    }

    /// Starts over now with a fresh endpoint: the network changed or the machine resumed.
    pub fn register_again(&self) {
        self.again.notify_one();
    }

    /// Unregisters and waits until that is done.
    pub async fn stop(mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RegistrationHandle {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Keeps `account` registered with `password` until the handle is stopped or dropped, reporting every change
/// of state to `on_state` (from the registration task).
pub fn keep_registered(
    account: Account,
    password: String,
    options: RegisterOptions,
    mut on_state: impl FnMut(RegistrationState) + Send + 'static,
) -> RegistrationHandle {
    let again = Arc::new(Notify::new());
    let stop = CancellationToken::new();
    let calls = IncomingCallSlot::default();
    let (wake, stopped, slot) = (Arc::clone(&again), stop.clone(), Arc::clone(&calls));
    let task = tokio::spawn(async move {
        let mut binding: Option<Binding> = None;
        let mut failures = 0_u32;
        loop {
            // A refresh of a live binding is not announced; a new attempt is.
            if binding.is_none() {
                on_state(RegistrationState::Registering);
            }
            let attempt = async {
                if binding.is_none() {
                    let opened = Binding::open(&account, &password, options).await?;
                    opened.deliver_calls_to(Arc::clone(&slot));
                    binding = Some(opened);
                }
                match binding.as_mut() {
                    Some(live) => live.register(account.register_interval).await,
                    None => unreachable_binding(),
                }
            };
            let wait = match attempt.await {
                Ok(registered) => {
                    failures = 0;
                    let wait = refresh_after(registered.expires);
                    on_state(RegistrationState::Registered(registered));
                    wait
                }
                Err(err) => {
                    failures += 1;
                    binding = None;
                    let retry_in = retry_delay(failures);
                    tracing::warn!(account = %account.id, %err, ?retry_in, "registration failed");
                    on_state(RegistrationState::Failed { code: err.code(), message: err.to_string(), retry_in });
                    retry_in
                }
            };
            let keep_alive = binding.as_ref().map(Binding::keep_alive);
            let every = options.keep_alive.unwrap_or_else(|| keep_alive_interval(account.transport));
            tokio::select! {
                () = wait_keeping_alive(wait, keep_alive, every) => {}
                () = wake.notified() => {
                    binding = None;
                    failures = 0;
                }
                () = stopped.cancelled() => {
                    if let Some(live) = binding.as_mut() {
                        live.unregister().await;
                    }
                    return;
                }
            }
        }
    });
    RegistrationHandle { again, stop, task: Some(task), calls }
}

/// Waits `wait`, sending a keep-alive `every` so often meanwhile (when registered).
async fn wait_keeping_alive(wait: Duration, keep_alive: Option<KeepAlive>, every: Duration) {
    let deadline = tokio::time::Instant::now() + wait;
    let Some(keep_alive) = keep_alive else {
        return tokio::time::sleep_until(deadline).await;
    };
    loop {
        let next = tokio::time::Instant::now() + every;
        if next >= deadline {
            return tokio::time::sleep_until(deadline).await;
        }
        tokio::time::sleep_until(next).await;
        if let Err(err) = keep_alive.send().await {
            tracing::debug!(%err, "keep-alive not sent");
        }
    }
}

/// The binding was just set; this cannot happen, and reports a transport error rather than panicking.
fn unreachable_binding() -> Result<Registered, crate::SipError> {
    Err(crate::SipError::Transport("no SIP endpoint".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_two_seconds_to_five_minutes() {
        let delays: Vec<u64> = (1..=10).map(|n| retry_delay(n).as_secs()).collect();
        assert_eq!(delays, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(retry_delay(u32::MAX), MAX_RETRY);
    }

    #[test]
    fn keep_alives_are_frequent_over_udp_and_sparse_over_connections() {
        assert_eq!(keep_alive_interval(Transport::Udp), Duration::from_secs(25));
        assert_eq!(keep_alive_interval(Transport::Tcp), Duration::from_secs(90));
        assert_eq!(keep_alive_interval(Transport::Tls), Duration::from_secs(90));
    }

    #[test]
    fn a_binding_is_refreshed_at_three_quarters_of_its_lifetime() {
        assert_eq!(refresh_after(600), Duration::from_secs(450));
        assert_eq!(refresh_after(10), Duration::from_millis(7500));
        assert_eq!(refresh_after(0), Duration::from_secs(1));
    }
}
