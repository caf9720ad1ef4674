//! Hybrid logical clock: wall-clock milliseconds in the high 48 bits, a counter in the low 16.
//!
//! Packed into one `i64` so SQLite compares clocks as plain integers. Ties between devices
//! are broken by device id (then op id) in [`super::apply`], never here.

const COUNTER_BITS: u32 = 16;

/// The latest clock an op may carry: the start of the year 4000 (47 bits of milliseconds reach
/// the year 6429). A remote clock beyond it is refused as corrupt; below it, ticking can never
/// saturate `i64`, so the next local edit always sorts after anything this device has seen.
pub const MAX: i64 = 64_060_588_800_000 << COUNTER_BITS;

/// The clock for a new local event: later than everything this device has seen, and no
/// earlier than the wall clock.
pub fn tick(last: i64, now_ms: i64) -> i64 {
    let wall = now_ms.max(0).saturating_mul(1 << COUNTER_BITS);
    wall.max(last.saturating_add(1))
}

/// Milliseconds since the Unix epoch of a clock value.
pub fn wall_ms(hlc: i64) -> i64 {
    hlc >> COUNTER_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_follows_the_wall_clock_when_it_moves_forward() {
        let a = tick(0, 1_000);
        let b = tick(a, 2_000);
        assert_eq!(wall_ms(a), 1_000);
        assert_eq!(wall_ms(b), 2_000);
    }

    #[test]
    fn the_latest_clock_is_far_from_overflow() {
        assert_eq!(wall_ms(MAX), 64_060_588_800_000);
        assert!(tick(MAX, 0) > MAX && tick(MAX, 0) < i64::MAX);
    }

    #[test]
    fn tick_never_runs_backwards_when_the_wall_clock_does() {
        let a = tick(0, 5_000);
        let b = tick(a, 1_000);
        let c = tick(b, 1_000);
        assert!(a < b && b < c);
        assert_eq!(wall_ms(c), 5_000);
    }
}
