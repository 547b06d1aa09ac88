//! Webhook delivery: the notice's JSON POSTed to the policy's URL, signed with HMAC-SHA256 over
//! `"<unix seconds>.<body>"` and sent as `X-Locus-Signature: sha256=<hex>` with `X-Locus-Timestamp` (the same
//! scheme as the webhook carrier, so one receiver can check both). Only `https://`, or `http://` to a loopback
//! address, is accepted. Errors and target names never carry the secret, URL credentials or query.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use sha2::Sha256;

use super::retry::AttemptError;
use super::secret::NotifierSecret;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-Locus-Signature";

/// The header carrying the signing time, in Unix seconds.
pub const TIMESTAMP_HEADER: &str = "X-Locus-Timestamp";

/// `sha256=<lower-case hex>` of HMAC-SHA256(`secret`, `"<timestamp>.<body>"`).
pub fn notice_signature(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA256 takes keys of any length"),
    };
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The URL as it may appear in outcomes and logs: scheme, host, port and path only.
pub(crate) fn redacted_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(parsed) => {
            let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!("{}://{}{port}{}", parsed.scheme(), parsed.host_str().unwrap_or(""), parsed.path())
        }
        Err(_) => "<invalid webhook URL>".to_owned(),
    }
}

/// A webhook endpoint checked once, with the HTTP client its attempts share.
pub(crate) struct WebhookEndpoint {
    url: Url,
    client: reqwest::Client,
}

impl WebhookEndpoint {
    /// Checks `url` and builds a client whose requests give up after `timeout`.
    pub(crate) fn new(url: &str, secret: &NotifierSecret, timeout: Duration) -> Result<Self, AttemptError> {
        if secret.is_empty() {
            return Err(AttemptError::permanent("the webhook has no signing secret"));
        }
        let url = Url::parse(url).map_err(|e| AttemptError::permanent(format!("invalid webhook URL: {e}")))?;
        let loopback = match url.host_str() {
            Some("localhost") => true,
            Some(host) => host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()),
            None => false,
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            other => {
                return Err(AttemptError::permanent(format!(
                    "webhook URLs must use https (got {other}:// to a non-loopback host)"
                )));
            }
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| AttemptError::permanent(format!("could not set up HTTPS: {}", e.without_url())))?;
        Ok(Self { url, client })
    }

    /// One signed POST of `body`.
    pub(crate) async fn post(&self, secret: &NotifierSecret, body: &str) -> Result<(), AttemptError> {
        let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let signature = notice_signature(secret.expose().as_bytes(), timestamp, body.as_bytes());
        let response = self
            .client
            .post(self.url.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(body.to_owned())
            .send()
            .await
            .map_err(|e| AttemptError::retry(format!("webhook request failed: {}", e.without_url())))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(AttemptError::retry(format!("webhook answered HTTP {}", status.as_u16())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_names_drop_credentials_and_query() {
        assert_eq!(
            redacted_url("https://u:p@hooks.example.com:8443/e911?token=abc"),
            "https://hooks.example.com:8443/e911"
        );
    }

    #[test]
    fn plain_http_only_to_loopback() {
        let secret = NotifierSecret::new("s");
        let timeout = Duration::from_secs(1);
        assert!(WebhookEndpoint::new("http://127.0.0.1:9/x", &secret, timeout).is_ok());
        assert!(WebhookEndpoint::new("http://[::1]:9/x", &secret, timeout).is_ok());
        let refused = WebhookEndpoint::new("http://hooks.example.com/x", &secret, timeout).err();
        assert!(refused.is_some_and(|e| e.permanent));
        let unsigned = WebhookEndpoint::new("https://hooks.example.com/x", &NotifierSecret::default(), timeout).err();
        assert!(unsigned.is_some_and(|e| e.permanent));
    }

    #[test]
    fn signature_is_hmac_over_timestamp_dot_body() {
        // RFC 4231-style check by recomputation with a different split of the same input.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"k").expect("key");
        mac.update(b"17.{}");
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert_eq!(notice_signature(b"k", 17, b"{}"), expected);
    }
}
