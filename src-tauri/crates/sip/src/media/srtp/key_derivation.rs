//! Session keys from the master key (RFC 3711 §4.3): the AES-CM pseudo-random function with a key derivation rate of
//! zero, so each key is derived once, at the start.

use std::fmt;

use aes::Aes128;
use aes::cipher::KeyInit;
use hmac::Hmac;
use sha1::Sha1;
use zeroize::Zeroize;

use super::counter_mode::apply_keystream;
use super::master_key::{MASTER_SALT_LEN, MasterKey};

/// AES-128 session encryption key length.
const SESSION_KEY_LEN: usize = 16;
/// HMAC-SHA1 session authentication key length (RFC 3711 §8.2: 160 bits).
const AUTH_KEY_LEN: usize = 20;
/// SHA-1's block size: HMAC pads shorter keys to it with zeros (RFC 2104 §2).
const SHA1_BLOCK_LEN: usize = 64;

/// What a derived key is for (RFC 3711 §4.3.1 and §4.3.2).
#[derive(Debug, Clone, Copy)]
pub(super) enum Label {
    RtpEncryption = 0,
    RtpAuthentication = 1,
    RtpSalt = 2,
    RtcpEncryption = 3,
    RtcpAuthentication = 4,
    RtcpSalt = 5,
}

/// Fills `out` with the key derived for `label`: AES-CM under the master key over `(label XOR salt) << 16`.
pub(super) fn derive(master: &MasterKey, label: Label, out: &mut [u8]) {
    let master_cipher = Aes128::new(master.key().into());
    // key_id = label || (index DIV rate), and with rate 0 the index part is six zero bytes: only the label byte,
    // seventh from the right of the 14-byte salt, changes.
    let mut iv = [0; 16];
    iv[..MASTER_SALT_LEN].copy_from_slice(master.salt());
    iv[MASTER_SALT_LEN - 7] ^= label as u8;
    out.fill(0);
    apply_keystream(&master_cipher, &iv, out);
}

/// The keys one direction of RTP, or of RTCP, is protected with.
pub(super) struct SessionKeys {
    pub(super) cipher: Aes128,
    pub(super) salt: [u8; MASTER_SALT_LEN],
    /// Keyed once; cloned for each packet so the key's padding is not hashed again.
    pub(super) mac: Hmac<Sha1>,
}

impl SessionKeys {
    /// The keys for SRTP (labels 0, 1, 2).
    pub(super) fn for_rtp(master: &MasterKey) -> Self {
        Self::derive_all(master, Label::RtpEncryption, Label::RtpAuthentication, Label::RtpSalt)
    }

    /// The keys for SRTCP (labels 3, 4, 5).
    pub(super) fn for_rtcp(master: &MasterKey) -> Self {
        Self::derive_all(master, Label::RtcpEncryption, Label::RtcpAuthentication, Label::RtcpSalt)
    }

    fn derive_all(master: &MasterKey, encryption: Label, authentication: Label, salt_label: Label) -> Self {
        let mut session_key = [0; SESSION_KEY_LEN];
        derive(master, encryption, &mut session_key);
        let cipher = Aes128::new((&session_key).into());
        session_key.zeroize();

        // A 20-byte HMAC key zero-padded to the block is the same key to HMAC, and `new` cannot fail on it.
        let mut auth_key = [0; SHA1_BLOCK_LEN];
        derive(master, authentication, &mut auth_key[..AUTH_KEY_LEN]);
        let mac = <Hmac<Sha1> as KeyInit>::new((&auth_key).into());
        auth_key.zeroize();

        let mut salt = [0; MASTER_SALT_LEN];
        derive(master, salt_label, &mut salt);
        Self { cipher, salt, mac }
    }
}

impl Drop for SessionKeys {
    fn drop(&mut self) {
        self.salt.zeroize();
    }
}

/// Never prints the keys.
impl fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKeys(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::srtp::test_support::hex;

    fn rfc_master_key() -> MasterKey {
        MasterKey::from_concatenated(&hex("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6"))
            .expect("30 bytes")
    }

    fn derived(label: Label, len: usize) -> Vec<u8> {
        let mut out = vec![0; len];
        derive(&rfc_master_key(), label, &mut out);
        out
    }

    /// RFC 3711 Appendix B.3, with the whole 94-byte run of the auth key PRF the RFC lists.
    #[test]
    fn session_keys_match_rfc_3711_appendix_b3() {
        assert_eq!(derived(Label::RtpEncryption, 16), hex("C61E7A93744F39EE10734AFE3FF7A087"));
        assert_eq!(derived(Label::RtpSalt, 14), hex("30CBBC08863D8C85D49DB34A9AE1"));
        assert_eq!(
            derived(Label::RtpAuthentication, 94),
            hex("CEBE321F6FF7716B6FD4AB49AF256A15
                 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                 E049646C43D9327AD175578EF7227098
                 6371C10C9A369AC2F94A8C5FBCDDDC25
                 6D6E919A48B610EF17C2041E47403576
                 6B68642C59BBFC2F34DB60DBDFB2")
        );
    }

    #[test]
    fn rtcp_keys_differ_from_rtp_keys() {
        assert_ne!(derived(Label::RtcpEncryption, 16), derived(Label::RtpEncryption, 16));
        assert_ne!(derived(Label::RtcpSalt, 14), derived(Label::RtpSalt, 14));
        assert_ne!(derived(Label::RtcpAuthentication, 20), derived(Label::RtpAuthentication, 20));
    }
}
