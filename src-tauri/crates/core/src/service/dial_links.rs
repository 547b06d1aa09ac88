//! `tel:` and `sip:` links opened with Locus (from a browser, a CRM, `xdg-open`): each prefills the dialer,
//! flagged by the dial plan in force, and waits for the window to take it — it never dials by itself.

use super::LocusService;
use crate::CoreError;
use crate::dial_link::{DialLink, dialer_text};
use crate::events::Event;
use std::sync::PoisonError;

impl LocusService {
    /// Opens `link` in the dialer: keeps it for the window (which may not be up yet) and emits
    /// `DialLinkOpened`. A link that is not a usable `tel:`/`sip:` link is refused and changes nothing.
    pub fn open_dial_link(&self, link: &str) -> Result<DialLink, CoreError> {
        let text = dialer_text(link)?;
        let opened = DialLink { link: link.trim().to_owned(), check: self.check_number(&text), text };
        tracing::info!(link = %opened.link, kind = ?opened.check.kind, "link opened in the dialer");
        *self.pending_link.lock().unwrap_or_else(PoisonError::into_inner) = Some(opened.clone());
        self.host.emit(&Event::DialLinkOpened(opened.clone()));
        Ok(opened)
    }

    /// The link opened last, if the window has not taken it yet (it asks once it is up).
    pub fn take_dial_link(&self) -> Option<DialLink> {
        self.pending_link.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}
