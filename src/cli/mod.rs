//! The command line face: `copydesk check`, `quotes`, `names`, `explain`,
//! `rules`, `init`, `lsp`. It translates findings into reports; it holds no
//! linguistic logic.

pub mod input;
pub mod names;
pub mod quotes;

/// Run the CLI with the process arguments; returns the exit code.
pub fn main() -> i32 {
    eprintln!("copydesk: the command line is being built (issue 2)");
    2
}
