//! A real HTTP/1.1 server on 127.0.0.1 for contract tests: tokio's TcpListener and a hand-written parser, one
//! request per connection (`Connection: close`). It records every request and answers what a handler says,
//! including never answering at all (to test timeouts). Loopback only; nothing leaves the machine.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) path: String,
    /// The query string exactly as sent (without `?`).
    pub(crate) raw_query: String,
    /// The decoded query parameters.
    pub(crate) query: BTreeMap<String, String>,
    /// Header names in lower case.
    pub(crate) headers: BTreeMap<String, String>,
    pub(crate) body: Vec<u8>,
}

impl Request {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// A status, extra headers and a body.
    Full { status: u16, headers: Vec<(String, String)>, content_type: &'static str, body: String },
    /// Read the request, then never answer.
    Hang,
}

impl Reply {
    /// 200 with a JSON body.
    pub(crate) fn json(body: serde_json::Value) -> Self {
        Self::status_json(200, body)
    }

    /// `status` with a JSON body.
    pub(crate) fn status_json(status: u16, body: serde_json::Value) -> Self {
        Reply::Full { status, headers: Vec::new(), content_type: "application/json", body: body.to_string() }
    }

    /// `status` with a plain-text body.
    pub(crate) fn text(status: u16, body: &str) -> Self {
        Reply::Full { status, headers: Vec::new(), content_type: "text/plain", body: body.to_owned() }
    }

    /// The same reply with one more header.
    pub(crate) fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// The running server.
pub(crate) struct TestServer {
    pub(crate) port: u16,
    received: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    /// Starts a server on 127.0.0.1 (any free port) answering with `handler`.
    pub(crate) async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let port = listener.local_addr().expect("address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let log = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (handler, log) = (handler.clone(), log.clone());
                tokio::spawn(async move { serve(stream, handler, log).await });
            }
        });
        Self { port, received }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every request so far, in order.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.received.lock().expect("log").clone()
    }
}

async fn serve(mut stream: TcpStream, handler: Handler, log: Arc<Mutex<Vec<Request>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    log.lock().expect("log").push(request.clone());
    match handler(&request) {
        Reply::Hang => {
            // Keep the connection open and silent for longer than any client timeout in these tests.
            tokio::time::sleep(Duration::from_secs(120)).await;
        }
        Reply::Full { status, headers, content_type, body } => {
            let mut head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
                reason(status),
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 || buffer.len() > 64 * 1024 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[header_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    let (path, raw_query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (target.clone(), String::new()),
    };
    let parsed = reqwest::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    let query = parsed.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    Some(Request { method, path, raw_query, query, headers, body })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}
