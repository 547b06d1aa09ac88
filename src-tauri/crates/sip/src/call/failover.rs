//! Trying the next transport when an INVITE is not heard at all (an emergency call must not wait on a dead
//! transport): the order of transports to try, and when an attempt counts as unheard. Only an INVITE that got no
//! response whatsoever (not even 100 Trying) is abandoned; once anything came back the call stays where it is.

use crate::Transport;
use rsipstack::dialog::invitation::InviteAsyncResult;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The transports our endpoint can fail over to, in the order tried. TLS is not among them: it needs the account's
/// own trust settings and the server's certificate, which another transport's failure says nothing about. A TLS
/// account's call starts on TLS; leaving it, the INVITE also leaves SRTP (`CallProgress::leave_srtp`).
const FALLBACK_TRANSPORTS: [Transport; 2] = [Transport::Udp, Transport::Tcp];

/// The transports an INVITE tries in order: the account's own first, then UDP and TCP, skipping the account's.
pub(crate) fn transport_order(account_transport: Transport) -> Vec<Transport> {
    let mut order = vec![account_transport];
    order.extend(FALLBACK_TRANSPORTS.into_iter().filter(|t| *t != account_transport));
    order
}

/// A call's failover plan: how long an INVITE may go unheard, and the transports still to try.
#[derive(Debug)]
pub(super) struct Failover {
    after: Option<Duration>,
    remaining: VecDeque<Transport>,
}

impl Failover {
    /// No failover when `after` is `None`; otherwise every transport after `first` in [`transport_order`].
    pub(super) fn new(first: Transport, after: Option<Duration>) -> Self {
        let remaining = match after {
            Some(_) => transport_order(first).into_iter().skip(1).collect(),
            None => VecDeque::new(),
        };
        Self { after, remaining }
    }

    /// When an INVITE sent at `sent_at` that has heard nothing is given up, if there is a transport left.
    pub(super) fn deadline(&self, sent_at: Instant) -> Option<Instant> {
        let after = self.after?;
        (!self.remaining.is_empty()).then(|| sent_at + after)
    }

    /// Whether another transport is left to try.
    pub(super) fn has_next(&self) -> bool {
        !self.remaining.is_empty()
    }

    /// The next transport to try, taking it off the plan.
    pub(super) fn next_transport(&mut self) -> Option<Transport> {
        self.remaining.pop_front()
    }
}

/// Whether a finished INVITE task ended without any response: the stack reported an error (a send error, its
/// Timer B) or the transaction ended unheard. A refused TCP connection does not end the task (rsipstack retries
/// the connection on its own timers and says nothing), so the failover timer is what moves such an INVITE on.
pub(super) fn went_unheard(result: &Result<InviteAsyncResult, tokio::task::JoinError>) -> bool {
    matches!(result, Ok(Err(_)) | Ok(Ok((_, None))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accounts_transport_goes_first_then_udp_then_tcp() {
        assert_eq!(transport_order(Transport::Udp), [Transport::Udp, Transport::Tcp]);
        assert_eq!(transport_order(Transport::Tcp), [Transport::Tcp, Transport::Udp]);
        assert_eq!(transport_order(Transport::Tls), [Transport::Tls, Transport::Udp, Transport::Tcp]);
    }

    #[test]
    fn without_a_timeout_there_is_no_failover() {
        let now = Instant::now();
        let mut none = Failover::new(Transport::Udp, None);
        assert_eq!((none.deadline(now), none.has_next(), none.next_transport()), (None, false, None));
    }

    #[test]
    fn each_transport_is_tried_once_and_then_the_deadline_goes_away() {
        let now = Instant::now();
        let mut plan = Failover::new(Transport::Tls, Some(Duration::from_secs(2)));
        assert_eq!(plan.deadline(now), Some(now + Duration::from_secs(2)));
        assert_eq!(plan.next_transport(), Some(Transport::Udp));
        assert!(plan.has_next());
        assert_eq!(plan.next_transport(), Some(Transport::Tcp));
        assert_eq!((plan.deadline(now), plan.has_next(), plan.next_transport()), (None, false, None));
    }
}
