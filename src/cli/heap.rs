//! The memory of a batch run (`check`, `quotes`, `names` over a folder).
//!
//! A batch run keeps what it learns of every draft until its report (the
//! text, the findings, what the workspace index compares), so each worker's
//! heap only grows. glibc grows a worker thread's heap a few pages at a
//! time, one `mprotect` call each, and the kernel then faults the new pages
//! in one by one: on a folder of 900 news articles that was a sixth of the
//! command's CPU time. Each worker instead starts with a large heap that
//! the kernel may back with 2 MB pages: one fault where there were 512.
//! Nothing here changes what is computed; where the system lacks any of
//! it (another C library, huge pages switched off), it is advice ignored.

/// Heap set aside for each worker thread before it reads a draft. Address
/// space only: the kernel backs it with memory as the worker uses it.
const WORKER_HEAP: usize = 30 << 20;

/// Tell the C library to keep worker heaps large, and start the thread pool
/// with each worker's heap grown once. Call before the first parallel work.
pub fn prepare_for_batch() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        glibc::keep_heaps();
        // The main thread builds the workspace index and the report.
        glibc::grow_heap(WORKER_HEAP);
    }
    // An error means the pool is running already (a second run in one
    // process, as in tests): it keeps the heaps it has.
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| grow_worker_heap())
        .build_global();
}

fn grow_worker_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::grow_heap(WORKER_HEAP);
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    const HUGE_PAGE: usize = 2 << 20;

    /// Blocks up to 32 MB come from the heap rather than their own mapping
    /// (32 MB is glibc's upper limit), and a heap's free top is kept rather
    /// than handed back to the system.
    pub fn keep_heaps() {
        // SAFETY: mallopt only sets allocator parameters; both values are
        // within the documented ranges.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        }
    }

    /// Grow this thread's heap by `size` in one step and advise the kernel
    /// to back it with huge pages, then give the block back to the heap,
    /// where later allocations take it from.
    pub fn grow_heap(size: usize) {
        // SAFETY: the block is ours from malloc to free and is not
        // touched; madvise only advises on pages inside it.
        unsafe {
            let block = libc::malloc(size);
            if block.is_null() {
                return;
            }
            let start = (block as usize).next_multiple_of(HUGE_PAGE);
            let end = (block as usize + size) / HUGE_PAGE * HUGE_PAGE;
            if end > start {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
            libc::free(block);
        }
    }
}
