//! Everything that can go wrong in the SIP crate, worded for the person who has to fix it.

use crate::AccountProblem;

/// A SIP failure.
#[derive(Debug, thiserror::Error)]
pub enum SipError {
    /// The account settings are incomplete or malformed; nothing was sent.
    #[error("the account settings are not valid: {}", describe(.0))]
    InvalidAccount(Vec<AccountProblem>),
    /// The registrar refused our credentials (401/407 after answering its challenge, or 403).
    #[error("the registrar {registrar} refused the user name or password ({status} {reason})")]
    WrongCredentials {
        /// The registrar asked.
        registrar: String,
        /// Its final status code.
        status: u16,
        /// Its reason phrase.
        reason: String,
    },
    /// The registrar answered with another final error.
    #[error("the registrar {registrar} refused the registration: {status} {reason}")]
    Rejected {
        /// The registrar asked.
        registrar: String,
        /// Its final status code.
        status: u16,
        /// Its reason phrase.
        reason: String,
    },
    /// Nothing answered in time (wrong address or port, firewall, server down).
    #[error("no answer from {registrar} within {seconds} s (check the address, port and transport)")]
    Unreachable {
        /// The registrar asked.
        registrar: String,
        /// How long we waited.
        seconds: u64,
    },
    /// A TLS server's certificate was refused, or the handshake failed.
    #[error("the TLS connection to {server} was refused: {reason}")]
    TlsRefused {
        /// The server we connected to.
        server: String,
        /// Why, for people (untrusted issuer, wrong name, expired, …).
        reason: String,
    },
    /// The account's extra CA file cannot be used.
    #[error("the account's CA file {path} {reason}")]
    TlsCaFile {
        /// The file the account names.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The local socket or the SIP stack failed.
    #[error("SIP transport error: {0}")]
    Transport(String),
    /// Hold or resume was asked of a call that is not answered yet.
    #[error("the call is not answered yet")]
    NotAnswered,
    /// Hold or resume was asked while the previous one still waits for its answer.
    #[error("the previous hold or resume is still waiting for the other side")]
    ReinviteInProgress,
    /// The other side refused a hold or resume (re-INVITE), e.g. 488 or 491; the call goes on as it was.
    #[error("the other side refused the change: {status} {reason}")]
    ReinviteRefused {
        /// Its final status code.
        status: u16,
        /// Its reason phrase.
        reason: String,
    },
    /// The call is over (or was never placed here).
    #[error("the call is over")]
    CallOver,
    /// DTMF was asked for characters that are not keypad digits (`0`–`9`, `*`, `#`, `A`–`D`).
    #[error("\"{0}\" are not keypad digits (0-9, *, #, A-D)")]
    NotKeypadDigits(String),
    /// A transfer was asked for with no target (or one that is not a number, user or SIP address).
    #[error("\"{0}\" is not a number or SIP address to transfer the call to")]
    InvalidTransferTarget(String),
    /// A transfer was asked for while another one is still under way on the same call.
    #[error("the call is already being transferred")]
    TransferInProgress,
    /// The other side refused the transfer request (REFER), e.g. 403, 405 or 501; the call goes on as it was.
    #[error("the other side refused the transfer: {status} {reason}")]
    TransferRefused {
        /// Its final status code.
        status: u16,
        /// Its reason phrase.
        reason: String,
    },
    /// The other side took the transfer request but the transfer did not go through (the target was busy, did
    /// not answer, or no word came back); the call goes on, taken off hold if the transfer had held it.
    #[error("the transfer did not go through: {0}")]
    TransferFailed(String),
}

impl SipError {
    /// A stable, machine-readable reason (`RegisterFailed.code`).
    pub fn code(&self) -> &'static str {
        match self {
            SipError::InvalidAccount(_) => "invalid_account",
            SipError::WrongCredentials { .. } => "wrong_password",
            SipError::Rejected { .. } => "rejected",
            SipError::Unreachable { .. } => "unreachable",
            SipError::TlsRefused { .. } => "tls",
            SipError::TlsCaFile { .. } => "tls_ca_file",
            SipError::Transport(_) => "transport",
            SipError::NotAnswered => "not_answered",
            SipError::ReinviteInProgress => "reinvite_in_progress",
            SipError::ReinviteRefused { .. } => "reinvite_refused",
            SipError::CallOver => "call_over",
            SipError::NotKeypadDigits(_) => "not_keypad_digits",
            SipError::InvalidTransferTarget(_) => "invalid_transfer_target",
            SipError::TransferInProgress => "transfer_in_progress",
            SipError::TransferRefused { .. } => "transfer_refused",
            SipError::TransferFailed(_) => "transfer_failed",
        }
    }
}

fn describe(problems: &[AccountProblem]) -> String {
    problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ")
}
