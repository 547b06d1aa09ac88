//! Which ALSA PCM names are not worth offering in a phone's device list: ALSA lists every plugin and
//! multichannel variant of every card (`null`, `surround51:…`, `iec958:…`, raw `hw:…` next to the converting
//! `plughw:…`, `dmix:…`). Pure: works on the id string, so it is tested on every OS.

/// Ids from the ALSA host start with this (cpal writes `host:device`).
const ALSA: &str = "alsa:";

/// Whether the device id names an ALSA PCM the device list leaves out.
pub(crate) fn hidden_alsa_pcm(id: &str) -> bool {
    let Some(pcm) = id.strip_prefix(ALSA) else { return false };
    let kind = pcm.split(':').next().unwrap_or(pcm);
    pcm == "null"
        || matches!(kind, "hw" | "dmix" | "dsnoop" | "iec958" | "spdif" | "modem" | "phoneline")
        || kind.starts_with("surround")
}

#[cfg(test)]
mod tests {
    use super::hidden_alsa_pcm;

    #[test]
    fn plugin_and_multichannel_variants_are_hidden() {
        for id in [
            "alsa:null",
            "alsa:hw:CARD=PCH,DEV=0",
            "alsa:dmix:CARD=PCH,DEV=0",
            "alsa:surround51:CARD=PCH,DEV=0",
            "alsa:iec958:CARD=PCH,DEV=0",
        ] {
            assert!(hidden_alsa_pcm(id), "{id} should be hidden");
        }
    }

    #[test]
    fn usable_devices_and_other_systems_are_kept() {
        for id in [
            "alsa:default",
            "alsa:sysdefault:CARD=Headset",
            "alsa:plughw:CARD=Headset,DEV=0",
            "alsa:front:CARD=PCH,DEV=0",
            "alsa:hdmi:CARD=HDMI,DEV=0",
            "alsa:pipewire",
            "alsa:pulse",
            "alsa:locus_mic",
            "coreaudio:BuiltInMicrophoneDevice",
            "wasapi:null",
        ] {
            assert!(!hidden_alsa_pcm(id), "{id} should be listed");
        }
    }
}
