//! A recording relay on loopback between Locus and a real SIP server, posing as the account's outbound proxy:
//! every datagram (UDP) or every read (TCP) is passed on unchanged and noted with its direction and Locus's
//! address, so a test can see traffic the server itself does not log, such as keep-alives.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

/// Which way a piece of traffic went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From Locus towards the server.
    Up,
    /// From the server towards Locus.
    Down,
}

/// One datagram, or one read off a connection.
#[derive(Debug, Clone)]
pub struct Seen {
    pub direction: Direction,
    /// Locus's address (its socket, or its end of the connection).
    pub client: SocketAddr,
    pub bytes: Vec<u8>,
    /// When the relay received it.
    pub at: std::time::Instant,
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A running relay; its tasks stop with the test's runtime.
pub struct Relay {
    /// Where Locus should send (its outbound proxy).
    pub address: SocketAddr,
    seen: Log,
}

impl Relay {
    /// Relays UDP datagrams to `server`, and its answers back to whoever sent last.
    pub async fn udp(server: SocketAddr) -> Self {
        let front = Arc::new(UdpSocket::bind("127.0.0.1:0").await.expect("relay socket"));
        let back = Arc::new(UdpSocket::bind("127.0.0.1:0").await.expect("relay upstream socket"));
        let address = front.local_addr().expect("relay address");
        let seen = Log::default();
        let client = Arc::new(Mutex::new(None::<SocketAddr>));
        let (front_in, back_out, log, last) = (front.clone(), back.clone(), seen.clone(), client.clone());
        tokio::spawn(async move {
            let mut buffer = vec![0u8; 65_536];
            while let Ok((n, from)) = front_in.recv_from(&mut buffer).await {
                *last.lock().expect("client") = Some(from);
                note(&log, Direction::Up, from, &buffer[..n]);
                let _ = back_out.send_to(&buffer[..n], server).await;
            }
        });
        let log = seen.clone();
        tokio::spawn(async move {
            let mut buffer = vec![0u8; 65_536];
            while let Ok((n, _)) = back.recv_from(&mut buffer).await {
                let to = *client.lock().expect("client");
                if let Some(to) = to {
                    note(&log, Direction::Down, to, &buffer[..n]);
                    let _ = front.send_to(&buffer[..n], to).await;
                }
            }
        });
        Self { address, seen }
    }

    /// Relays each TCP connection to `server` over a connection of its own.
    pub async fn tcp(server: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("relay listener");
        let address = listener.local_addr().expect("relay address");
        let seen = Log::default();
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((client, from)) = listener.accept().await {
                let Ok(upstream) = TcpStream::connect(server).await else { continue };
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = upstream.into_split();
                tokio::spawn(pipe(client_read, server_write, log.clone(), Direction::Up, from));
                tokio::spawn(pipe(server_read, client_write, log.clone(), Direction::Down, from));
            }
        });
        Self { address, seen }
    }

    /// Everything relayed so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("relay log").clone()
    }

    /// The pieces that were exactly `bytes`, going `direction`.
    pub fn exactly(&self, direction: Direction, bytes: &[u8]) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.direction == direction && s.bytes == bytes).collect()
    }
}

async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    log: Log,
    direction: Direction,
    client: SocketAddr,
) {
    let mut buffer = vec![0u8; 65_536];
    while let Ok(n) = from.read(&mut buffer).await {
        if n == 0 || to.write_all(&buffer[..n]).await.is_err() {
            return;
        }
        note(&log, direction, client, &buffer[..n]);
    }
}

fn note(log: &Log, direction: Direction, client: SocketAddr, bytes: &[u8]) {
    let at = std::time::Instant::now();
    log.lock().expect("relay log").push(Seen { direction, client, bytes: bytes.to_vec(), at });
}
