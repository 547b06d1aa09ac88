//! `locusctl call NUMBER`: places a call the way the desktop app does (911, 933 and test numbers on the
//! precomputed emergency plan), plays a WAV file into it, records what comes back, and prints each step as one
//! JSON line (or a line of text): invite_sent (with the callback number and location for emergency calls and
//! the dial-to-INVITE time), ringing, established, ended — and, for 911, each Kari's Law notification outcome
//! as it comes. After the call it waits for those notifications to finish, so exiting does not cut them off.

use locus_core::{CoreError, DialOptions, LocusService};
use locus_sip::{CallEvent, media};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// What `locusctl call` was asked.
#[derive(Debug, clap::Args)]
pub(crate) struct CallArgs {
    /// The number or SIP URI to call (`911`, `933`, `3125550100`, `sip:bob@example.com`, `tel:…`).
    number: String,
    /// The account for a non-emergency call (the first account when omitted).
    #[arg(long)]
    account: Option<String>,
    /// A WAV file to play into the call (any rate; mixed down to 8 kHz mono).
    #[arg(long)]
    play: Option<PathBuf>,
    /// Where to record the received audio (8 kHz mono WAV).
    #[arg(long)]
    record: Option<PathBuf>,
    /// Hang up this many seconds after the call is answered (stays on until the far end hangs up when omitted).
    #[arg(long)]
    duration: Option<f64>,
    /// Print JSON lines instead of text.
    #[arg(long)]
    json: bool,
}

impl CallArgs {
    /// The host that prints this call's notification outcomes.
    pub(crate) fn printer(&self) -> CallPrinter {
        CallPrinter { json: self.json }
    }
}

/// Places the call and follows it to the end; exit 0 when it was answered.
pub(crate) async fn run(service: &Arc<LocusService>, args: CallArgs) -> Result<ExitCode, CoreError> {
    let play = match &args.play {
        Some(path) => media::read_wav(path).map_err(CoreError::Internal)?,
        None => Vec::new(),
    };
    let placed = service
        .dial(&args.number, DialOptions { account_id: args.account.clone(), play, ..DialOptions::default() })
        .await?;
    let mut call = placed.call;
    let emergency = placed.emergency.as_ref();
    print(
        args.json,
        json!({
            "event": "invite_sent",
            "call_id": call.call_id,
            "dialed": args.number,
            "classification": placed.classification,
            "emergency": emergency.is_some(),
            "callback_did": emergency.map(|e| e.callback_did.clone()),
            "location_sent": emergency.and_then(|e| e.location_text.clone()),
            "dial_to_invite_ms": placed.dial_to_invite.as_secs_f64() * 1000.0,
        }),
        format!("calling {} (INVITE sent in {:.1} ms)", args.number, placed.dial_to_invite.as_secs_f64() * 1000.0),
    );
    let mut answered = false;
    let mut hang_up_at: Option<tokio::time::Instant> = None;
    loop {
        let event = tokio::select! {
            event = call.next_event() => event,
            () = sleep_until(hang_up_at) => { call.hang_up(); hang_up_at = None; continue; }
            _ = tokio::signal::ctrl_c() => { call.hang_up(); continue; }
        };
        let Some(event) = event else { break };
        match event {
            CallEvent::Ringing => print(args.json, json!({"event": "ringing"}), "ringing".into()),
            CallEvent::Established { remote, codec } => {
                answered = true;
                hang_up_at = args.duration.map(|s| tokio::time::Instant::now() + Duration::from_secs_f64(s.max(0.0)));
                let codec = codec.encoding_name();
                print(
                    args.json,
                    json!({"event": "established", "remote_media": remote.to_string(), "codec": codec}),
                    format!("answered ({codec} to {remote})"),
                );
            }
            CallEvent::Held => print(args.json, json!({"event": "held"}), "held".into()),
            CallEvent::Resumed => print(args.json, json!({"event": "resumed"}), "resumed".into()),
            CallEvent::Transferring { target } => print(
                args.json,
                json!({"event": "transferring", "target": target}),
                format!("transferring to {target}"),
            ),
            CallEvent::Transferred => print(args.json, json!({"event": "transferred"}), "transferred".into()),
            CallEvent::TransferFailed { reason } => print(
                args.json,
                json!({"event": "transfer_failed", "reason": reason}),
                format!("transfer failed: {reason}"),
            ),
            CallEvent::TransportChanged { transport, call_id, .. } => {
                let name = format!("{transport:?}").to_lowercase();
                print(
                    args.json,
                    json!({"event": "transport_changed", "transport": name, "call_id": call_id}),
                    format!("INVITE sent again over {name}"),
                );
            }
            CallEvent::LocationRefused { status, call_id } => print(
                args.json,
                json!({"event": "location_refused", "status": status, "call_id": call_id}),
                format!("the location was refused ({status}); INVITE sent again without it"),
            ),
            CallEvent::Ended { end, media } => {
                let recording = match &args.record {
                    Some(path) => {
                        media::write_wav(path, &media.received.samples).map_err(CoreError::Internal)?;
                        Some(path.display().to_string())
                    }
                    None => None,
                };
                print(
                    args.json,
                    json!({
                        "event": "ended",
                        "reason": end.code(),
                        "detail": format!("{end:?}"),
                        "packets_sent": media.packets_sent,
                        "packets_received": media.received.packets,
                        "recording": recording,
                    }),
                    format!(
                        "ended: {} ({} packets sent, {} received)",
                        end.code(),
                        media.packets_sent,
                        media.received.packets
                    ),
                );
                break;
            }
        }
    }
    wait_for_notifications(service).await;
    Ok(if answered { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Waits, before the process exits, until every notification to IT (Kari's Law notices, readback results) has
/// its final outcome in the audit log; Ctrl-C stops waiting.
pub(crate) async fn wait_for_notifications(service: &LocusService) {
    if service.notifications_running() > 0 {
        eprintln!("locusctl: waiting for the notifications to IT to be delivered (Ctrl-C stops them)");
        tokio::select! {
            () = service.notifications_settled() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
}

/// The host of `locusctl call`: prints each Kari's Law notification outcome (`NotificationDelivered` and
/// `NotificationFailed` as JSON lines with `--json`), and shows the emergency desktop notification on standard
/// error — the terminal is this host's desktop.
#[derive(Debug)]
pub(crate) struct CallPrinter {
    /// Print JSON lines instead of text.
    json: bool,
}

impl locus_core::Host for CallPrinter {
    fn emit(&self, event: &locus_core::events::Event) {
        use locus_core::events::Event;
        let (Event::NotificationDelivered(notification) | Event::NotificationFailed(notification)) = event else {
            return;
        };
        let text = match &notification.error {
            None => {
                format!("notified {} {} (attempt {})", notification.channel, notification.target, notification.attempt)
            }
            Some(error) => format!(
                "could not notify {} {} (attempt {}): {error}",
                notification.channel, notification.target, notification.attempt
            ),
        };
        match serde_json::to_value(event) {
            Ok(value) => print(self.json, value, text),
            Err(err) => tracing::error!(%err, "could not print a notification event"),
        }
    }

    fn show_emergency_notification(&self, title: &str, body: &str) -> Result<(), String> {
        eprintln!("locusctl: {title}: {body}");
        Ok(())
    }
}

async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

fn print(json: bool, value: serde_json::Value, text: String) {
    if json {
        println!("{value}");
    } else {
        println!("{text}");
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
}
