//! A webhook receiver on 127.0.0.1 for Kari's Law tests: one thread, plain HTTP/1.1, every POST kept with its
//! path, headers, body and the wall-clock moment it arrived. Each path answers from its own list of status codes
//! (the last one repeats), so a test can make one receiver fail once and another succeed at once. The
//! signature check is the receiver's own HMAC-SHA256 over `"<X-Locus-Timestamp>.<body>"`, not Locus's code.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
    pub arrived: SystemTime,
}

impl Received {
    /// True when `X-Locus-Signature` is `sha256=` HMAC-SHA256(`secret`, `"<X-Locus-Timestamp>.<body>"`).
    pub fn signed_with(&self, secret: &str) -> bool {
        let timestamp = self.headers.get("x-locus-timestamp").cloned().unwrap_or_default();
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(format!("{timestamp}.{}", self.body).as_bytes());
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        !timestamp.is_empty() && self.headers.get("x-locus-signature") == Some(&expected)
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("the webhook body is JSON")
    }
}

/// A running receiver.
pub struct WebhookReceiver {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl WebhookReceiver {
    /// Starts answering: `statuses[path]` lists the status codes for successive requests to that path (the last
    /// repeats; 404 for a path not listed).
    pub fn start(statuses: &[(&str, &[u16])]) -> Self {
        Self::start_slow(statuses, Duration::ZERO)
    }

    /// Like `start`, but each answer waits `delay` first (a slow receiver; requests are served one at a time).
    pub fn start_slow(statuses: &[(&str, &[u16])], delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the webhook receiver");
        let port = listener.local_addr().expect("address").port();
        let plan: HashMap<String, Vec<u16>> = statuses.iter().map(|(p, s)| ((*p).to_owned(), s.to_vec())).collect();
        let received: Arc<Mutex<Vec<Received>>> = Arc::new(Mutex::new(Vec::new()));
        let list = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let Some(request) = read_request(&stream) else { continue };
                let status = {
                    let mut list = list.lock().expect("lock");
                    let earlier = list.iter().filter(|r| r.path == request.path).count();
                    list.push(request.clone());
                    plan.get(&request.path).map_or(404, |codes| codes[earlier.min(codes.len() - 1)])
                };
                std::thread::sleep(delay);
                answer(stream, status);
            }
        });
        Self { port, received }
    }

    /// The URL of `path` on this receiver.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// The requests to `path`.
    pub fn requests_to(&self, path: &str) -> Vec<Received> {
        self.requests().into_iter().filter(|r| r.path == path).collect()
    }
}

fn read_request(mut stream: &TcpStream) -> Option<Received> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).ok().filter(|n| *n > 0)?;
        data.extend_from_slice(&chunk[..n]);
    };
    let arrived = SystemTime::now();
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut chunk).ok().filter(|n| *n > 0)?;
        data.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&data[head_end..head_end + length]).into_owned();
    Some(Received { path, headers, body, arrived })
}

fn answer(mut stream: TcpStream, status: u16) {
    let reason = if status == 200 { "OK" } else { "Test Answer" };
    let reply = format!("HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.flush();
}
