//! Writes RTP audio as a pcap capture, so SIPp (`play_pcap_audio`) can play it as the far end of a call — the
//! voice of a 933 readback line in the tests. Ethernet / IPv4 / UDP frames, one 20 ms µ-law packet each.

use locus_sip::media::G711;

const SAMPLES_PER_PACKET: usize = 160;

/// `samples` (8 kHz) as a pcap of PCMU RTP packets, 20 ms apart.
pub fn rtp_pcap(samples: &[i16]) -> Vec<u8> {
    let mut out = Vec::new();
    // Global header: microsecond timestamps, version 2.4, snap length 65535, link type 1 (Ethernet).
    out.extend(0xa1b2_c3d4_u32.to_le_bytes());
    out.extend(2_u16.to_le_bytes());
    out.extend(4_u16.to_le_bytes());
    out.extend(0_i32.to_le_bytes());
    out.extend(0_u32.to_le_bytes());
    out.extend(65_535_u32.to_le_bytes());
    out.extend(1_u32.to_le_bytes());
    for (index, chunk) in samples.chunks(SAMPLES_PER_PACKET).enumerate() {
        let frame = frame(index, &G711::MuLaw.encode(chunk));
        let micros = index as u64 * 20_000;
        out.extend(((micros / 1_000_000) as u32).to_le_bytes());
        out.extend(((micros % 1_000_000) as u32).to_le_bytes());
        out.extend((frame.len() as u32).to_le_bytes());
        out.extend((frame.len() as u32).to_le_bytes());
        out.extend(frame);
    }
    out
}

fn frame(index: usize, payload: &[u8]) -> Vec<u8> {
    let mut rtp = vec![0x80, 0x00];
    rtp.extend((index as u16).to_be_bytes());
    rtp.extend(((index * SAMPLES_PER_PACKET) as u32).to_be_bytes());
    rtp.extend(0x0933_0933_u32.to_be_bytes());
    rtp.extend(payload);
    let udp_length = (8 + rtp.len()) as u16;
    let mut udp = Vec::new();
    udp.extend(40_000_u16.to_be_bytes());
    udp.extend(40_002_u16.to_be_bytes());
    udp.extend(udp_length.to_be_bytes());
    udp.extend(0_u16.to_be_bytes());
    udp.extend(rtp);
    let mut ip = vec![0x45, 0];
    ip.extend((20 + udp.len() as u16).to_be_bytes());
    ip.extend([0, 0, 0x40, 0, 64, 17, 0, 0]);
    ip.extend([10, 0, 0, 1, 10, 0, 0, 2]);
    let checksum = ipv4_checksum(&ip);
    ip[10..12].copy_from_slice(&checksum.to_be_bytes());
    ip.extend(udp);
    let mut ethernet = vec![0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00];
    ethernet.extend(ip);
    ethernet
}

fn ipv4_checksum(header: &[u8]) -> u16 {
    let mut sum: u32 = header.chunks(2).map(|pair| u32::from(u16::from_be_bytes([pair[0], pair[1]]))).sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}
