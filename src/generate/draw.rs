//! Seeded draws: a seed per part of the inbox, normal and log-normal
//! draws, the Zipf weight of a rank and figures rounded to at least 1.

/// A seed for one part of the inbox (mixed from the run's seed and the
/// part's coordinates), so that each part draws the same numbers whatever
/// else is generated.
pub(super) fn seed_of(parts: &[u64]) -> u64 {
    parts.iter().fold(0x243F_6A88_85A3_08D3, |h, &p| {
        let mut z = (h ^ p).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

/// A country code as a number, for [`seed_of`].
pub(super) fn code_id(code: &str) -> u64 {
    code.bytes().fold(0, |acc, b| acc << 8 | u64::from(b))
}

/// A standard normal draw (Box–Muller).
pub(super) fn normal(rng: &mut fastrand::Rng) -> f64 {
    let u = 1.0 - rng.f64();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * rng.f64()).cos()
}

/// A log-normal factor around 1.
pub(super) fn noise(rng: &mut fastrand::Rng, sigma: f64) -> f64 {
    (sigma * normal(rng)).exp()
}

/// The weight of the citizenship at `rank` in a host's flows (Zipf).
pub(super) fn zipf(rank: usize) -> f64 {
    (rank as f64 + 1.0).powf(-1.1)
}

/// A figure: at least 1.
pub(super) fn figure(x: f64) -> u64 {
    x.round().max(1.0) as u64
}
