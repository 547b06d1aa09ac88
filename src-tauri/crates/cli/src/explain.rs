//! `locusctl map explain`: what a network — this machine's now, or a saved `locusctl net --json` snapshot —
//! would resolve to under a map, and why, rule by rule. Uses the same matcher as the app, with only the map's
//! rules (personal records are this machine's own and not part of a map).

use locus_core::{CoreError, NetworkSnapshot, SnapshotSource, SystemSource};
use locus_itmap::MapDocument;
use locus_location::matcher::{Cidr, Precedence, RuleIndex};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Serialize)]
struct Explanation {
    location_id: Option<String>,
    location_name: Option<String>,
    address: Option<String>,
    resolution: locus_location::matcher::Resolution,
    public_ip: Option<String>,
    public_ip_trusted: bool,
}

pub(crate) async fn run(map: &Path, snapshot: Option<&Path>, json: bool) -> Result<ExitCode, CoreError> {
    let body = std::fs::read(map).map_err(|source| CoreError::Io {
        action: "could not read",
        path: map.display().to_string(),
        source,
    })?;
    let document = match MapDocument::parse(&body) {
        Ok(document) => document,
        Err(problem) => {
            eprintln!("locusctl: the map is not valid: {}: {}", problem.pointer, problem.message);
            return Ok(ExitCode::from(1));
        }
    };
    // Explaining an expired or not-yet-valid map is still useful: validate as of its issue time.
    let as_of = time::OffsetDateTime::parse(&document.issued, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    let map = match locus_itmap::validate(document, as_of) {
        Ok(map) => map,
        Err(problems) => {
            for problem in problems {
                eprintln!("locusctl: invalid map: {}: {}", problem.pointer, problem.message);
            }
            return Ok(ExitCode::from(1));
        }
    };
    let network: NetworkSnapshot = match snapshot {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| CoreError::Io {
                action: "could not read",
                path: path.display().to_string(),
                source,
            })?;
            serde_json::from_str(&text).map_err(|e| {
                CoreError::Internal(format!("{} is not a `locusctl net --json` snapshot: {e}", path.display()))
            })?
        }
        None => tokio::task::spawn_blocking(|| SystemSource::default().snapshot())
            .await
            .map_err(|e| CoreError::Internal(e.to_string()))??,
    };
    let (index, _) = RuleIndex::build(&map.content.rules);
    let trusted: Vec<Cidr> = map.content.trusted_public_ips.iter().filter_map(|c| Cidr::parse(c).ok()).collect();
    // A map alone holds no user answers: IT's rules decide.
    let resolution = locus_core::locating::match_network(&network, &index, &trusted, Precedence::ItMap);
    let place =
        resolution.location_id.as_ref().and_then(|id| map.content.locations.iter().find(|(pid, _, _)| pid == id));
    let public_ip_trusted = network
        .public_ip
        .as_deref()
        .and_then(|ip| ip.parse().ok())
        .is_some_and(|ip| trusted.iter().any(|c| c.contains(ip)));
    let explanation = Explanation {
        location_id: resolution.location_id.clone(),
        location_name: place.map(|(_, name, _)| name.clone()),
        address: place.map(|(_, _, address)| address.one_line()),
        resolution,
        public_ip: network.public_ip.clone(),
        public_ip_trusted,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&explanation).map_err(|e| CoreError::Internal(e.to_string()))?);
    } else {
        match (&explanation.location_id, &explanation.location_name) {
            (Some(id), name) => println!(
                "resolves to {id} \"{}\": {} (confidence {:?})",
                name.clone().unwrap_or_default(),
                explanation.address.clone().unwrap_or_default(),
                explanation.resolution.confidence
            ),
            (None, _) => println!("no place in this map matches this network (the user would be asked)"),
        }
        if explanation.resolution.conflict {
            println!("signals conflict: the user would be asked to confirm");
        }
        println!(
            "public IP {}: {}",
            explanation.public_ip.as_deref().unwrap_or("unknown"),
            if explanation.public_ip_trusted {
                "trusted, subnet/SSID rules count"
            } else {
                "not trusted, subnet/SSID rules ignored"
            }
        );
        for evidence in &explanation.resolution.evidence {
            println!(
                "  {:?} {} → {} ({:?})",
                evidence.kind, evidence.identifier, evidence.location_id, evidence.verdict
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
