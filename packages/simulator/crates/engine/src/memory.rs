//! The memory guard: every request estimates what it will allocate before allocating it, and fails with
//! [`EngineError::ResourceLimit`] instead of being killed by the operating system.

use crate::error::{EngineError, Result};

/// Share of the available memory a request may use by default.
const DEFAULT_SHARE: f64 = 0.7;
/// Used when the platform does not tell how much memory there is (no `/proc/meminfo`).
const FALLBACK_LIMIT: u64 = 4 << 30;

/// Reads a `/proc/meminfo` field (in kB) as bytes.
fn meminfo_field(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name) && l[name.len()..].starts_with(':'))?;
    let kb: u64 = line[name.len() + 1..].split_whitespace().next()?.parse().ok()?;
    kb.checked_mul(1024)
}

/// The limit applied when a request sets none: 70 % of `MemAvailable` (else of `MemTotal`), or 4 GiB when the
/// platform does not say.
pub fn default_limit() -> u64 {
    let Ok(text) = std::fs::read_to_string("/proc/meminfo") else {
        return FALLBACK_LIMIT;
    };
    match meminfo_field(&text, "MemAvailable").or_else(|| meminfo_field(&text, "MemTotal")) {
        Some(bytes) => (bytes as f64 * DEFAULT_SHARE) as u64,
        None => FALLBACK_LIMIT,
    }
}

/// The limit of a request: its own, or [`default_limit`].
pub fn limit(requested: Option<u64>) -> u64 {
    requested.unwrap_or_else(default_limit)
}

/// Human-readable size, e.g. `7.21 GB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.2} {}", UNITS[unit])
    }
}

/// Fails when `required` bytes (`None`: more than can be addressed) exceed `limit`. `what` describes the work, e.g.
/// "SLOS with 16 photons on 16 modes (300,540,195 output states)".
pub fn check(required: Option<u64>, limit: u64, what: &str) -> Result<()> {
    match required {
        Some(bytes) if bytes <= limit => Ok(()),
        Some(bytes) => Err(EngineError::ResourceLimit {
            required_bytes: bytes,
            limit_bytes: limit,
            message: format!(
                "{what} needs {} of memory, above the limit of {}",
                format_bytes(bytes),
                format_bytes(limit)
            ),
        }),
        None => Err(EngineError::ResourceLimit {
            required_bytes: u64::MAX,
            limit_bytes: limit,
            message: format!("{what} needs more memory than can be addressed (limit {})", format_bytes(limit)),
        }),
    }
}

/// Makes room in `buf` for `additional` more elements, doubling its capacity for amortised appends but never past
/// `bound` elements in all (or past what is needed, if more): a buffer filled piece by piece up to a size checked
/// against the limit then never holds more than that size, where plain `Vec` growth could double it.
pub fn reserve_within<T>(buf: &mut Vec<T>, additional: usize, bound: usize) {
    let needed = buf.len().saturating_add(additional);
    if needed <= buf.capacity() {
        return;
    }
    let target = buf.capacity().saturating_mul(2).min(bound).max(needed);
    buf.reserve_exact(target - buf.len());
}

/// `1234567` → `1,234,567`, for state counts in messages.
pub fn group_digits(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_meminfo_fields_in_bytes() {
        let text = "MemTotal:       24000000 kB\nMemFree:        100 kB\nMemAvailable:   20000000 kB\n";
        assert_eq!(meminfo_field(text, "MemAvailable"), Some(20_000_000 * 1024));
        assert_eq!(meminfo_field(text, "MemTotal"), Some(24_000_000 * 1024));
        assert_eq!(meminfo_field(text, "Missing"), None);
        assert!(default_limit() > 0);
    }

    #[test]
    fn over_the_limit_is_a_resource_limit_error_naming_the_sizes() {
        assert!(check(Some(10), 10, "x").is_ok());
        match check(Some(7_212_964_680), 1_000_000_000, "SLOS with 16 photons on 16 modes") {
            Err(EngineError::ResourceLimit { required_bytes, limit_bytes, message }) => {
                assert_eq!((required_bytes, limit_bytes), (7_212_964_680, 1_000_000_000));
                assert_eq!(
                    message,
                    "SLOS with 16 photons on 16 modes needs 7.21 GB of memory, above the limit of 1.00 GB"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(check(None, 5, "huge"), Err(EngineError::ResourceLimit { .. })));
        assert_eq!(group_digits(300_540_195), "300,540,195");
        assert_eq!(group_digits(12), "12");
    }

    #[test]
    fn buffers_grow_by_doubling_but_never_past_their_bound() {
        let mut buf: Vec<u8> = Vec::new();
        reserve_within(&mut buf, 100, 1_000);
        assert!(buf.capacity() >= 100);
        buf.resize(100, 0);
        // Room already there: nothing changes.
        let cap = buf.capacity();
        reserve_within(&mut buf, cap - 100, 1_000);
        assert_eq!(buf.capacity(), cap);
        // Appends of 100 up to the bound end with exactly the bound, never double.
        while buf.len() < 1_000 {
            reserve_within(&mut buf, 100, 1_000);
            assert!(buf.capacity() <= 1_000, "capacity {}", buf.capacity());
            buf.resize(buf.len() + 100, 0);
        }
        assert_eq!(buf.capacity(), 1_000);
        // Past the bound a caller still gets what it asks for.
        reserve_within(&mut buf, 10, 1_000);
        assert!(buf.capacity() >= 1_010);
    }
}
