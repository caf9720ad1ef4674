//! Order keys for items within a period: strings of base-62 digits compared byte by byte,
//! read as fractions (`"V"` = 31/62). A key between any two others always exists, so moving an
//! item writes one field, and two laptops reordering different items never collide. Equal keys
//! (two laptops placing into the same gap) fall back to title and id; the next local reorder
//! of that period renumbers it.

const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = 62;
/// Keys longer than this make the caller renumber the period instead.
pub(crate) const MAX_LEN: usize = 12;

fn digit(c: u8) -> Option<usize> {
    DIGITS.iter().position(|d| *d == c)
}

/// A well-formed key: non-empty, base-62 digits, no trailing zero (so a smaller key exists).
pub(crate) fn is_key(k: &str) -> bool {
    !k.is_empty() && k.bytes().all(|c| digit(c).is_some()) && !k.ends_with('0')
}

/// A key strictly between `lo` (`""` = before everything) and `hi` (`None` = after
/// everything), or `None` when the bounds are not well-formed keys in increasing order.
pub(crate) fn between(lo: &str, hi: Option<&str>) -> Option<String> {
    if !(lo.is_empty() || is_key(lo)) || hi.is_some_and(|h| !is_key(h) || h <= lo) {
        return None;
    }
    let (lo, hi) = (lo.as_bytes(), hi.map(str::as_bytes));
    let mut out = Vec::new();
    let mut i = 0;
    if let Some(hi) = hi {
        // The common prefix, reading `lo` as padded with zeros.
        while i < hi.len() && lo.get(i).copied().unwrap_or(b'0') == hi[i] {
            out.push(hi[i]);
            i += 1;
        }
    }
    let mut lower = lo.get(i..).unwrap_or(&[]);
    let mut upper = hi.map(|h| h.get(i..).unwrap_or(&[]));
    loop {
        let dl = lower.first().and_then(|c| digit(*c)).unwrap_or(0);
        let up = upper.and_then(|u| u.first().copied());
        let du = up.and_then(digit).unwrap_or(BASE);
        if du > dl + 1 {
            out.push(DIGITS[(dl + du) / 2]);
            break;
        }
        match (upper, up) {
            // One digit of `hi` is already above `lo` and below `hi` itself.
            (Some(u), Some(first)) if u.len() > 1 => {
                out.push(first);
                break;
            }
            _ => {
                out.push(DIGITS[dl]);
                lower = lower.get(1..).unwrap_or(&[]);
                upper = None;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// `n` evenly spaced keys, as short as they can be.
pub(crate) fn spread(n: usize) -> Vec<String> {
    let mut width = 1;
    let mut space = BASE;
    while space <= n + 1 {
        width += 1;
        space = space.saturating_mul(BASE);
    }
    let step = space / (n + 1);
    (1..=n)
        .map(|j| {
            let mut v = j * step;
            let mut digits = vec![b'0'; width];
            for d in digits.iter_mut().rev() {
                *d = DIGITS[v % BASE];
                v /= BASE;
            }
            while digits.last() == Some(&b'0') {
                digits.pop();
            }
            String::from_utf8_lossy(&digits).into_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_fall_between_their_bounds() {
        assert_eq!(between("", None).as_deref(), Some("V"));
        assert_eq!(between("V", None).as_deref(), Some("k"));
        assert_eq!(between("", Some("1")).as_deref(), Some("0V"));
        assert_eq!(between("1", Some("2")).as_deref(), Some("1V"));
        assert_eq!(between("z", None).as_deref(), Some("zV"));
        for (lo, hi) in [("V", Some("V")), ("k", Some("V")), ("V0", None), ("a b", None), ("", Some(""))] {
            assert_eq!(between(lo, hi), None, "{lo:?} {hi:?}");
        }
    }

    #[test]
    fn spread_keys_are_increasing_and_short() {
        for n in [0, 1, 5, 61, 62, 500, 5000] {
            let keys = spread(n);
            assert_eq!(keys.len(), n);
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "n = {n}");
            assert!(keys.iter().all(|k| is_key(k) && k.len() <= 3), "n = {n}");
        }
    }

    proptest! {
        #[test]
        fn repeated_inserts_anywhere_keep_the_order(positions in proptest::collection::vec(0usize..1000, 1..200)) {
            let mut keys: Vec<String> = Vec::new();
            for p in positions {
                let at = p % (keys.len() + 1);
                let lo = if at == 0 { "" } else { keys[at - 1].as_str() };
                let hi = keys.get(at).map(String::as_str);
                let k = between(lo, hi);
                prop_assert!(k.is_some(), "no key between {lo:?} and {hi:?}");
                let k = k.unwrap_or_default();
                prop_assert!(is_key(&k) && k.as_str() > lo && hi.is_none_or(|h| k.as_str() < h));
                keys.insert(at, k);
            }
        }
    }
}
