//! The Teams LIS importer against export files on disk: `tests/teams/contoso` is a made-up tenant export with
//! three good civic addresses, their locations and wiremap, and a bad row of every kind the importer must report.

use locus_itmap::teams::{ImportNote, TeamsImport, TeamsImportOptions, import_teams_dir};
use locus_itmap::{MapDocument, MapError, RuleSpec};
use locus_location::civic::CivicAddress;
use std::path::{Path, PathBuf};
use time::macros::datetime;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/teams/contoso")
}

fn options() -> TeamsImportOptions {
    TeamsImportOptions {
        org: "Contoso".into(),
        serial: 7,
        issued: datetime!(2026-11-01 00:00 UTC),
        expires: datetime!(2027-05-01 00:00 UTC),
        trusted_public_ips: vec!["203.0.113.0/24".into()],
    }
}

fn import(dir: &Path) -> TeamsImport {
    import_teams_dir(dir, &options()).expect("the export imports")
}

fn ca(n: u32) -> String {
    format!("ca{n:06}-0000-4000-8000-{n:012}")
}

fn loc(n: u32) -> String {
    format!("1c{n:06}-0000-4000-8000-000000000001")
}

/// A rule as text: "subnet 10.1.2.0/24", "bssid a4:…", "switch 02:…", "switch 02:… port Gi1/0/12".
fn rule_text(rule: &RuleSpec) -> String {
    let value = [&rule.cidr, &rule.bssid, &rule.chassis].into_iter().flatten().next().cloned().unwrap_or_default();
    match &rule.port {
        Some(port) => format!("{} {value} port {port}", rule.kind),
        None => format!("{} {value}", rule.kind),
    }
}

/// Every site as (id, name, [(place id, place name, loc, flr, [rules])]).
type Shape = Vec<(String, String, Vec<(String, String, String, String, Vec<String>)>)>;

fn shape(document: &MapDocument) -> Shape {
    document
        .sites
        .iter()
        .map(|site| {
            let places = site
                .places
                .iter()
                .map(|p| {
                    let rules = p.rules.iter().map(rule_text).collect();
                    (p.id.clone(), p.name.clone(), p.address.loc.clone(), p.address.flr.clone(), rules)
                })
                .collect();
            (site.id.clone(), site.name.clone(), places)
        })
        .collect()
}

fn place(
    id: String,
    name: &str,
    loc: &str,
    flr: &str,
    rules: &[&str],
) -> (String, String, String, String, Vec<String>) {
    (id, name.into(), loc.into(), flr.into(), rules.iter().map(|r| (*r).to_owned()).collect())
}

#[test]
fn a_tenant_export_becomes_sites_places_and_rules() {
    let result = import(&fixture());
    let boston = "55 A Harbor St, Boston, MA 02210, US";
    let expected: Shape = vec![
        (
            ca(1),
            "Chicago HQ".into(),
            vec![
                place(
                    loc(10),
                    "Chicago HQ",
                    "",
                    "",
                    &["subnet 192.0.2.0/25", "bssid 02:00:5e:10:00:03", "switch 02:00:5e:00:10:01"],
                ),
                place(
                    loc(11),
                    "Chicago HQ, Floor 3",
                    "Floor 3",
                    "3",
                    &["subnet 10.1.3.0/24", "bssid a4:c3:f0:11:22:3*"],
                ),
                place(
                    loc(12),
                    "Chicago HQ, 2nd Floor, East Wing",
                    "2nd Floor, East Wing",
                    "2",
                    &["subnet 10.1.2.0/24", "bssid 02:00:5e:10:00:01"],
                ),
                place(loc(13), "Chicago HQ, Mail room", "Mail room", "", &[]),
                place(
                    loc(14),
                    "Chicago HQ, FL 12",
                    "FL 12",
                    "12",
                    &["subnet 10.1.4.0/24", "switch 02:00:5e:00:10:01 port Gi1/0/12"],
                ),
            ],
        ),
        (
            ca(2),
            boston.into(),
            vec![
                place(loc(20), boston, "", "", &["subnet 198.51.100.0/24"]),
                place(loc(21), &format!("{boston}, Lobby"), "Lobby", "", &["bssid 02:00:5e:20:00:*"]),
            ],
        ),
        (ca(3), "Toronto office".into(), vec![place(format!("{}.building", ca(3)), "Toronto office", "", "", &[])]),
    ];
    assert_eq!(shape(&result.document), expected);

    let boston_address = CivicAddress {
        country: "US".into(),
        a1: "MA".into(),
        a3: "Boston".into(),
        rd: "Harbor".into(),
        sts: "St".into(),
        hno: "55".into(),
        hns: "A".into(),
        pc: "02210".into(),
        nam: "Contoso".into(),
        ..CivicAddress::default()
    };
    assert_eq!(result.document.sites[1].address, boston_address, "state name became its code");
    assert_eq!(result.document.sites[2].address.pod, "W");
    assert_eq!(result.document.sites[2].address.country, "CA");

    let document = &result.document;
    assert_eq!(
        (document.format.as_str(), document.org.as_str(), document.serial),
        (locus_itmap::FORMAT_V1, "Contoso", 7)
    );
    assert_eq!((document.issued.as_str(), document.expires.as_str()), ("2026-11-01T00:00:00Z", "2027-05-01T00:00:00Z"));
    assert_eq!(document.trusted_public_ips, vec!["203.0.113.0/24".to_owned()]);
}

#[test]
fn every_bad_row_has_a_note_naming_its_file_and_line() {
    let notes = import(&fixture()).notes;
    let expected: &[(&str, u64, &str)] = &[
        (
            "civic-addresses.csv",
            6,
            "left out: civic address ca000004-0000-4000-8000-000000000004 fails address validation",
        ),
        ("civic-addresses.csv", 7, "pc: \"8020\" is not a ZIP code"),
        ("civic-addresses.csv", 8, "left out: the row has no CivicAddressId"),
        ("civic-addresses.csv", 9, "already appears on line 3"),
        ("locations.csv", 8, "left out (civic-addresses.csv line 6)"),
        (
            "locations.csv",
            9,
            "CivicAddressId ca0000ff-0000-4000-8000-0000000000ff, which is not in civic-addresses.csv",
        ),
        ("locations.csv", 10, "LocationId 1c000011-0000-4000-8000-000000000001 already appears on line 3"),
        ("locations.csv", 11, "left out: the row has no LocationId"),
        ("subnets.csv", 4, "assumed /24: Teams stores subnet ID 10.1.2.0 without a prefix length"),
        ("subnets.csv", 6, "imported as 198.51.100.0/24"),
        ("subnets.csv", 7, "IPv6"),
        ("subnets.csv", 8, "10.1.5.7 has no prefix length and is not the network address of a /24"),
        ("subnets.csv", 9, "LocationId 1c0000ee-0000-4000-8000-0000000000ee is unknown"),
        ("subnets.csv", 10, "location 1c000050-0000-4000-8000-000000000001 was left out (civic-addresses.csv line 7)"),
        ("subnets.csv", 11, "left out: the row has no Subnet"),
        ("subnets.csv", 12, "was left out (locations.csv line 8)"),
        ("wireless-access-points.csv", 5, "\"02-00-5E-10-00-0G\" is not a BSSID"),
        (
            "wireless-access-points.csv",
            6,
            "BSSID 02:00:5e:10:00:02 is also mapped to another location (wireless-access-points.csv line 7)",
        ),
        ("wireless-access-points.csv", 7, "also mapped to another location (wireless-access-points.csv line 6)"),
        ("switches.csv", 3, "kept once: switch 02:00:5e:00:10:01 repeats switches.csv line 2"),
        ("switches.csv", 4, "\"core-sw-1\" is not a switch chassis MAC"),
        ("ports.csv", 3, "left out: the row has no PortID"),
        ("ports.csv", 4, "\"02-00-5E-00-10\" is not a switch chassis MAC"),
        ("voice-users.csv", 0, "not read"),
    ];
    let seen: Vec<(&str, u64)> = notes.iter().map(|n| (n.file.as_str(), n.line)).collect();
    let wanted: Vec<(&str, u64)> = expected.iter().map(|(file, line, _)| (*file, *line)).collect();
    assert_eq!(seen, wanted, "notes: {notes:#?}");
    for (note, (_, _, text)) in notes.iter().zip(expected) {
        assert!(note.message.contains(text), "{note:?} should say {text:?}");
    }
    let gb = &notes[0].message;
    assert!(gb.contains("country:") && gb.contains("\"GB\" is not supported"), "{gb}");
}

#[test]
fn the_imported_map_passes_validation() {
    let result = import(&fixture());
    let validated = locus_itmap::validate(result.document.clone(), datetime!(2026-11-02 00:00 UTC))
        .expect("the imported map is valid");
    assert_eq!(validated.content.locations.len(), 8);
    assert_eq!(validated.content.rules.len(), 11);
    assert!(result.notes.iter().all(|n| !n.message.contains("fails validation")), "{:#?}", result.notes);

    let json = serde_json::to_vec(&result.document).expect("serialises");
    assert_eq!(MapDocument::parse(&json).expect("parses back"), result.document);
}

#[test]
fn validation_problems_left_in_the_map_become_notes() {
    let mut bad = options();
    bad.org = " ".into();
    bad.trusted_public_ips = vec!["not-an-ip".into()];
    let result = import_teams_dir(&fixture(), &bad).expect("imports");
    let problems: Vec<&ImportNote> = result.notes.iter().filter(|n| n.message.contains("fails validation")).collect();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems.iter().all(|n| n.file.is_empty() && n.line == 0));
    assert!(problems.iter().any(|n| n.message.contains("/org")));
    assert!(problems.iter().any(|n| n.message.contains("/trusted_public_ips/0")));
}

#[test]
fn the_fixture_really_has_a_bom_and_type_lines() {
    let civic = std::fs::read(fixture().join("civic-addresses.csv")).expect("fixture");
    assert!(civic.starts_with(b"\xEF\xBB\xBF#TYPE "), "civic-addresses.csv starts with a BOM and #TYPE");
    let subnets = std::fs::read(fixture().join("subnets.csv")).expect("fixture");
    assert!(subnets.starts_with(b"#TYPE "));
    let locations = std::fs::read(fixture().join("locations.csv")).expect("fixture");
    assert!(locations.starts_with(b"\"LocationId\""), "PowerShell 7 style: no BOM, no #TYPE");
}

fn copy_into(dir: &Path, files: &[&str]) {
    for file in files {
        std::fs::copy(fixture().join(file), dir.join(file)).expect("copy fixture");
    }
}

fn teams_error(result: Result<TeamsImport, MapError>) -> (String, String) {
    match result {
        Err(MapError::TeamsImport { file, message }) => (file, message),
        other => panic!("expected a Teams import error, got {other:?}"),
    }
}

#[test]
fn a_missing_required_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_into(dir.path(), &["civic-addresses.csv", "subnets.csv"]);
    let (file, message) = teams_error(import_teams_dir(dir.path(), &options()));
    assert_eq!(file, "locations.csv");
    assert!(message.contains("missing"), "{message}");

    let dir = tempfile::tempdir().expect("temp dir");
    copy_into(dir.path(), &["locations.csv"]);
    let (file, _) = teams_error(import_teams_dir(dir.path(), &options()));
    assert_eq!(file, "civic-addresses.csv");
}

#[test]
fn optional_files_may_be_absent_or_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_into(dir.path(), &["civic-addresses.csv", "locations.csv"]);
    std::fs::write(dir.path().join("switches.csv"), b"").expect("write");
    let result = import(dir.path());
    assert_eq!(result.document.sites.len(), 3);
    assert!(result.document.sites.iter().flat_map(|s| &s.places).all(|p| p.rules.is_empty()));
    assert!(result.notes.iter().all(|n| n.file == "civic-addresses.csv" || n.file == "locations.csv"));
}

#[test]
fn a_missing_required_column_is_an_error_naming_file_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_into(dir.path(), &["civic-addresses.csv", "locations.csv"]);
    std::fs::write(dir.path().join("ports.csv"), "\"ChassisID\",\"LocationId\"\n\"02-00-5E-00-10-01\",\"x\"\n")
        .expect("write");
    let (file, message) = teams_error(import_teams_dir(dir.path(), &options()));
    assert_eq!(file, "ports.csv");
    assert!(message.contains("\"PortID\""), "{message}");
}

#[test]
fn headers_are_matched_ignoring_case_and_file_names_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_into(dir.path(), &["civic-addresses.csv", "locations.csv"]);
    let waps = format!("bssid,LOCATIONID,extra\nA4-C3-F0-11-22-33,{}\n", loc(13));
    std::fs::write(dir.path().join("Wireless-Access-Points.CSV"), waps).expect("write");
    let result = import(dir.path());
    let mail_room = &result.document.sites[0].places[3];
    assert_eq!(mail_room.id, loc(13));
    assert_eq!(mail_room.rules.iter().map(rule_text).collect::<Vec<_>>(), ["bssid a4:c3:f0:11:22:33"]);
}

#[test]
fn utf16_exports_are_read_like_utf8_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["civic-addresses.csv", "locations.csv"] {
        let bytes = std::fs::read(fixture().join(file)).expect("fixture");
        let text = String::from_utf8(bytes).expect("UTF-8 fixture");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.trim_start_matches('\u{feff}').encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(dir.path().join(file), utf16).expect("write");
    }
    let from_utf16 = import(dir.path());
    let dir8 = tempfile::tempdir().expect("temp dir");
    copy_into(dir8.path(), &["civic-addresses.csv", "locations.csv"]);
    assert_eq!(from_utf16, import(dir8.path()));
    assert_eq!(from_utf16.document.sites.len(), 3);
}
