//! Byte tests on eight bytes at once, for the checks that run on every
//! printed string (terminal safety, JSON escaping).
//!
//! In: a chunk of exactly eight bytes, read as a `u64`. Out: whether any of
//! its bytes is below a bound, at or above 0x80, or equal to a value. Each
//! answer is exact as a yes/no (the bit tricks of "Bit Twiddling Hacks").

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// Eight bytes as one word.
#[inline]
pub(super) fn word(w: &[u8]) -> u64 {
    u64::from_ne_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
}

/// Some byte is below `n` (`n` at most 0x80).
#[inline]
pub(super) fn any_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH != 0
}

/// Some byte is `b`.
#[inline]
pub(super) fn any_equal(x: u64, b: u8) -> bool {
    any_below(x ^ (ONES * u64::from(b)), 1)
}

/// Some byte is 0x80 or above (not ASCII).
#[inline]
pub(super) fn any_high(x: u64) -> bool {
    x & HIGH != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_test_agrees_with_a_byte_loop() {
        let mut next = crate::test_rng::xorshift(0x5eed_1234);
        let pool = [
            0x00, 0x01, 0x1f, 0x20, b'"', b'\\', 0x7e, 0x7f, 0x80, 0xff, b'a',
        ];
        for _ in 0..20_000 {
            let w: Vec<u8> = (0..8).map(|_| pool[next() % pool.len()]).collect();
            let x = word(&w);
            assert_eq!(any_below(x, 0x20), w.iter().any(|&b| b < 0x20), "{w:?}");
            assert_eq!(any_equal(x, b'"'), w.contains(&b'"'), "{w:?}");
            assert_eq!(any_equal(x, 0x7f), w.contains(&0x7f), "{w:?}");
            assert_eq!(any_high(x), w.iter().any(|&b| b >= 0x80), "{w:?}");
        }
    }
}
