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
    /// The local socket or the SIP stack failed.
    #[error("SIP transport error: {0}")]
    Transport(String),
}

impl SipError {
    /// A stable, machine-readable reason (`RegisterFailed.code`).
    pub fn code(&self) -> &'static str {
        match self {
            SipError::InvalidAccount(_) => "invalid_account",
            SipError::WrongCredentials { .. } => "wrong_password",
            SipError::Rejected { .. } => "rejected",
            SipError::Unreachable { .. } => "unreachable",
            SipError::Transport(_) => "transport",
        }
    }
}

fn describe(problems: &[AccountProblem]) -> String {
    problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ")
}
