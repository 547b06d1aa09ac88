//! The desktop notification seam. The core implements [`DesktopNotifier`] with notify-rust through its host;
//! this crate only decides what it says and retries it like any other target.

use super::notice::EmergencyNotice;
use super::retry::{AttemptError, BoxFuture};

/// Shows a desktop notification. Implementations must not block the async thread (use `spawn_blocking` for a
/// synchronous notification API).
pub trait DesktopNotifier: Send + Sync {
    /// Shows `title` and `body`; `Err` says why it could not.
    fn show<'a>(&'a self, title: &'a str, body: &'a str) -> BoxFuture<'a, Result<(), String>>;
}

/// One attempt at the desktop notification for `notice`.
pub(crate) async fn show(notifier: &dyn DesktopNotifier, notice: &EmergencyNotice) -> Result<(), AttemptError> {
    let (title, body) = (notice.desktop_title(), notice.desktop_body());
    notifier.show(&title, &body).await.map_err(AttemptError::retry)
}
