//! The process's allocator: the system's for the language server, mimalloc
//! for batch runs (`check`, `quotes`, `names`).
//!
//! A batch run over a folder makes hundreds of thousands of short-lived
//! allocations (words, mentions, spellings, findings) on every core, and
//! keeps what it learns of each draft until its report. There glibc's
//! malloc cost an eighth of the instructions and grew each thread's heap a
//! few pages at a time, every page faulted in on its own; mimalloc took 7%
//! off the instructions of `check` on 900 news articles and two thirds of
//! its page faults. The server is the other way round: a few documents
//! edited for hours, with a memory budget (DESIGN.md §8). There mimalloc
//! held three times the memory glibc does, so the server keeps the system
//! allocator.
//!
//! The binary declares [`Allocator`] as its global allocator; the command
//! line calls [`use_batch_allocator`] once it knows the command, before
//! its work starts. Blocks allocated before then (the parsed arguments)
//! are the system's, and go back to it: each block is freed by the
//! allocator that owns it, which mimalloc can tell from its own page map.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// Allocates from the system until [`use_batch_allocator`], from mimalloc
/// after; frees each block to the allocator it came from.
pub struct Allocator;

/// Set once, never cleared: after it, new blocks come from mimalloc.
static BATCH: AtomicBool = AtomicBool::new(false);

/// Allocate from mimalloc from now on (for the rest of the process).
/// Call it before starting threads: a thread started afterwards sees it.
pub fn use_batch_allocator() {
    BATCH.store(true, Ordering::Relaxed);
}

#[inline]
fn batch() -> bool {
    BATCH.load(Ordering::Relaxed)
}

/// Whether mimalloc allocated the block at `ptr`. Before the switch it
/// allocated nothing, and is not asked.
#[inline]
fn from_mimalloc(ptr: *mut u8) -> bool {
    // SAFETY: mi_is_in_heap_region only looks `ptr` up in mimalloc's page
    // map; it does not read the block.
    batch() && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
}

// SAFETY: every block is allocated by one of two sound allocators and
// freed or resized by the same one (`from_mimalloc`); the layouts are
// passed through unchanged.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if batch() {
                mimalloc::MiMalloc.alloc(layout)
            } else {
                System.alloc(layout)
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if batch() {
                mimalloc::MiMalloc.alloc_zeroed(layout)
            } else {
                System.alloc_zeroed(layout)
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on to the block's owner.
        unsafe {
            if from_mimalloc(ptr) {
                mimalloc::MiMalloc.dealloc(ptr, layout)
            } else {
                System.dealloc(ptr, layout)
            }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on to the block's owner (a
        // block stays with the allocator it came from when it grows).
        unsafe {
            if from_mimalloc(ptr) {
                mimalloc::MiMalloc.realloc(ptr, layout, new_size)
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fill a block of `Allocator` with a pattern, and check it.
    fn filled(layout: Layout, seed: u8) -> *mut u8 {
        // SAFETY: the layout has a non-zero size; the block is written
        // within it.
        unsafe {
            let p = Allocator.alloc(layout);
            assert!(!p.is_null());
            for i in 0..layout.size() {
                p.add(i).write(seed.wrapping_add(i as u8));
            }
            p
        }
    }

    fn holds(p: *mut u8, size: usize, seed: u8) -> bool {
        // SAFETY: `p` is a live block of at least `size` bytes, all written.
        (0..size).all(|i| unsafe { p.add(i).read() } == seed.wrapping_add(i as u8))
    }

    /// The test binary's own allocator is the system's; this drives
    /// `Allocator` directly, across the switch, as the binary goes
    /// through it: blocks from before it are resized and freed by the
    /// system, blocks from after it by mimalloc, whatever their alignment.
    #[test]
    fn blocks_from_before_and_after_the_switch_are_kept_resized_and_freed_by_their_owner() {
        let small = Layout::from_size_align(24, 8).expect("layout");
        let aligned = Layout::from_size_align(100, 64).expect("layout");
        let early = [filled(small, 1), filled(aligned, 2)];
        // SAFETY: not yet switched, nothing is mimalloc's.
        assert!(!early.iter().any(|&p| from_mimalloc(p)));
        use_batch_allocator();
        let late = [filled(small, 3), filled(aligned, 4)];
        assert!(late.iter().all(|&p| from_mimalloc(p)));
        assert!(!early.iter().any(|&p| from_mimalloc(p)));
        for (blocks, seeds) in [(early, [1, 2]), (late, [3, 4])] {
            for ((p, layout), seed) in blocks.into_iter().zip([small, aligned]).zip(seeds) {
                // SAFETY: `p` is a live block of `layout`, grown then freed
                // with the layout it has.
                unsafe {
                    let grown = Allocator.realloc(p, layout, 5000);
                    assert!(!grown.is_null());
                    assert_eq!(grown as usize % layout.align(), 0);
                    assert!(holds(grown, layout.size(), seed));
                    let grown_layout =
                        Layout::from_size_align(5000, layout.align()).expect("layout");
                    Allocator.dealloc(grown, grown_layout);
                }
            }
        }
        let zeroed = Layout::from_size_align(4096, 16).expect("layout");
        // SAFETY: a fresh zeroed block of 4096 bytes, read then freed.
        unsafe {
            let z = Allocator.alloc_zeroed(zeroed);
            assert!(!z.is_null() && from_mimalloc(z));
            assert!((0..4096).all(|i| z.add(i).read() == 0));
            Allocator.dealloc(z, zeroed);
        }
    }
}
