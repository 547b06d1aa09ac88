//! How IT maps reach the laptop: an HTTPS URL polled with ETags on a jittered schedule, and a managed drop
//! folder watched for changes. These modules only fetch bytes; `LocusService::apply_map` decides what they mean.

pub mod folder;
pub mod http;
pub mod schedule;
