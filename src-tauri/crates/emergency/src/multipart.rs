//! The `multipart/mixed` body of an INVITE that conveys location by value (RFC 6442): the SDP offer first, then
//! the PIDF-LO as `application/pidf+xml` with the `Content-ID` the `Geolocation: <cid:…>` header points at.
//! Lines end in CRLF; the boundary is derived from the Content-ID (so the body is reproducible) and lengthened
//! until it occurs in neither part.

/// A message body and the `Content-Type` header value that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBody {
    /// `application/sdp`, or `multipart/mixed;boundary=…`.
    pub content_type: String,
    /// The body, parts separated by the boundary.
    pub body: String,
}

/// The SDP and the PIDF-LO in one `multipart/mixed` body. `content_id` is bare (`loc-1@example.com`, without
/// angle brackets), as in the `Geolocation` header's `cid:` URI.
pub fn multipart_mixed(sdp: &str, pidf_lo: &str, content_id: &str) -> MessageBody {
    let boundary = boundary_for(content_id, &[sdp, pidf_lo]);
    let mut body = String::with_capacity(sdp.len() + pidf_lo.len() + 256);
    body.push_str(&format!("--{boundary}\r\nContent-Type: application/sdp\r\n\r\n"));
    body.push_str(sdp);
    body.push_str(&format!(
        "\r\n--{boundary}\r\nContent-Type: application/pidf+xml\r\nContent-ID: <{content_id}>\r\n\r\n"
    ));
    body.push_str(pidf_lo);
    body.push_str(&format!("\r\n--{boundary}--\r\n"));
    MessageBody { content_type: format!("multipart/mixed;boundary={boundary}"), body }
}

/// A boundary made of letters, digits and dashes that appears in none of `parts`.
fn boundary_for(content_id: &str, parts: &[&str]) -> String {
    let mut boundary = format!("locus-boundary-{:016x}", fnv1a(content_id.as_bytes()));
    while parts.iter().any(|part| part.contains(&boundary)) {
        boundary.push_str("-x");
    }
    boundary
}

/// FNV-1a, 64 bits: a stable, dependency-free fingerprint (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundary_is_stable_and_avoids_the_parts() {
        let first = boundary_for("loc-1@example.com", &["v=0\r\n"]);
        assert_eq!(first, boundary_for("loc-1@example.com", &["v=0\r\n"]));
        let hostile = format!("a={first}\r\n");
        let second = boundary_for("loc-1@example.com", &[hostile.as_str()]);
        assert!(!hostile.contains(&second) && second.starts_with(&first) && second != first);
    }

    #[test]
    fn the_content_type_names_the_boundary() {
        let body = multipart_mixed("v=0\r\n", "<presence/>", "loc-1@example.com");
        let boundary = body.content_type.strip_prefix("multipart/mixed;boundary=").expect("boundary parameter");
        assert!(body.body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.body.ends_with(&format!("\r\n--{boundary}--\r\n")));
    }
}
