//! The tray icon's readiness badge: the app icon with a coloured dot in its lower-right corner (green armed,
//! amber confirm your location, red no E911), drawn at run time so there is one icon source to maintain.

use locus_core::ReadinessLevel;
use tauri::image::Image;

/// The dot colour for a readiness level (RGBA).
pub(crate) fn colour(level: ReadinessLevel) -> [u8; 4] {
    match level {
        ReadinessLevel::Green => [0x2e, 0x7d, 0x32, 0xff],
        ReadinessLevel::Amber => [0xf2, 0xa9, 0x00, 0xff],
        ReadinessLevel::Red => [0xc6, 0x28, 0x28, 0xff],
    }
}

/// `base` with the badge for `level`.
pub(crate) fn badged(base: &Image<'_>, level: ReadinessLevel) -> Image<'static> {
    let mut rgba = base.rgba().to_vec();
    draw_badge(&mut rgba, base.width(), base.height(), colour(level));
    Image::new_owned(rgba, base.width(), base.height())
}

/// Draws a filled dot (with a white ring) of radius width/4 in the lower-right corner of an RGBA buffer.
pub(crate) fn draw_badge(rgba: &mut [u8], width: u32, height: u32, fill: [u8; 4]) {
    let radius = (width.min(height) as f32) / 4.0;
    let (cx, cy) = (width as f32 - radius - 1.0, height as f32 - radius - 1.0);
    for y in 0..height {
        for x in 0..width {
            let distance = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
            let pixel = if distance <= radius - 1.5 {
                fill
            } else if distance <= radius {
                [0xff, 0xff, 0xff, 0xff]
            } else {
                continue;
            };
            let at = ((y * width + x) * 4) as usize;
            if let Some(slot) = rgba.get_mut(at..at + 4) {
                slot.copy_from_slice(&pixel);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_colours_the_lower_right_corner_only() {
        let (w, h) = (32u32, 32u32);
        let mut rgba = vec![0u8; (w * h * 4) as usize];
        draw_badge(&mut rgba, w, h, colour(ReadinessLevel::Amber));
        let pixel = |x: u32, y: u32| {
            let at = ((y * w + x) * 4) as usize;
            [rgba[at], rgba[at + 1], rgba[at + 2], rgba[at + 3]]
        };
        assert_eq!(pixel(24, 24), colour(ReadinessLevel::Amber), "centre of the dot");
        assert_eq!(pixel(2, 2), [0, 0, 0, 0], "the rest of the icon is untouched");
        assert_ne!(colour(ReadinessLevel::Green), colour(ReadinessLevel::Red));
    }
}
