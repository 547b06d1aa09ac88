//! minisign-compatible ed25519 signatures over map files: key generation, signing and verification against the
//! keys pinned by the managed policy. The formats are the reference `minisign` tool's, so IT can sign with either
//! `minisign -S` or `locusctl map sign`, and verify with either.

use crate::MapError;
use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};
use std::io::Cursor;

/// A public key a map may be signed with.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    key: PublicKey,
}

impl TrustedKey {
    /// Parses a public key: the base64 line (`RW…`) or a whole `.pub` file with its comment line.
    pub fn parse(text: &str) -> Result<Self, MapError> {
        let line = text
            .lines()
            .map(str::trim)
            .rfind(|line| !line.is_empty() && !line.starts_with("untrusted comment:"))
            .ok_or_else(|| MapError::MalformedKey("the key is empty".into()))?;
        let key = PublicKey::from_base64(line).map_err(|err| MapError::MalformedKey(err.to_string()))?;
        Ok(Self { key })
    }

    /// The key id as minisign prints it (16 upper-case hex digits).
    pub fn key_id(&self) -> String {
        key_id_of(self.key.keynum())
    }

    /// The key as the base64 line minisign writes in `.pub` files.
    pub fn to_base64(&self) -> String {
        self.key.to_base64()
    }
}

/// Who signed a verified map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// Key id of the trusted key that verified.
    pub key_id: String,
    /// The signature's trusted (signed) comment.
    pub trusted_comment: String,
}

/// Verifies `signature` (the text of a `.minisig` file) over `body` with whichever pinned key it names.
pub fn verify(body: &[u8], signature: &str, trusted: &[TrustedKey]) -> Result<Signer, MapError> {
    if trusted.is_empty() {
        return Err(MapError::NoTrustedKeys);
    }
    let signature_box =
        SignatureBox::from_string(signature).map_err(|err| MapError::MalformedSignature(err.to_string()))?;
    let key_id = key_id_of(signature_box.keynum());
    let key = trusted.iter().find(|k| k.key_id() == key_id).ok_or(MapError::UntrustedKey { key_id: key_id.clone() })?;
    minisign::verify(&key.key, &signature_box, Cursor::new(body), true, false, false)
        .map_err(|_| MapError::BadSignature { key_id: key_id.clone() })?;
    let trusted_comment = signature_box.trusted_comment().unwrap_or_default();
    Ok(Signer { key_id, trusted_comment })
}

/// A new key pair as the texts of minisign's `.pub` and `.key` files. With a password the secret key is
/// encrypted (scrypt), as `minisign -G` does; without one it is stored unencrypted (`minisign -G -W`).
pub fn generate_keypair(password: Option<String>) -> Result<(String, String), MapError> {
    let pair = match password {
        Some(password) => KeyPair::generate_encrypted_keypair(Some(password)),
        None => KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|err| MapError::Sign(err.to_string()))?;
    let public = pair.pk.to_box().map_err(|err| MapError::Sign(err.to_string()))?.into_string();
    let secret = pair.sk.to_box(None).map_err(|err| MapError::Sign(err.to_string()))?.into_string();
    Ok((public, secret))
}

/// Signs `body` with the secret key file text `secret_key`, returning the `.minisig` text. `password` decrypts an
/// encrypted key; it is never asked for interactively.
pub fn sign(
    body: &[u8],
    secret_key: &str,
    password: Option<String>,
    trusted_comment: &str,
) -> Result<String, MapError> {
    let secret = open_secret_key(secret_key, password)?;
    let public = PublicKey::from_secret_key(&secret).map_err(|err| MapError::SecretKey(err.to_string()))?;
    let signature = minisign::sign(Some(&public), &secret, Cursor::new(body), Some(trusted_comment), None)
        .map_err(|err| MapError::Sign(err.to_string()))?;
    Ok(signature.into_string())
}

/// The public key (`.pub` text) of a secret key file.
pub fn public_key_of(secret_key: &str, password: Option<String>) -> Result<String, MapError> {
    let secret = open_secret_key(secret_key, password)?;
    let public = PublicKey::from_secret_key(&secret).map_err(|err| MapError::SecretKey(err.to_string()))?;
    let public_box: PublicKeyBox = public.to_box().map_err(|err| MapError::SecretKey(err.to_string()))?;
    Ok(public_box.into_string())
}

fn open_secret_key(text: &str, password: Option<String>) -> Result<SecretKey, MapError> {
    let parse = || SecretKeyBox::from_string(text).map_err(|err| MapError::SecretKey(err.to_string()));
    match (parse()?.into_unencrypted_secret_key(), password) {
        (Ok(key), _) => Ok(key),
        (Err(_), Some(password)) => {
            parse()?.into_secret_key(Some(password)).map_err(|err| MapError::SecretKey(err.to_string()))
        }
        (Err(err), None) => Err(MapError::SecretKey(format!(
            "{err}; if the key is encrypted, give its password (locusctl reads it from standard input with --password-stdin)"
        ))),
    }
}

fn key_id_of(keynum: &[u8]) -> String {
    keynum.iter().rev().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (TrustedKey, String) {
        let (public, secret) = generate_keypair(None).expect("keygen");
        (TrustedKey::parse(&public).expect("public key"), secret)
    }

    #[test]
    fn a_signed_body_verifies_and_names_its_key() {
        let (key, secret) = pair();
        let signature = sign(b"{\"serial\":1}", &secret, None, "serial:1").expect("sign");
        let signer = verify(b"{\"serial\":1}", &signature, std::slice::from_ref(&key)).expect("verify");
        assert_eq!(signer.key_id, key.key_id());
        assert_eq!(signer.trusted_comment, "serial:1");
    }

    #[test]
    fn one_changed_byte_fails() {
        let (key, secret) = pair();
        let signature = sign(b"{\"serial\":1}", &secret, None, "c").expect("sign");
        let err = verify(b"{\"serial\":2}", &signature, &[key]).expect_err("tampered");
        assert!(matches!(err, MapError::BadSignature { .. }), "{err}");
    }

    #[test]
    fn another_key_is_untrusted() {
        let (_, secret) = pair();
        let (other, _) = pair();
        let signature = sign(b"x", &secret, None, "c").expect("sign");
        let err = verify(b"x", &signature, &[other]).expect_err("wrong key");
        assert!(matches!(err, MapError::UntrustedKey { .. }), "{err}");
    }

    #[test]
    fn an_encrypted_key_needs_its_password() {
        let (public, secret) = generate_keypair(Some("pw".into())).expect("keygen");
        assert!(matches!(sign(b"x", &secret, None, "c"), Err(MapError::SecretKey(_))));
        assert!(matches!(sign(b"x", &secret, Some("wrong".into()), "c"), Err(MapError::SecretKey(_))));
        let signature = sign(b"x", &secret, Some("pw".into()), "c").expect("sign");
        verify(b"x", &signature, &[TrustedKey::parse(&public).expect("pk")]).expect("verify");
        assert_eq!(public_key_of(&secret, Some("pw".into())).expect("pk").trim(), public.trim());
    }

    #[test]
    fn garbage_is_a_malformed_signature() {
        let (key, _) = pair();
        assert!(matches!(verify(b"x", "not a signature", &[key]), Err(MapError::MalformedSignature(_))));
        assert!(matches!(TrustedKey::parse("RWnope"), Err(MapError::MalformedKey(_))));
    }
}
