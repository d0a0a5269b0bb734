//! The addon's allocator: large blocks (the layers of SLOS, results) come straight from `mmap`, 2 MiB-aligned and
//! marked for transparent huge pages; everything else goes to the system allocator.
//!
//! Why: a SLOS run of 14 photons on 14 modes writes about a gigabyte of fresh layers. With 4 KiB pages that is some
//! 200,000 page faults, and profiling (`perf record -e cpu-clock`) put about 40 % of the run's CPU time in the kernel
//! (faults, page clearing, unmapping). With 2 MiB pages the faults are 512 times fewer. Memory from `mmap` is zeroed
//! by the kernel, so zeroed allocations cost nothing more. Linux only; elsewhere the system allocator serves all.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks from this size up are mapped on their own with huge pages.
const LARGE: usize = 4 << 20;
/// The huge page size of x86-64 and aarch64 Linux.
const HUGE_PAGE: usize = 2 << 20;

/// The allocator (see the module comment).
pub struct HugePageAlloc;

#[cfg(target_os = "linux")]
mod os {
    use std::ffi::{c_int, c_long, c_void};

    pub const PROT_READ: c_int = 1;
    pub const PROT_WRITE: c_int = 2;
    pub const MAP_PRIVATE: c_int = 2;
    pub const MAP_ANONYMOUS: c_int = 0x20;
    pub const MADV_HUGEPAGE: c_int = 14;
    pub const MAP_FAILED: *mut c_void = !0usize as *mut c_void;

    extern "C" {
        pub fn mmap(addr: *mut c_void, len: usize, prot: c_int, flags: c_int, fd: c_int, off: c_long) -> *mut c_void;
        pub fn munmap(addr: *mut c_void, len: usize) -> c_int;
        pub fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
    }
}

/// `size` rounded up to whole huge pages.
fn mapped_len(size: usize) -> Option<usize> {
    size.checked_add(HUGE_PAGE - 1).map(|s| s & !(HUGE_PAGE - 1))
}

#[cfg(target_os = "linux")]
impl HugePageAlloc {
    /// A zeroed, huge-page-aligned mapping of `len` bytes (a multiple of the huge page size), or null.
    fn map(len: usize) -> *mut u8 {
        use std::ffi::c_void;
        let Some(total) = len.checked_add(HUGE_PAGE) else { return std::ptr::null_mut() };
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing touches no existing memory.
        let raw = unsafe {
            os::mmap(
                std::ptr::null_mut(),
                total,
                os::PROT_READ | os::PROT_WRITE,
                os::MAP_PRIVATE | os::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if raw == os::MAP_FAILED {
            return std::ptr::null_mut();
        }
        let start = raw as usize;
        let aligned = (start + HUGE_PAGE - 1) & !(HUGE_PAGE - 1);
        let head = aligned - start;
        let tail = total - head - len;
        // SAFETY: the head and tail are parts of the mapping just made, outside the range handed out.
        unsafe {
            if head > 0 {
                os::munmap(raw, head);
            }
            if tail > 0 {
                os::munmap((aligned + len) as *mut c_void, tail);
            }
            // Advice only: if the kernel declines, the mapping works with small pages.
            os::madvise(aligned as *mut c_void, len, os::MADV_HUGEPAGE);
        }
        aligned as *mut u8
    }
}

// SAFETY: small blocks are the system allocator's; a large block is a mapping of its own, made in `alloc` with the
// length `dealloc` recomputes from the same layout, and unmapped only there.
#[cfg(target_os = "linux")]
unsafe impl GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match mapped_len(layout.size()) {
            Some(len) if layout.size() >= LARGE && layout.align() <= HUGE_PAGE => Self::map(len),
            // SAFETY: forwarded with the caller's layout, under the caller's contract.
            _ => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match mapped_len(layout.size()) {
            // Fresh mappings are zero-filled by the kernel.
            Some(len) if layout.size() >= LARGE && layout.align() <= HUGE_PAGE => Self::map(len),
            // SAFETY: forwarded with the caller's layout, under the caller's contract.
            _ => unsafe { System.alloc_zeroed(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match mapped_len(layout.size()) {
            Some(len) if layout.size() >= LARGE && layout.align() <= HUGE_PAGE => {
                // SAFETY: `ptr` is the start of a mapping of `len` bytes made by `alloc` for this layout.
                unsafe { os::munmap(ptr.cast(), len) };
            }
            // SAFETY: a block the system allocator gave for this layout.
            _ => unsafe { System.dealloc(ptr, layout) },
        }
    }
}

// SAFETY: every call is forwarded to the system allocator.
#[cfg(not(target_os = "linux"))]
unsafe impl GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the caller's contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the caller's contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded under the caller's contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_blocks_are_zeroed_aligned_and_usable_small_ones_too() {
        for size in [16usize, LARGE - 1, LARGE, 3 * LARGE + 12_345] {
            let layout = Layout::from_size_align(size, 8).unwrap();
            // SAFETY: a non-zero layout; the block is written within its size and freed with the same layout.
            unsafe {
                let p = HugePageAlloc.alloc_zeroed(layout);
                assert!(!p.is_null());
                assert!((0..size).step_by(4096).all(|i| *p.add(i) == 0));
                p.write_bytes(7, size);
                assert_eq!(*p.add(size - 1), 7);
                if size >= LARGE && cfg!(target_os = "linux") {
                    assert_eq!(p as usize % HUGE_PAGE, 0);
                }
                HugePageAlloc.dealloc(p, layout);
            }
        }
    }
}
