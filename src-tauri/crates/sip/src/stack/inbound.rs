//! Requests peers send to us: those inside one of our dialogs (BYE, re-INVITE, INFO, NOTIFY) go to that dialog;
//! OPTIONS pings are answered; anything else is politely refused until inbound calls land.

use rsipstack::dialog::dialog_layer::DialogLayer;
use rsipstack::sip::prelude::HeadersExt;
use rsipstack::sip::{Method, StatusCode};
use rsipstack::transaction::TransactionReceiver;
use std::sync::Arc;

/// Runs until the endpoint stops.
pub(super) async fn route_requests(mut incoming: TransactionReceiver, dialogs: Arc<DialogLayer>) {
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
            Method::Invite => StatusCode::TemporarilyUnavailable,
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
