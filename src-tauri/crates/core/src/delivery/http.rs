//! Fetching a map and its `.minisig` over HTTPS with the real client (reqwest + rustls, the OS trust store plus
//! an optional private CA). Conditional requests with `If-None-Match`; a size limit enforced while reading; one
//! timeout covering the whole exchange, body included, so a slow server cannot hold the check forever.

use std::path::Path;
use std::time::Duration;

/// What a fetch brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the map has not changed since the ETag we sent.
    NotModified,
    /// A map and its signature.
    Map {
        /// The map bytes.
        body: Vec<u8>,
        /// The `.minisig` text.
        signature: String,
        /// The map's ETag, to send next time.
        etag: Option<String>,
    },
}

/// An HTTPS client for one map URL.
#[derive(Debug, Clone)]
pub struct MapFetcher {
    client: reqwest::Client,
    max_bytes: u64,
    timeout: Duration,
}

impl MapFetcher {
    /// A client trusting the OS store and, if given, the PEM CA in `ca_file`.
    pub fn new(ca_file: Option<&Path>, timeout: Duration, max_bytes: u64) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(true)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("Locus/", env!("CARGO_PKG_VERSION")));
        if let Some(ca_file) = ca_file {
            let pem =
                std::fs::read(ca_file).map_err(|e| format!("could not read CA file {}: {e}", ca_file.display()))?;
            let certificate = reqwest::Certificate::from_pem(&pem)
                .map_err(|e| format!("CA file {} is not a PEM certificate: {e}", ca_file.display()))?;
            builder = builder.add_root_certificate(certificate);
        }
        let client = builder.build().map_err(|e| format!("could not set up HTTPS: {}", chain(&e)))?;
        Ok(Self { client, max_bytes, timeout })
    }

    /// Fetches `url` (sending `etag` as `If-None-Match`) and then `url.minisig`.
    pub async fn fetch(&self, url: &str, etag: Option<&str>) -> Result<Fetched, String> {
        let mut request = self.client.get(url);
        if let Some(etag) = etag {
            request = request.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        let response = request.send().await.map_err(|e| self.describe(url, &e))?;
        if response.status() == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        let etag = response.headers().get(reqwest::header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = self.read_body(url, response).await?;
        let signature_url = format!("{url}.minisig");
        let response = self.client.get(&signature_url).send().await.map_err(|e| self.describe(&signature_url, &e))?;
        let signature = self.read_body(&signature_url, response).await?;
        let signature = String::from_utf8(signature).map_err(|_| format!("{signature_url} is not a text signature"))?;
        Ok(Fetched::Map { body, signature, etag })
    }

    async fn read_body(&self, url: &str, mut response: reqwest::Response) -> Result<Vec<u8>, String> {
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP {status} from {url}"));
        }
        let too_large =
            |size: u64| format!("{url} is {size} bytes or more, over the limit of {} bytes", self.max_bytes);
        if let Some(length) = response.content_length().filter(|l| *l > self.max_bytes) {
            return Err(too_large(length));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.describe(url, &e))? {
            if (body.len() + chunk.len()) as u64 > self.max_bytes {
                return Err(too_large((body.len() + chunk.len()) as u64));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn describe(&self, url: &str, err: &reqwest::Error) -> String {
        if err.is_timeout() {
            format!("{url} did not answer in full within {} s (server slow or unreachable)", self.timeout.as_secs())
        } else if err.is_connect() {
            format!("could not connect to {url}: {}", chain(err))
        } else {
            format!("{url}: {}", chain(err))
        }
    }
}

/// An error and its causes on one line (TLS failures hide the useful part in a source).
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
