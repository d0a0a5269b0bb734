//! Which instruction set the permanent kernels run on, chosen once at run time from what the CPU reports.
//!
//! Published binaries are built for the baseline target (never `target-cpu=native`), so the AVX kernels are
//! compiled with `#[target_feature]` and only ever called through a [`Verified`] kernel, which exists only
//! after `is_x86_feature_detected!` said yes.

use std::sync::OnceLock;

/// A permanent kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// Plain Rust on 8-lane arrays; runs everywhere.
    Portable,
    /// x86-64 AVX2 + FMA, 4 doubles per vector.
    Avx2,
    /// x86-64 AVX-512F, 8 doubles per vector.
    Avx512,
}

impl Kernel {
    /// Every kernel, slowest first.
    pub const ALL: [Kernel; 3] = [Kernel::Portable, Kernel::Avx2, Kernel::Avx512];

    /// True if this CPU can run the kernel.
    pub fn is_available(self) -> bool {
        match self {
            Kernel::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => is_x86_feature_detected!("avx512f"),
            #[cfg(not(target_arch = "x86_64"))]
            Kernel::Avx2 | Kernel::Avx512 => false,
        }
    }

    /// The fastest kernel this CPU runs (detected once, then cached).
    pub fn best() -> Kernel {
        static BEST: OnceLock<Kernel> = OnceLock::new();
        *BEST.get_or_init(|| Kernel::ALL.into_iter().rev().find(|k| k.is_available()).unwrap_or(Kernel::Portable))
    }

    /// Every kernel this CPU runs.
    pub fn available() -> Vec<Kernel> {
        Kernel::ALL.into_iter().filter(|k| k.is_available()).collect()
    }

    /// The CPU features the kernel needs, as `/proc/cpuinfo` lists them.
    pub fn features(self) -> &'static str {
        match self {
            Kernel::Portable => "nothing",
            Kernel::Avx2 => "avx2 and fma",
            Kernel::Avx512 => "avx512f",
        }
    }

    /// Lowercase name, as benchmarks print it.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Portable => "portable",
            Kernel::Avx2 => "avx2",
            Kernel::Avx512 => "avx512",
        }
    }
}

/// A kernel the running CPU is known to support: the only way the SIMD code paths are reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Verified(Kernel);

impl Verified {
    /// `Some` only if the CPU supports `kernel`.
    pub fn new(kernel: Kernel) -> Option<Verified> {
        kernel.is_available().then_some(Verified(kernel))
    }

    /// The fastest supported kernel.
    pub fn best() -> Verified {
        Verified(Kernel::best())
    }

    pub fn kernel(self) -> Kernel {
        self.0
    }

    /// The next kernel with narrower blocks that this CPU runs, for matrices too small for this one's blocks.
    pub fn narrower(self) -> Option<Verified> {
        let position = Kernel::ALL.iter().position(|&k| k == self.0)?;
        Kernel::ALL[..position].iter().rev().find_map(|&k| Verified::new(k))
    }
}

/// For a test of one SIMD kernel: the kernel, when this CPU runs it; otherwise `None`, after one line on standard
/// error saying that `test` skipped it and why. The line is written to the stream itself, past the test harness's
/// capture, so it shows in every run and a skip never passes silently.
#[cfg(test)]
pub(crate) fn kernel_under_test(kernel: Kernel, test: &str) -> Option<Verified> {
    let verified = Verified::new(kernel);
    if verified.is_none() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "{test}: SKIPPED, this CPU does not report {} (/proc/cpuinfo), so the {} kernel cannot run here",
            kernel.features(),
            kernel.name()
        );
    }
    verified
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portable_kernel_is_always_available_and_best_is_available() {
        assert!(Kernel::Portable.is_available());
        assert!(Kernel::best().is_available());
        assert!(Kernel::available().contains(&Kernel::best()));
        assert_eq!(Verified::best().kernel(), Kernel::best());
        assert_eq!(Verified::new(Kernel::Portable).unwrap().narrower(), None);
        if let Some(avx2) = Verified::new(Kernel::Avx2) {
            assert_eq!(avx2.narrower().map(Verified::kernel), Some(Kernel::Portable));
        }
    }
}
