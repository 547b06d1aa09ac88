//! G.711 (ITU-T G.711) µ-law and A-law: the two codecs every SIP peer and every carrier's 911 gateway speaks.
//! One 16-bit linear sample in, one byte out, and back.

/// Which G.711 law a stream uses; the RTP payload type names it (RFC 3551).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum G711 {
    /// PCMU, payload type 0 (North America).
    MuLaw,
    /// PCMA, payload type 8.
    ALaw,
}

impl G711 {
    /// The static RTP payload type.
    pub fn payload_type(self) -> u8 {
        match self {
            G711::MuLaw => 0,
            G711::ALaw => 8,
        }
    }

    /// The codec for a static payload type, if it is G.711.
    pub fn from_payload_type(payload_type: u8) -> Option<Self> {
        match payload_type {
            0 => Some(G711::MuLaw),
            8 => Some(G711::ALaw),
            _ => None,
        }
    }

    /// The SDP encoding name.
    pub fn encoding_name(self) -> &'static str {
        match self {
            G711::MuLaw => "PCMU",
            G711::ALaw => "PCMA",
        }
    }

    /// Encodes linear samples, one byte each.
    pub fn encode(self, samples: &[i16]) -> Vec<u8> {
        match self {
            G711::MuLaw => samples.iter().map(|&s| mulaw_encode(s)).collect(),
            G711::ALaw => samples.iter().map(|&s| alaw_encode(s)).collect(),
        }
    }

    /// Decodes bytes back to linear samples.
    pub fn decode(self, bytes: &[u8]) -> Vec<i16> {
        match self {
            G711::MuLaw => bytes.iter().map(|&b| mulaw_decode(b)).collect(),
            G711::ALaw => bytes.iter().map(|&b| alaw_decode(b)).collect(),
        }
    }
}

const MULAW_BIAS: i32 = 0x84;
const MULAW_CLIP: i32 = 32_635;

/// The segment (exponent) of a biased magnitude: the position of its highest set bit above bit 7.
fn segment(magnitude: i32) -> i32 {
    let mut exponent = 7;
    let mut mask = 0x4000;
    while exponent > 0 && magnitude & mask == 0 {
        exponent -= 1;
        mask >>= 1;
    }
    exponent
}

fn mulaw_encode(sample: i16) -> u8 {
    let sample = i32::from(sample);
    let sign = if sample < 0 { 0x80 } else { 0 };
    let magnitude = sample.abs().min(MULAW_CLIP) + MULAW_BIAS;
    let exponent = segment(magnitude);
    let mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    !((sign | (exponent << 4) | mantissa) as u8)
}

fn mulaw_decode(byte: u8) -> i16 {
    let byte = !byte;
    let sign = byte & 0x80;
    let exponent = i32::from((byte >> 4) & 0x07);
    let mantissa = i32::from(byte & 0x0F);
    let magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
    (if sign != 0 { -magnitude } else { magnitude }) as i16
}

fn alaw_encode(sample: i16) -> u8 {
    let sample = i32::from(sample);
    let sign = if sample >= 0 { 0x80 } else { 0 };
    let magnitude = (if sample < 0 { -sample - 1 } else { sample }).min(32_767) >> 3;
    let encoded = if magnitude < 32 {
        magnitude >> 1
    } else {
        let mut exponent = 1;
        while exponent < 7 && magnitude >= (32 << exponent) {
            exponent += 1;
        }
        (exponent << 4) | ((magnitude >> exponent) & 0x0F)
    };
    ((sign | encoded) as u8) ^ 0x55
}

fn alaw_decode(byte: u8) -> i16 {
    let byte = byte ^ 0x55;
    let exponent = i32::from((byte >> 4) & 0x07);
    let mantissa = i32::from(byte & 0x0F);
    let magnitude = if exponent == 0 { (mantissa << 4) + 8 } else { ((mantissa << 4) + 0x108) << (exponent - 1) };
    (if byte & 0x80 != 0 { magnitude } else { -magnitude }) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_laws_round_trip_within_their_quantisation_step() {
        for codec in [G711::MuLaw, G711::ALaw] {
            for sample in (i16::MIN..=i16::MAX).step_by(97) {
                let back = codec.decode(&codec.encode(&[sample]))[0];
                let error = (i32::from(back) - i32::from(sample)).abs();
                // The step grows with the magnitude: about 1/16 of it, plus the smallest step near zero.
                let allowed = i32::from(sample).abs() / 16 + 16;
                assert!(error <= allowed, "{codec:?}: {sample} came back as {back}");
            }
        }
    }

    #[test]
    fn known_code_points_match_the_recommendation() {
        // Silence: 0xFF in µ-law, 0xD5 in A-law; full-scale values hit the last segment.
        assert_eq!(G711::MuLaw.encode(&[0]), [0xFF]);
        assert_eq!(G711::ALaw.encode(&[0]), [0xD5]);
        assert_eq!(G711::MuLaw.encode(&[i16::MAX]), [0x80]);
        assert_eq!(G711::MuLaw.encode(&[-i16::MAX]), [0x00]);
        assert_eq!(G711::MuLaw.decode(&[0xFF]), [0]);
        assert_eq!(G711::ALaw.decode(&[0xD5]), [8]);
    }
}
