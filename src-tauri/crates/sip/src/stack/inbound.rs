//! Requests peers send to us: those inside one of our dialogs (BYE, re-INVITE, INFO, NOTIFY) go to that dialog;
//! OPTIONS pings are answered; a new INVITE rings as an incoming call when someone takes the endpoint's calls
//! (480 otherwise); anything else is politely refused.

use crate::incoming::{IncomingCallSlot, ring, sink_in};
use rsipstack::dialog::dialog_layer::DialogLayer;
use rsipstack::sip::prelude::HeadersExt;
use rsipstack::sip::{Method, StatusCode};
use rsipstack::transaction::TransactionReceiver;
use std::net::IpAddr;
use std::sync::{Arc, OnceLock};

/// Runs until the endpoint stops. `local_ip` is where an answered call's audio goes.
pub(super) async fn route_requests(
    mut incoming: TransactionReceiver,
    dialogs: Arc<DialogLayer>,
    local_ip: IpAddr,
    calls: Arc<OnceLock<IncomingCallSlot>>,
) {
    while let Some(mut transaction) = incoming.recv().await {
        let in_dialog = transaction.original.to_header().ok().and_then(|to| to.tag().ok().flatten()).is_some();
        let method = transaction.original.method;
        if in_dialog {
            match dialogs.match_dialog(&transaction) {
                Some(mut dialog) => {
                    tokio::spawn(async move {
                        if let Err(err) = dialog.handle(&mut transaction).await {
                            tracing::debug!(%err, "a request inside a dialog failed");
                        }
                    });
                }
                None if method == Method::Ack => {}
                None => reply(transaction, StatusCode::CallTransactionDoesNotExist).await,
            }
            continue;
        }
        let status = match method {
            Method::Options => StatusCode::OK,
            Method::Ack => continue,
            Method::Invite => match calls.get().and_then(sink_in) {
                Some(sink) => {
                    ring(transaction, Arc::clone(&dialogs), local_ip, sink);
                    continue;
                }
                None => StatusCode::TemporarilyUnavailable,
            },
            _ => StatusCode::MethodNotAllowed,
        };
        reply(transaction, status).await;
    }
}

async fn reply(mut transaction: rsipstack::transaction::transaction::Transaction, status: StatusCode) {
    if let Err(err) = transaction.reply(status).await {
        tracing::debug!(%err, "could not answer a request");
    }
}
