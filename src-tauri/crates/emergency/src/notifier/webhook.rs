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

/// The URL as it may appear in outcomes, audit entries and logs: scheme, host, port and path only.
pub fn redacted_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(parsed) => {
            let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!("{}://{}{port}{}", parsed.scheme(), parsed.host_str().unwrap_or(""), parsed.path())
        }
        Err(_) => "<invalid webhook URL>".to_owned(),
    }
}

/// Why `url` cannot be a webhook (not a URL, no host, neither `https://` nor `http://` to a loopback address), or
/// `None` when it can. The managed policy is checked with this same rule.
pub fn webhook_url_problem(url: &str) -> Option<String> {
    checked_url(url).err()
}

fn checked_url(url: &str) -> Result<Url, String> {
    let url = Url::parse(url).map_err(|e| format!("invalid webhook URL: {e}"))?;
    let loopback = match url.host_str() {
        Some("") | None => return Err("the webhook URL has no host".to_owned()),
        Some("localhost") => true,
        Some(host) => host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()),
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        other => Err(format!("webhook URLs must use https (got {other}:// to a non-loopback host)")),
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
        let url = checked_url(url).map_err(AttemptError::permanent)?;
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
        assert_eq!(webhook_url_problem("https://hooks.example.com/e911"), None);
        assert_eq!(webhook_url_problem("http://localhost:8080/x"), None);
        assert!(webhook_url_problem("ftp://127.0.0.1/x").is_some_and(|p| p.contains("https")));
        assert!(webhook_url_problem("hooks.example.com/e911").is_some());
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
