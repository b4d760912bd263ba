/// The system's allocator for the language server, mimalloc for batch
/// runs (see `copydesk::alloc`).
#[global_allocator]
static ALLOCATOR: copydesk::alloc::Allocator = copydesk::alloc::Allocator;

fn main() {
    std::process::exit(copydesk::cli::main());
}
