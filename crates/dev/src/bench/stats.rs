//! Timing samples, a deterministic random source, and number formatting.

use std::time::{Duration, Instant};

use super::{Plan, Result};

/// Durations of repeated runs of one thing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Samples(Vec<Duration>);

impl Samples {
    pub(crate) fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut v = self.0.clone();
        v.sort();
        v
    }

    /// The value below which `q` of the samples lie (nearest rank).
    pub(crate) fn quantile(&self, q: f64) -> Duration {
        let v = self.sorted();
        if v.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    pub(crate) fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    pub(crate) fn p99(&self) -> Duration {
        self.quantile(0.99)
    }
}

/// Runs `f` once untimed (statements prepared, pages cached), then times it until the plan's
/// run count or time budget, whichever comes first (at least its minimum of runs).
pub(crate) fn repeat(plan: &Plan, mut f: impl FnMut() -> Result<()>) -> Result<Samples> {
    f()?;
    let mut samples = Samples::default();
    let started = Instant::now();
    while samples.len() < plan.read_max_runs
        && (samples.len() < plan.read_min_runs || started.elapsed() < plan.read_budget)
    {
        let t = Instant::now();
        f()?;
        samples.push(t.elapsed());
    }
    Ok(samples)
}

/// splitmix64: the same seed gives the same edits on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0xba70_be4c_4000_0000)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// One of `xs`; `None` when empty.
    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.below(xs.len()))
    }

    /// A UUIDv7-shaped id minted at `ms`, as the core mints op ids.
    pub(crate) fn uuid_v7(&mut self, ms: i64) -> String {
        let (r, r2) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
            (ms >> 16) as u32,
            (ms & 0xffff) as u16,
            (r & 0xfff) as u16,
            (0x8000 | ((r >> 12) & 0x3fff)) as u16,
            r2 & 0xffff_ffff_ffff
        )
    }
}

const ADJECTIVES: &[&str] = &[
    "Faster",
    "Simpler",
    "Unified",
    "Self-serve",
    "Reliable",
    "Global",
    "Smarter",
    "Secure",
    "Mobile",
    "Offline",
    "Realtime",
    "Accessible",
];
const NOUNS: &[&str] = &[
    "onboarding",
    "checkout",
    "billing",
    "search",
    "reporting",
    "permissions",
    "notifications",
    "sync",
    "import",
    "export",
    "analytics",
    "payments",
];

/// A title no earlier call returned (`k` makes it unique).
pub(crate) fn title(rng: &mut Rng, k: usize) -> String {
    let adj = rng.pick(ADJECTIVES).copied().unwrap_or("New");
    let noun = rng.pick(NOUNS).copied().unwrap_or("item");
    format!("{adj} {noun} #{k}")
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `1234567` → `1,234,567`.
pub(crate) fn int(n: f64) -> String {
    let digits = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Milliseconds with sensible precision.
pub(crate) fn fmt_ms(d: Duration) -> String {
    let v = ms(d);
    if v >= 10_000.0 {
        format!("{:.1} s", v / 1e3)
    } else if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 1.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.3} ms")
    }
}
