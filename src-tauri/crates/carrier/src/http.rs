//! The HTTP plumbing both carriers share: one reqwest client (rustls, OS trust store, a whole-request timeout),
//! the rule that credentials only travel over HTTPS (plain HTTP only to this computer, for tests and local
//! sandboxes), bounded body reads, and the translation of transport failures into [`CarrierError`]s whose
//! messages never carry the request URL (the VoIP.ms password is in its query string).

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Client, Response, Url};

use crate::CarrierError;

/// The largest answer we read from a carrier; E911 answers are a few kilobytes.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A client with `timeout` for each whole request (connect, send, answer).
pub(crate) fn client(timeout: Duration) -> Result<Client, CarrierError> {
    Client::builder()
        .use_rustls_tls()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("Locus/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| CarrierError::InvalidSettings(format!("could not set up HTTPS: {}", chain(&e.without_url()))))
}

/// `text` as a URL we may send credentials to: HTTPS anywhere, plain HTTP only to a loopback address.
pub(crate) fn credential_url(text: &str, what: &str) -> Result<Url, CarrierError> {
    let url = Url::parse(text.trim())
        .map_err(|e| CarrierError::InvalidSettings(format!("{what} \"{}\" is not a URL: {e}", text.trim())))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(CarrierError::InvalidSettings(format!(
            "{what} must use https:// (plain http:// is only allowed to this computer, e.g. a local sandbox)"
        ))),
        other => Err(CarrierError::InvalidSettings(format!("{what} must use https://, not {other}://"))),
    }
}

/// Checks that `text` is a URL carrier credentials may be sent to (HTTPS, or plain HTTP to this computer), for
/// settings forms; the error says why not, naming the setting as `what`.
pub fn check_credential_url(text: &str, what: &str) -> Result<(), CarrierError> {
    credential_url(text, what).map(|_| ())
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    host.eq_ignore_ascii_case("localhost")
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A transport failure as a carrier error, without the URL.
pub(crate) fn transport_error(err: reqwest::Error, timeout: Duration) -> CarrierError {
    let err = err.without_url();
    if err.is_timeout() { CarrierError::Timeout { timeout } } else { CarrierError::Unreachable(chain(&err)) }
}

/// The status, headers and body of `response`, reading at most [`MAX_BODY_BYTES`].
pub(crate) async fn read(mut response: Response, timeout: Duration) -> Result<(u16, HeaderMap, Vec<u8>), CarrierError> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(e, timeout))? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(CarrierError::BadResponse(format!("the answer is larger than {MAX_BODY_BYTES} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, headers, body))
}

/// The `Retry-After` of a 429 answer, when given in seconds.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_secs(seconds))
}

/// The first bytes of a body, for an error message about an answer we could not read.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// An error and its causes on one line, each cause once (TLS and DNS failures hide the useful part in a source).
fn chain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in std::iter::successors(Some(err), |e| e.source()) {
        let text = cause.to_string();
        if !parts.iter().any(|seen| seen.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_over_https_or_to_this_computer_only() {
        assert!(credential_url("https://voip.ms/api/v1/rest.php", "base URL").is_ok());
        assert!(credential_url("http://127.0.0.1:8080/rest.php", "base URL").is_ok());
        assert!(credential_url("http://localhost/rest.php", "base URL").is_ok());
        assert!(credential_url("http://[::1]:9/rest.php", "base URL").is_ok());
        for refused in ["http://voip.ms/api/v1/rest.php", "ftp://127.0.0.1/x", "not a url"] {
            let err = credential_url(refused, "base URL").expect_err(refused);
            assert_eq!(err.code(), "invalid_settings", "{refused}");
        }
    }

    #[test]
    fn an_excerpt_is_short() {
        assert_eq!(excerpt(b"  <html>oops</html> "), "<html>oops</html>");
        assert!(excerpt("x".repeat(500).as_bytes()).chars().count() <= 121);
    }
}
