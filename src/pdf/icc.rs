//! The sRGB ICC profile of the file's output intent (PDF/A), generated here
//! from the published definition rather than shipped: an ICC v2 display
//! profile with the IEC 61966-2-1 primaries adapted to the D50 connection
//! space (Bradford) and the sRGB transfer curve sampled at 1024 points. It is
//! this project's own work, under the project's licence.

/// The profile's description, also the output condition's name.
pub const DESCRIPTION: &str = "sRGB IEC61966-2.1";

/// The D50 white of the profile connection space.
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// The sRGB red, green and blue colorants adapted to D50 (Bradford).
const PRIMARIES: [[f64; 3]; 3] = [
    [0.436_074_7, 0.222_504_5, 0.013_932_2],
    [0.385_064_9, 0.716_878_6, 0.097_104_5],
    [0.143_080_4, 0.060_616_9, 0.714_173_3],
];

/// Points of the sampled transfer curve.
const CURVE_POINTS: usize = 1024;

/// The profile's bytes.
pub fn srgb() -> Vec<u8> {
    let xyz = |v: [f64; 3]| {
        let mut t = b"XYZ \0\0\0\0".to_vec();
        v.iter().for_each(|&c| t.extend(s15f16(c)));
        t
    };
    let mut desc = b"desc\0\0\0\0".to_vec();
    desc.extend((DESCRIPTION.len() as u32 + 1).to_be_bytes());
    desc.extend(DESCRIPTION.as_bytes());
    desc.push(0);
    // No Unicode or ScriptCode description: language, count, code, count, 67 bytes.
    desc.extend([0u8; 4 + 4 + 2 + 1 + 67]);
    let mut cprt = b"text\0\0\0\0".to_vec();
    cprt.extend(b"No copyright, use freely\0");
    let mut curve = b"curv\0\0\0\0".to_vec();
    curve.extend((CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let v = i as f64 / (CURVE_POINTS - 1) as f64;
        let linear = if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        };
        curve.extend(((linear * 65535.0).round() as u16).to_be_bytes());
    }
    // (signature, data); the three curves share one copy of their data.
    let tags: Vec<(&[u8; 4], usize)> = vec![
        (b"desc", 0),
        (b"cprt", 1),
        (b"wtpt", 2),
        (b"rXYZ", 3),
        (b"gXYZ", 4),
        (b"bXYZ", 5),
        (b"rTRC", 6),
        (b"gTRC", 6),
        (b"bTRC", 6),
    ];
    let data = [
        desc,
        cprt,
        xyz(D50),
        xyz(PRIMARIES[0]),
        xyz(PRIMARIES[1]),
        xyz(PRIMARIES[2]),
        curve,
    ];
    let mut offsets = Vec::new();
    let mut at = 128 + 4 + 12 * tags.len();
    let mut body = Vec::new();
    for d in &data {
        offsets.push(at);
        body.extend(d);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        at = 128 + 4 + 12 * tags.len() + body.len();
    }
    let size = 128 + 4 + 12 * tags.len() + body.len();
    let mut out = Vec::with_capacity(size);
    out.extend((size as u32).to_be_bytes());
    out.extend([0u8; 4]); // preferred CMM
    out.extend([2, 0x10, 0, 0]); // version 2.1
    out.extend(b"mntrRGB XYZ ");
    // Creation date: 2026-01-01 00:00:00, fixed so the bytes never change.
    for v in [2026u16, 1, 1, 0, 0, 0] {
        out.extend(v.to_be_bytes());
    }
    out.extend(b"acsp");
    out.extend([0u8; 4 + 4 + 4 + 4 + 8]); // platform, flags, maker, model, attributes
    out.extend(0u32.to_be_bytes()); // perceptual intent
    D50.iter().for_each(|&c| out.extend(s15f16(c)));
    out.extend([0u8; 4 + 16 + 28]); // creator, profile id, reserved
    out.extend((tags.len() as u32).to_be_bytes());
    for (signature, d) in &tags {
        out.extend(*signature);
        out.extend((offsets[*d] as u32).to_be_bytes());
        out.extend((data[*d].len() as u32).to_be_bytes());
    }
    out.extend(body);
    out
}

/// A number as ICC `s15Fixed16Number`.
fn s15f16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> usize {
        u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize
    }

    #[test]
    fn the_profile_is_well_formed() {
        let p = srgb();
        assert_eq!(u32_at(&p, 0), p.len());
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let count = u32_at(&p, 128);
        assert_eq!(count, 9);
        for t in 0..count {
            let entry = 132 + 12 * t;
            let (offset, size) = (u32_at(&p, entry + 4), u32_at(&p, entry + 8));
            assert_eq!(offset % 4, 0);
            assert!(offset + size <= p.len());
        }
        // The curve runs from 0 to 1.
        let curve = u32_at(&p, 132 + 12 * 6 + 4);
        assert_eq!(&p[curve..curve + 4], b"curv");
        let last = curve + 12 + 2 * (CURVE_POINTS - 1);
        assert_eq!(u16::from_be_bytes([p[last], p[last + 1]]), 65535);
        assert_eq!(s15f16(1.0), [0, 1, 0, 0]);
    }
}
