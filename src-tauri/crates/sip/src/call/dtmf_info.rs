//! DTMF as SIP INFO (`application/dtmf-relay`), for a far end that answered without telephone events.

use tokio::sync::mpsc;

/// DTMF as SIP INFO, for a far end that did not take telephone events: one task sends the digits in order,
/// each INFO waiting for the answer to the one before.
#[derive(Default)]
pub(crate) struct DtmfInfo {
    queue: Option<mpsc::UnboundedSender<char>>,
}

impl DtmfInfo {
    /// Queues `digit`; the first digit starts the task.
    pub(crate) fn send(&mut self, dialog: &crate::stack::InviteDialog, digit: char) {
        let queue = self.queue.get_or_insert_with(|| {
            let (queue, mut digits) = mpsc::unbounded_channel::<char>();
            let dialog = dialog.clone();
            tokio::spawn(async move {
                while let Some(digit) = digits.recv().await {
                    let headers = vec![crate::stack::Header::ContentType("application/dtmf-relay".into())];
                    let body = crate::media::dtmf::info_body(digit).into_bytes();
                    match dialog.info(Some(headers), Some(body)).await {
                        Ok(_) => tracing::debug!(%digit, "DTMF sent as SIP INFO"),
                        Err(err) => tracing::warn!(%digit, %err, "a DTMF INFO failed"),
                    }
                }
            });
            queue
        });
        let _ = queue.send(digit);
    }
}
