//! The public egress IP, learned with one STUN Binding request (RFC 5389) to a configured server, or with one
//! HTTPS GET of a configured URL (`https`). Off unless the administrator configures an endpoint; it never blocks
//! anything else (callers run it in the background with a short timeout). The matcher uses it only to decide
//! whether subnet and SSID rules may count (S2).

mod https;

pub use https::{check_https_endpoint, https_public_ip, parse_ip_body};

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::Duration;

const BINDING_REQUEST: u16 = 0x0001;
const BINDING_SUCCESS: u16 = 0x0101;
const MAGIC_COOKIE: u32 = 0x2112_a442;
const MAPPED_ADDRESS: u16 = 0x0001;
const XOR_MAPPED_ADDRESS: u16 = 0x0020;

/// Asks `server` (`host:port`) for our public address. Waits at most `timeout`.
pub fn stun_public_ip(server: &str, timeout: Duration) -> std::io::Result<IpAddr> {
    let target: SocketAddr = server
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("{server} has no address")))?;
    let bind: SocketAddr = if target.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { (Ipv6Addr::UNSPECIFIED, 0).into() };
    let socket = UdpSocket::bind(bind)?;
    socket.set_read_timeout(Some(timeout))?;
    let transaction = transaction_id();
    socket.send_to(&binding_request(&transaction), target)?;
    let mut buf = [0u8; 512];
    let (len, _) = socket.recv_from(&mut buf)?;
    parse_binding_response(&buf[..len], &transaction)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "not a STUN Binding success response"))
}

fn transaction_id() -> [u8; 12] {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    let mut id = [0u8; 12];
    id.copy_from_slice(&(nanos ^ u128::from(std::process::id()) << 64).to_be_bytes()[4..]);
    id
}

/// A Binding request with no attributes.
pub fn binding_request(transaction: &[u8; 12]) -> Vec<u8> {
    let mut message = Vec::with_capacity(20);
    message.extend_from_slice(&BINDING_REQUEST.to_be_bytes());
    message.extend_from_slice(&0u16.to_be_bytes());
    message.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
    message.extend_from_slice(transaction);
    message
}

/// The mapped address in a Binding success response for `transaction` (XOR-MAPPED-ADDRESS preferred).
pub fn parse_binding_response(message: &[u8], transaction: &[u8; 12]) -> Option<IpAddr> {
    if message.len() < 20
        || u16::from_be_bytes([message[0], message[1]]) != BINDING_SUCCESS
        || u32::from_be_bytes([message[4], message[5], message[6], message[7]]) != MAGIC_COOKIE
        || &message[8..20] != transaction
    {
        return None;
    }
    let length = usize::from(u16::from_be_bytes([message[2], message[3]]));
    let body = message.get(20..20 + length)?;
    let (mut offset, mut plain) = (0, None);
    while offset + 4 <= body.len() {
        let kind = u16::from_be_bytes([body[offset], body[offset + 1]]);
        let len = usize::from(u16::from_be_bytes([body[offset + 2], body[offset + 3]]));
        let value = body.get(offset + 4..offset + 4 + len)?;
        match kind {
            XOR_MAPPED_ADDRESS => return address(value, true, transaction),
            MAPPED_ADDRESS => plain = address(value, false, transaction),
            _ => {}
        }
        offset += 4 + len.div_ceil(4) * 4;
    }
    plain
}

fn address(value: &[u8], xor: bool, transaction: &[u8; 12]) -> Option<IpAddr> {
    let family = *value.get(1)?;
    let mut key = MAGIC_COOKIE.to_be_bytes().to_vec();
    key.extend_from_slice(transaction);
    let unmask = |bytes: &[u8]| -> Vec<u8> {
        bytes.iter().enumerate().map(|(i, b)| if xor { b ^ key[i] } else { *b }).collect()
    };
    match family {
        0x01 => {
            let b = unmask(value.get(4..8)?);
            Some(IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])))
        }
        0x02 => {
            let b: [u8; 16] = unmask(value.get(4..20)?).try_into().ok()?;
            Some(IpAddr::V6(Ipv6Addr::from(b)))
        }
        _ => None,
    }
}

/// Builds a Binding success response carrying `mapped` as XOR-MAPPED-ADDRESS (used by tests' STUN servers).
pub fn binding_success(transaction: &[u8; 12], mapped: SocketAddr) -> Vec<u8> {
    let mut key = MAGIC_COOKIE.to_be_bytes().to_vec();
    key.extend_from_slice(transaction);
    let port = mapped.port() ^ (MAGIC_COOKIE >> 16) as u16;
    let (family, ip): (u8, Vec<u8>) = match mapped.ip() {
        IpAddr::V4(ip) => (1, ip.octets().to_vec()),
        IpAddr::V6(ip) => (2, ip.octets().to_vec()),
    };
    let ip: Vec<u8> = ip.iter().enumerate().map(|(i, b)| b ^ key[i]).collect();
    let mut value = vec![0, family];
    value.extend_from_slice(&port.to_be_bytes());
    value.extend_from_slice(&ip);
    let mut message = Vec::new();
    message.extend_from_slice(&BINDING_SUCCESS.to_be_bytes());
    message.extend_from_slice(&((4 + value.len()) as u16).to_be_bytes());
    message.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
    message.extend_from_slice(transaction);
    message.extend_from_slice(&XOR_MAPPED_ADDRESS.to_be_bytes());
    message.extend_from_slice(&(value.len() as u16).to_be_bytes());
    message.extend_from_slice(&value);
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-shot STUN server on loopback that answers with `claimed` as the mapped address.
    fn fake_stun_server(claimed: IpAddr) -> String {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
        let addr = socket.local_addr().expect("addr");
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            if let Ok((len, from)) = socket.recv_from(&mut buf)
                && len >= 20
            {
                let transaction: [u8; 12] = buf[8..20].try_into().expect("id");
                let _ = socket.send_to(&binding_success(&transaction, SocketAddr::new(claimed, from.port())), from);
            }
        });
        addr.to_string()
    }

    #[test]
    fn the_mapped_address_comes_back_from_a_real_udp_exchange() {
        let server = fake_stun_server("203.0.113.10".parse().expect("ip"));
        let ip = stun_public_ip(&server, Duration::from_secs(2)).expect("stun");
        assert_eq!(ip, "203.0.113.10".parse::<IpAddr>().expect("ip"));
    }

    #[test]
    fn ipv6_mapped_addresses_round_trip() {
        let id = [7u8; 12];
        let response = binding_success(&id, "[2001:db8::5]:4242".parse().expect("addr"));
        assert_eq!(parse_binding_response(&response, &id), Some("2001:db8::5".parse().expect("ip")));
    }

    #[test]
    fn a_response_for_another_transaction_is_ignored() {
        let response = binding_success(&[1; 12], "203.0.113.10:1".parse().expect("addr"));
        assert_eq!(parse_binding_response(&response, &[2; 12]), None);
    }

    #[test]
    fn no_answer_times_out_instead_of_blocking() {
        let silent = UdpSocket::bind("127.0.0.1:0").expect("bind");
        let started = std::time::Instant::now();
        let result = stun_public_ip(&silent.local_addr().expect("addr").to_string(), Duration::from_millis(200));
        assert!(result.is_err());
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
