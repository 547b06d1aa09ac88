//! A small real HTTPS server for map delivery tests: a CA and a server certificate for 127.0.0.1 generated at
//! test time, rustls on loopback, and per-path behaviour (serve with an ETag, fail with a status, never answer,
//! answer slowly), recording each request so tests can check what the client sent.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

/// How the server answers one path.
#[derive(Debug, Clone)]
pub(crate) enum Route {
    /// 200 with the body and, if given, an ETag (304 when the client sends that ETag).
    Body { body: Vec<u8>, etag: Option<String> },
    /// This status with a short text body.
    Status(u16),
    /// Accept the connection and never answer.
    Hang,
    /// Send the headers at once, then the body 64 bytes at a time with this pause between pieces.
    Slow { body: Vec<u8>, pause: Duration },
}

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seen {
    pub(crate) path: String,
    pub(crate) if_none_match: Option<String>,
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Route>,
    seen: Vec<Seen>,
}

/// The running server.
pub(crate) struct TestServer {
    pub(crate) port: u16,
    pub(crate) ca_pem: String,
    state: Arc<Mutex<State>>,
}

impl TestServer {
    /// Starts on 127.0.0.1 with a fresh CA; the thread lives as long as the test process.
    pub(crate) fn start() -> Self {
        let ca_key = rcgen::KeyPair::generate().expect("CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Locus test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA");
        let server_key = rcgen::KeyPair::generate().expect("server key");
        let server_params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).expect("params");
        let server_cert = server_params.signed_by(&server_key, &ca).expect("server cert");
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![server_cert.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
            )
            .expect("server config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("rt");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let Ok((socket, _)) = listener.accept().await else { continue };
                    let (acceptor, state) = (acceptor.clone(), Arc::clone(&shared));
                    tokio::spawn(async move {
                        if let Ok(stream) = acceptor.accept(socket).await {
                            let _ = serve(stream, state).await;
                        }
                    });
                }
            });
        });
        Self { port, ca_pem: ca.pem(), state }
    }

    /// `https://127.0.0.1:PORT/path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    /// Sets how `path` is answered.
    pub(crate) fn route(&self, path: &str, route: Route) {
        self.state.lock().expect("state").routes.insert(path.to_owned(), route);
    }

    /// Every request so far.
    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("state").seen.clone()
    }

    /// Writes the CA certificate to `path` (for the policy's `ca_file`).
    pub(crate) fn write_ca(&self, path: &Path) {
        std::fs::write(path, &self.ca_pem).expect("write CA");
    }
}

async fn serve(
    mut stream: tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
    state: Arc<Mutex<State>>,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte).await? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let if_none_match = head.lines().find_map(|l| {
        l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("if-none-match")).map(|(_, v)| v.trim().to_owned())
    });
    let route = {
        let mut state = state.lock().expect("state");
        state.seen.push(Seen { path: path.clone(), if_none_match: if_none_match.clone() });
        state.routes.get(&path).cloned().unwrap_or(Route::Status(404))
    };
    match route {
        Route::Body { body, etag } => {
            if etag.is_some() && etag == if_none_match {
                stream.write_all(b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n").await?;
            } else {
                let etag_header = etag.map(|e| format!("ETag: {e}\r\n")).unwrap_or_default();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n{etag_header}Connection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
            }
        }
        Route::Status(code) => {
            let text = format!("status {code}");
            let head = format!("HTTP/1.1 {code} Test\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", text.len());
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(text.as_bytes()).await?;
        }
        Route::Hang => tokio::time::sleep(Duration::from_secs(3600)).await,
        Route::Slow { body, pause } => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            stream.write_all(head.as_bytes()).await?;
            for piece in body.chunks(64) {
                stream.write_all(piece).await?;
                stream.flush().await?;
                tokio::time::sleep(pause).await;
            }
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}
