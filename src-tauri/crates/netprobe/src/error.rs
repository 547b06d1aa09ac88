//! The one error type of the network probe.

/// What can go wrong while reading the machine's network state.
#[derive(Debug, thiserror::Error)]
pub enum NetprobeError {
    /// The operating system refused or failed to list interfaces or routes.
    #[error("could not read the network configuration from the operating system: {0}")]
    Os(String),
    /// The public egress IP could not be learned from the configured endpoint.
    #[error("could not learn the public IP from {endpoint}: {reason}")]
    PublicIp {
        /// The configured endpoint (URL or `host:port`).
        endpoint: String,
        /// What went wrong.
        reason: String,
    },
}
