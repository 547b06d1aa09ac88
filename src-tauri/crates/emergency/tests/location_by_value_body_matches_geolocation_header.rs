//! RFC 6442 conveyance: with location by value the INVITE carries `Geolocation: <cid:…>` and
//! `Geolocation-Routing: yes`, and its multipart/mixed body holds the SDP and the PIDF-LO part whose Content-ID
//! is the one the header names.

mod common;

use common::*;
use locus_emergency::multipart_mixed;

const SDP: &str =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

/// The parts between the boundaries, each split into its header lines and its content.
fn split_parts(body: &str, boundary: &str) -> Vec<(Vec<String>, String)> {
    let closing = format!("\r\n--{boundary}--\r\n");
    let inner = body
        .strip_prefix(&format!("--{boundary}\r\n"))
        .and_then(|rest| rest.strip_suffix(&closing))
        .expect("body opens with the boundary and ends with the closing delimiter");
    inner
        .split(&format!("\r\n--{boundary}\r\n"))
        .map(|part| {
            let (headers, content) = part.split_once("\r\n\r\n").expect("headers, blank line, content");
            (headers.split("\r\n").map(str::to_owned).collect(), content.to_owned())
        })
        .collect()
}

#[test]
fn the_body_holds_the_sdp_and_the_pidf_lo_the_geolocation_header_points_at() {
    let plan = Scenario::location_by_value_at_office().plan();
    let parts = plan.invite_parts();
    assert_eq!(parts.header("Priority"), Some("emergency"));
    assert_eq!(parts.header("Geolocation-Routing"), Some("yes"));
    let geolocation = parts.header("Geolocation").expect("Geolocation header");
    let content_id = geolocation.strip_prefix("<cid:").and_then(|v| v.strip_suffix('>')).expect("a cid: URI");
    assert!(content_id.ends_with("@pbx.example"), "{content_id}");

    let body = parts.body(SDP);
    let boundary = body.content_type.strip_prefix("multipart/mixed;boundary=").expect("multipart/mixed");
    let split = split_parts(&body.body, boundary);
    assert_eq!(split.len(), 2);
    assert_eq!(split[0], (vec!["Content-Type: application/sdp".to_owned()], SDP.to_owned()));
    assert_eq!(
        split[1].0,
        vec!["Content-Type: application/pidf+xml".to_owned(), format!("Content-ID: <{content_id}>")]
    );
    assert_eq!(Some(split[1].1.as_str()), plan.pidf_lo());
    roxmltree::Document::parse(&split[1].1).expect("the PIDF-LO part is XML");
}

#[test]
fn without_location_by_value_the_body_is_the_sdp_alone() {
    let plan = Scenario::did_pool_at_home().plan();
    let body = plan.invite_parts().body(SDP);
    assert_eq!((body.content_type.as_str(), body.body.as_str()), ("application/sdp", SDP));
    assert_eq!(plan.invite_parts().header("Geolocation"), None);
    assert_eq!(plan.invite_parts().header("Geolocation-Routing"), None);
}

#[test]
fn a_part_that_contains_the_boundary_gets_a_longer_one() {
    let first = multipart_mixed(SDP, "<presence/>", "loc-1@pbx.example");
    let boundary = first.content_type.strip_prefix("multipart/mixed;boundary=").expect("boundary");
    let hostile_sdp = format!("{SDP}a=x-note:--{boundary}\r\n");
    let second = multipart_mixed(&hostile_sdp, "<presence/>", "loc-1@pbx.example");
    let longer = second.content_type.strip_prefix("multipart/mixed;boundary=").expect("boundary");
    assert!(!hostile_sdp.contains(longer));
    assert_eq!(split_parts(&second.body, longer)[0].1, hostile_sdp);
}

#[test]
fn the_content_id_differs_per_location_and_moment() {
    let at_office = Scenario::location_by_value_at_office();
    let mut at_home = Scenario::location_by_value_at_office();
    at_home.location = Some(place("home", home(), locus_location::matcher::HowObtained::UserConfirmed));
    let office_cid = at_office.plan().invite_parts().header("Geolocation").map(str::to_owned);
    let home_cid = at_home.plan().invite_parts().header("Geolocation").map(str::to_owned);
    assert_ne!(office_cid, home_cid);
    assert_eq!(office_cid.as_deref(), Some("<cid:loc-office-1740830400@pbx.example>"));
}
