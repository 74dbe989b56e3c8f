//! A seeded xorshift generator for tests that compare two implementations
//! on many generated inputs: deterministic, no dependency.

/// Successive pseudo-random numbers from `seed` (which must not be 0).
pub(crate) fn xorshift(mut seed: u32) -> impl FnMut() -> usize {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed as usize
    }
}
