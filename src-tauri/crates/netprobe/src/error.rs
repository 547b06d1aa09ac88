//! The one error type of the network probe.

/// What can go wrong while reading the machine's network state.
#[derive(Debug, thiserror::Error)]
pub enum NetprobeError {
    /// The operating system refused or failed to list interfaces or routes.
    #[error("could not read the network configuration from the operating system: {0}")]
    Os(String),
}
