//! The public egress IP over HTTPS: one GET of a configured URL that answers with the address as plain text
//! (`203.0.113.7`) or as a JSON object with an `ip` member (`{"ip": "203.0.113.7"}`). Only `https://` URLs —
//! plain `http://` is accepted for loopback hosts alone (tests, a local relay) — and redirects must stay within
//! that rule (at most three). Connects directly, like STUN (no system proxy, whose address is not ours), within
//! one total timeout, and reads at most 1 KiB of answer. Async (reqwest on the caller's tokio runtime).

use crate::NetprobeError;
use reqwest::{Url, redirect};
use std::net::IpAddr;
use std::time::Duration;

/// Longest answer read; an address in JSON needs far less.
const MAX_BODY: usize = 1024;
/// Redirects followed at most.
const MAX_REDIRECTS: usize = 3;

/// Checks that `url` may be used as the HTTPS public-IP endpoint; the problem, phrased for a settings field, if
/// not. For the configuration's validation; `https_public_ip` applies the same check.
pub fn check_https_endpoint(url: &str) -> Result<(), String> {
    endpoint(url).map(drop)
}

/// Asks `url` for our public address. Waits at most `timeout` in all (connect, TLS, answer). Needs a tokio runtime.
pub async fn https_public_ip(url: &str, timeout: Duration) -> Result<IpAddr, NetprobeError> {
    let fail = |reason: String| NetprobeError::PublicIp { endpoint: url.to_owned(), reason };
    let target = endpoint(url).map_err(fail)?;
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .no_proxy()
        .redirect(redirect::Policy::custom(|attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if let Err(reason) = allowed(attempt.url()) {
                let message = format!("redirected to {}: {reason}", attempt.url());
                attempt.error(message)
            } else {
                attempt.follow()
            }
        }))
        .user_agent(concat!("locus/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|err| fail(err.to_string()))?;
    let mut response = client
        .get(target)
        .header(reqwest::header::ACCEPT, "text/plain, application/json")
        .send()
        .await
        .map_err(|err| fail(describe(&err)))?;
    if !response.status().is_success() {
        return Err(fail(format!("the server answered {}", response.status())));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|err| fail(describe(&err)))? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BODY {
            return Err(fail(format!("the answer is longer than {MAX_BODY} bytes")));
        }
    }
    let text = String::from_utf8_lossy(&body);
    parse_ip_body(&text).ok_or_else(|| fail(format!("the answer holds no IP address: {:?}", text.trim())))
}

/// The address in an answer: the whole body as an address, or the `ip` member of a JSON object.
pub fn parse_ip_body(body: &str) -> Option<IpAddr> {
    let body = body.trim();
    if let Ok(ip) = body.parse() {
        return Some(ip);
    }
    let json: serde_json::Value = serde_json::from_str(body).ok()?;
    json.get("ip")?.as_str()?.trim().parse().ok()
}

/// `url` parsed, if it is an allowed endpoint.
fn endpoint(url: &str) -> Result<Url, String> {
    let parsed = Url::parse(url.trim()).map_err(|err| format!("must be an https:// URL ({err}), not \"{url}\""))?;
    allowed(&parsed).map(|()| parsed)
}

/// HTTPS anywhere; HTTP only to this machine.
fn allowed(url: &Url) -> Result<(), String> {
    let Some(host) = url.host_str() else { return Err(format!("must name a host, not \"{url}\"")) };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(format!("must be an https:// URL (http:// only on this machine), not \"{url}\"")),
    }
}

/// A reqwest error with its cause chain (reqwest's own message is often just "error sending request").
fn describe(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        return "no answer in time".to_owned();
    }
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::mpsc;

    /// A one-shot HTTP server on loopback that answers `status` with `body`; its URL and the request line it got.
    fn fake_server(status: &'static str, headers: &'static str, body: String) -> (String, mpsc::Receiver<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/ip", listener.local_addr().expect("addr"));
        let (tx, requests) = mpsc::channel();
        std::thread::spawn(move || {
            let Ok((mut stream, _)) = listener.accept() else { return };
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                request.push(byte[0]);
            }
            let text = String::from_utf8_lossy(&request).into_owned();
            let _ = tx.send(text.lines().next().unwrap_or_default().to_owned());
            let reply = format!(
                "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        });
        (url, requests)
    }

    #[tokio::test]
    async fn a_plain_text_answer_is_the_address() {
        let (url, requests) = fake_server("200 OK", "Content-Type: text/plain\r\n", "203.0.113.7\n".into());
        let ip = https_public_ip(&url, Duration::from_secs(2)).await.expect("lookup");
        assert_eq!(ip, "203.0.113.7".parse::<IpAddr>().expect("ip"));
        assert_eq!(requests.recv().expect("request"), "GET /ip HTTP/1.1");
    }

    #[tokio::test]
    async fn a_json_answer_gives_its_ip_member() {
        let body = r#"{"ip": "2001:db8::7", "country": "US"}"#.to_owned();
        let (url, _requests) = fake_server("200 OK", "Content-Type: application/json\r\n", body);
        let ip = https_public_ip(&url, Duration::from_secs(2)).await.expect("lookup");
        assert_eq!(ip, "2001:db8::7".parse::<IpAddr>().expect("ip"));
    }

    #[tokio::test]
    async fn an_error_status_is_an_error() {
        let (url, _requests) = fake_server("503 Service Unavailable", "", "203.0.113.7".into());
        let err = https_public_ip(&url, Duration::from_secs(2)).await.expect_err("must fail");
        assert!(err.to_string().contains("503"), "{err}");
    }

    #[tokio::test]
    async fn an_answer_without_an_address_is_an_error() {
        let (url, _requests) = fake_server("200 OK", "", "<html>hello</html>".into());
        let err = https_public_ip(&url, Duration::from_secs(2)).await.expect_err("must fail");
        assert!(err.to_string().contains("no IP address"), "{err}");
    }

    #[tokio::test]
    async fn a_long_answer_is_refused() {
        let (url, _requests) = fake_server("200 OK", "", "9".repeat(MAX_BODY + 1));
        let err = https_public_ip(&url, Duration::from_secs(2)).await.expect_err("must fail");
        assert!(err.to_string().contains("longer than"), "{err}");
    }

    #[tokio::test]
    async fn a_redirect_to_plain_http_elsewhere_is_not_followed() {
        let (url, _requests) = fake_server("302 Found", "Location: http://198.51.100.1/ip\r\n", String::new());
        let started = std::time::Instant::now();
        let err = https_public_ip(&url, Duration::from_secs(5)).await.expect_err("must fail");
        assert!(err.to_string().contains("redirected to http://198.51.100.1/ip"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(2), "nothing was sent to the redirect target");
    }

    #[tokio::test]
    async fn a_silent_server_times_out_instead_of_blocking() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/ip", listener.local_addr().expect("addr"));
        let started = std::time::Instant::now();
        let err = https_public_ip(&url, Duration::from_millis(300)).await.expect_err("must fail");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(err.to_string().contains("no answer in time"), "{err}");
        drop(listener);
    }

    #[tokio::test]
    async fn plain_http_to_another_host_is_refused_before_any_traffic() {
        let err = https_public_ip("http://198.51.100.1/ip", Duration::from_secs(5)).await.expect_err("must fail");
        assert!(err.to_string().contains("must be an https:// URL"), "{err}");
    }

    #[test]
    fn endpoints_must_be_https_or_loopback_http() {
        assert_eq!(check_https_endpoint("https://ip.example.com/"), Ok(()));
        assert_eq!(check_https_endpoint("http://127.0.0.1:8080/ip"), Ok(()));
        assert_eq!(check_https_endpoint("http://[::1]/ip"), Ok(()));
        assert_eq!(check_https_endpoint("http://localhost/ip"), Ok(()));
        for bad in ["http://ip.example.com/", "ftp://ip.example.com/", "ip.example.com", "https://", ""] {
            assert!(check_https_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bodies_are_read_as_text_or_json() {
        assert_eq!(parse_ip_body(" 198.51.100.4\r\n"), Some("198.51.100.4".parse().expect("ip")));
        assert_eq!(parse_ip_body(r#"{"ip":"198.51.100.4"}"#), Some("198.51.100.4".parse().expect("ip")));
        assert_eq!(parse_ip_body(r#"{"address":"198.51.100.4"}"#), None);
        assert_eq!(parse_ip_body(r#"{"ip":4}"#), None);
        assert_eq!(parse_ip_body("198.51.100.4, 10.0.0.1"), None);
        assert_eq!(parse_ip_body(""), None);
    }
}
