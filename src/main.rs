fn main() {
    // `copydesk lsp [--stdio]` until the CLI dispatches it itself.
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("lsp") {
        std::process::exit(copydesk::lsp::run_stdio());
    }
    std::process::exit(copydesk::cli::main());
}
