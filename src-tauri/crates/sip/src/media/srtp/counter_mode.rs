//! AES-128 in counter mode as SRTP uses it (RFC 3711 §4.1.1): the IV built from salt, SSRC and packet index, and
//! the keystream XORed over the payload. Encrypting and decrypting are the same operation.

use aes::Aes128;
use aes::cipher::{Array, BlockCipherEncrypt};

use super::master_key::MASTER_SALT_LEN;

const BLOCK_LEN: usize = 16;

/// The counter-mode IV for one packet: `(salt << 16) XOR (SSRC << 64) XOR (index << 16)`, the low 16 bits left for
/// the block counter. For SRTCP the index is the 31-bit SRTCP index.
pub(super) fn packet_iv(salt: &[u8; MASTER_SALT_LEN], ssrc: u32, index: u64) -> [u8; BLOCK_LEN] {
    let mut iv = [0; BLOCK_LEN];
    iv[..MASTER_SALT_LEN].copy_from_slice(salt);
    for (byte, ssrc_byte) in iv[4..8].iter_mut().zip(ssrc.to_be_bytes()) {
        *byte ^= ssrc_byte;
    }
    // The index is at most 48 bits: its low six bytes land in bytes 8..14.
    for (byte, index_byte) in iv[8..14].iter_mut().zip(&index.to_be_bytes()[2..]) {
        *byte ^= index_byte;
    }
    iv
}

/// XORs the keystream that starts at `iv` over `data` (encrypts or decrypts in place).
pub(super) fn apply_keystream(cipher: &Aes128, iv: &[u8; BLOCK_LEN], data: &mut [u8]) {
    let start = u128::from_be_bytes(*iv);
    for (block_number, chunk) in (0u128..).zip(data.chunks_mut(BLOCK_LEN)) {
        let mut keystream = Array::from(start.wrapping_add(block_number).to_be_bytes());
        cipher.encrypt_block(&mut keystream);
        for (byte, key_byte) in chunk.iter_mut().zip(keystream.iter()) {
            *byte ^= key_byte;
        }
    }
}

#[cfg(test)]
mod tests {
    use aes::cipher::KeyInit;

    use super::*;
    use crate::media::srtp::test_support::hex;

    /// RFC 3711 Appendix B.2: session key, the salt already shifted into the offset, SSRC and index zero.
    #[test]
    fn the_keystream_matches_rfc_3711_appendix_b2() {
        let cipher =
            Aes128::new(&Array::from(<[u8; 16]>::try_from(hex("2B7E151628AED2A6ABF7158809CF4F3C")).expect("16")));
        let salt: [u8; 14] = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD").try_into().expect("14 bytes");
        let iv = packet_iv(&salt, 0, 0);
        assert_eq!(iv.to_vec(), hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"));

        // The RFC's segment is 65282 blocks; it lists the first three and the last three.
        let mut keystream = vec![0; 0xFF02 * BLOCK_LEN];
        apply_keystream(&cipher, &iv, &mut keystream);
        let block = |number: usize| keystream[number * BLOCK_LEN..(number + 1) * BLOCK_LEN].to_vec();
        assert_eq!(block(0x0000), hex("E03EAD0935C95E80E166B16DD92B4EB4"));
        assert_eq!(block(0x0001), hex("D23513162B02D0F72A43A2FE4A5F97AB"));
        assert_eq!(block(0x0002), hex("41E95B3BB0A2E8DD477901E4FCA894C0"));
        assert_eq!(block(0xFEFF), hex("EC8CDF7398607CB0F2D21675EA9EA1E4"));
        assert_eq!(block(0xFF00), hex("362B7C3C6773516318A077D7FC5073AE"));
        assert_eq!(block(0xFF01), hex("6A2CC3787889374FBEB4C81B17BA6C44"));
    }

    #[test]
    fn the_iv_mixes_in_ssrc_and_index_and_a_short_tail_is_handled() {
        let salt = [0; 14];
        let iv = packet_iv(&salt, 0xCAFE_BABE, 0x1234_5678_9ABC);
        assert_eq!(iv.to_vec(), hex("00000000CAFEBABE123456789ABC0000"));

        let cipher = Aes128::new(&Array::from([7; 16]));
        let mut text = *b"seventeen bytes!!";
        apply_keystream(&cipher, &iv, &mut text);
        assert_ne!(&text, b"seventeen bytes!!");
        apply_keystream(&cipher, &iv, &mut text);
        assert_eq!(&text, b"seventeen bytes!!");
    }
}
