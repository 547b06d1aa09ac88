//! A webhook receiver on 127.0.0.1: reads each HTTP/1.1 POST, checks `X-Locus-Signature` with its own
//! HMAC-SHA256 over `"<X-Locus-Timestamp>.<body>"`, and answers 500 to the first `fail_first` requests, 401 to a
//! bad signature, 200 otherwise — or never answers at all when told to hang.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the receiver behaves.
#[derive(Debug, Clone, Copy, Default)]
pub struct Behaviour {
    /// Answer 500 to this many requests first.
    pub fail_first: usize,
    /// Answer 500 to every request.
    pub always_fail: bool,
    /// Read the request and never answer.
    pub hang: bool,
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
    pub signature_ok: bool,
}

pub struct WebhookServer {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl WebhookServer {
    pub async fn start(secret: &str, behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://127.0.0.1:{}/hooks/e911", listener.local_addr().expect("addr").port());
        let received = Arc::new(Mutex::new(Vec::new()));
        let (list, secret) = (Arc::clone(&received), secret.to_owned());
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else { continue };
                let (list, secret) = (Arc::clone(&list), secret.clone());
                tokio::spawn(async move { serve(socket, &secret, behaviour, &list).await });
            }
        });
        Self { url, received }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }
}

async fn serve(mut socket: TcpStream, secret: &str, behaviour: Behaviour, list: &Mutex<Vec<Received>>) {
    let Some(request) = read_request(&mut socket, secret).await else { return };
    let signature_ok = request.signature_ok;
    let earlier = {
        let mut list = list.lock().expect("lock");
        list.push(request);
        list.len() - 1
    };
    if behaviour.hang {
        std::future::pending::<()>().await;
    }
    let status = if behaviour.always_fail || earlier < behaviour.fail_first {
        "500 Internal Server Error"
    } else if !signature_ok {
        "401 Unauthorized"
    } else {
        "200 OK"
    };
    let answer = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = socket.write_all(answer.as_bytes()).await;
    let _ = socket.shutdown().await;
}

async fn read_request(socket: &mut TcpStream, secret: &str) -> Option<Received> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while data.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&data[head_end..head_end + length]).into_owned();
    let timestamp = headers.get("x-locus-timestamp").cloned().unwrap_or_default();
    let signature = headers.get("x-locus-signature").cloned().unwrap_or_default();
    let signature_ok = signature == expected_signature(secret, &timestamp, &body);
    Some(Received { path, headers, body, signature_ok })
}

/// The receiver's own computation of the signature.
pub fn expected_signature(secret: &str, timestamp: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}
