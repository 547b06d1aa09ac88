//! The master key and master salt both SRTP suites start from (16 + 14 bytes), wiped from memory when dropped.

use std::fmt;

use zeroize::Zeroize;

/// Length of the AES-128 master key.
pub(crate) const MASTER_KEY_LEN: usize = 16;
/// Length of the master salt.
pub(crate) const MASTER_SALT_LEN: usize = 14;

/// A master key and salt, as SDES carries them (`inline:` is base64 of key then salt).
#[derive(Clone)]
pub(crate) struct MasterKey {
    key: [u8; MASTER_KEY_LEN],
    salt: [u8; MASTER_SALT_LEN],
}

impl MasterKey {
    /// Key and salt side by side, the way SDES concatenates them.
    pub(crate) const CONCATENATED_LEN: usize = MASTER_KEY_LEN + MASTER_SALT_LEN;

    /// A master key from its two parts.
    pub(crate) fn new(key: [u8; MASTER_KEY_LEN], salt: [u8; MASTER_SALT_LEN]) -> Self {
        Self { key, salt }
    }

    /// Splits `key || salt`; `None` unless it is exactly 30 bytes.
    pub(crate) fn from_concatenated(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != Self::CONCATENATED_LEN {
            return None;
        }
        let (key, salt) = bytes.split_at(MASTER_KEY_LEN);
        Some(Self { key: key.try_into().ok()?, salt: salt.try_into().ok()? })
    }

    /// `key || salt`; the caller wipes it when done.
    pub(crate) fn concatenated(&self) -> [u8; Self::CONCATENATED_LEN] {
        let mut bytes = [0; Self::CONCATENATED_LEN];
        bytes[..MASTER_KEY_LEN].copy_from_slice(&self.key);
        bytes[MASTER_KEY_LEN..].copy_from_slice(&self.salt);
        bytes
    }

    pub(super) fn key(&self) -> &[u8; MASTER_KEY_LEN] {
        &self.key
    }

    pub(super) fn salt(&self) -> &[u8; MASTER_SALT_LEN] {
        &self.salt
    }
}

impl Drop for MasterKey {
    fn drop(&mut self) {
        self.key.zeroize();
        self.salt.zeroize();
    }
}

/// Never prints the key.
impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(..)")
    }
}
