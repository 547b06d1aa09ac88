//! An SMTP relay on 127.0.0.1 for the email tests: EHLO/HELO, STARTTLS (with the test CA's certificate, and
//! only when told to offer it), AUTH PLAIN and LOGIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. It records
//! every login and every message together with whether the session was under TLS at that moment.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use super::tls::test_pki;

/// One login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub user: String,
    pub password: String,
    pub secure: bool,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub rcpt: Vec<String>,
    pub data: String,
    pub secure: bool,
}

#[derive(Debug, Default)]
pub struct Recorded {
    pub logins: Vec<Login>,
    pub mails: Vec<Mail>,
    /// MAIL FROM commands seen, accepted or not.
    pub mail_commands: usize,
}

pub struct SmtpServer {
    pub port: u16,
    pub ca_pem: String,
    pub recorded: Arc<Mutex<Recorded>>,
}

impl SmtpServer {
    /// Starts the relay; `offer_starttls` decides whether EHLO advertises STARTTLS.
    pub async fn start(offer_starttls: bool) -> Self {
        let pki = test_pki();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let recorded = Arc::new(Mutex::new(Recorded::default()));
        let (shared, acceptor) = (Arc::clone(&recorded), pki.acceptor);
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else { continue };
                let (shared, acceptor) = (Arc::clone(&shared), acceptor.clone());
                tokio::spawn(async move { session(socket, offer_starttls, acceptor, &shared).await });
            }
        });
        Self { port, ca_pem: pki.ca_pem, recorded }
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.recorded.lock().expect("lock").mails.clone()
    }

    pub fn logins(&self) -> Vec<Login> {
        self.recorded.lock().expect("lock").logins.clone()
    }

    pub fn mail_commands(&self) -> usize {
        self.recorded.lock().expect("lock").mail_commands
    }
}

enum Next {
    StartTls,
    Done,
}

async fn session(socket: tokio::net::TcpStream, offer: bool, acceptor: TlsAcceptor, recorded: &Mutex<Recorded>) {
    let mut plain = BufReader::new(socket);
    if plain.get_mut().write_all(b"220 relay.test ESMTP ready\r\n").await.is_err() {
        return;
    }
    if let Next::StartTls = commands(&mut plain, offer, false, recorded).await {
        let Ok(tls) = acceptor.accept(plain.into_inner()).await else { return };
        let mut secure = BufReader::new(tls);
        commands(&mut secure, false, true, recorded).await;
    }
}

async fn reply<S: AsyncRead + AsyncWrite + Unpin>(stream: &mut BufReader<S>, text: &str) -> bool {
    stream.get_mut().write_all(text.as_bytes()).await.is_ok() && stream.get_mut().flush().await.is_ok()
}

async fn line<S: AsyncRead + Unpin>(stream: &mut BufReader<S>) -> Option<String> {
    let mut text = String::new();
    match stream.read_line(&mut text).await {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(text.trim_end_matches(['\r', '\n']).to_owned()),
    }
}

async fn commands<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    offer_starttls: bool,
    secure: bool,
    recorded: &Mutex<Recorded>,
) -> Next {
    let (mut from, mut rcpt) = (String::new(), Vec::new());
    while let Some(command) = line(stream).await {
        let upper = command.to_ascii_uppercase();
        let ok = if upper.starts_with("EHLO") {
            let starttls = if offer_starttls { "250-STARTTLS\r\n" } else { "" };
            reply(stream, &format!("250-relay.test\r\n{starttls}250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")).await
        } else if upper.starts_with("HELO") || upper == "NOOP" || upper == "RSET" {
            reply(stream, "250 OK\r\n").await
        } else if upper == "STARTTLS" && offer_starttls {
            return if reply(stream, "220 go ahead\r\n").await { Next::StartTls } else { Next::Done };
        } else if upper.starts_with("AUTH PLAIN") {
            let encoded = match command.split_whitespace().nth(2) {
                Some(inline) => Some(inline.to_owned()),
                None => {
                    if !reply(stream, "334 \r\n").await {
                        return Next::Done;
                    }
                    line(stream).await
                }
            };
            let decoded = encoded.as_deref().and_then(decode_base64).unwrap_or_default();
            let mut parts = decoded.split(|b| *b == 0).map(|p| String::from_utf8_lossy(p).into_owned());
            let (_authzid, user, password) = (parts.next(), parts.next(), parts.next());
            let login = Login { user: user.unwrap_or_default(), password: password.unwrap_or_default(), secure };
            recorded.lock().expect("lock").logins.push(login);
            reply(stream, "235 2.7.0 Authentication successful\r\n").await
        } else if upper.starts_with("AUTH LOGIN") {
            let user = ask(stream, "334 VXNlcm5hbWU6\r\n").await;
            let password = ask(stream, "334 UGFzc3dvcmQ6\r\n").await;
            let (Some(user), Some(password)) = (user, password) else { return Next::Done };
            recorded.lock().expect("lock").logins.push(Login { user, password, secure });
            reply(stream, "235 2.7.0 Authentication successful\r\n").await
        } else if upper.starts_with("MAIL FROM:") {
            recorded.lock().expect("lock").mail_commands += 1;
            from = command[10..].trim().to_owned();
            reply(stream, "250 OK\r\n").await
        } else if upper.starts_with("RCPT TO:") {
            rcpt.push(command[8..].trim().to_owned());
            reply(stream, "250 OK\r\n").await
        } else if upper == "DATA" {
            if !reply(stream, "354 end with <CRLF>.<CRLF>\r\n").await {
                return Next::Done;
            }
            let mut data = String::new();
            while let Some(text) = line(stream).await {
                if text == "." {
                    break;
                }
                data.push_str(text.strip_prefix('.').unwrap_or(&text));
                data.push_str("\r\n");
            }
            let mail = Mail { from: from.clone(), rcpt: std::mem::take(&mut rcpt), data, secure };
            recorded.lock().expect("lock").mails.push(mail);
            reply(stream, "250 OK queued\r\n").await
        } else if upper == "QUIT" {
            let _ = reply(stream, "221 bye\r\n").await;
            return Next::Done;
        } else {
            reply(stream, "502 command not implemented\r\n").await
        };
        if !ok {
            break;
        }
    }
    Next::Done
}

async fn ask<S: AsyncRead + AsyncWrite + Unpin>(stream: &mut BufReader<S>, prompt: &str) -> Option<String> {
    if !reply(stream, prompt).await {
        return None;
    }
    let answer = line(stream).await?;
    decode_base64(&answer).map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Standard base64 (with padding), enough for SMTP AUTH.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.trim().bytes().filter(|c| *c != b'=') {
        buffer = (buffer << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}
