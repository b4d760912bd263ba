//! `copydesk names`: every person with spellings, titles, counts and files.

use super::input::LoadedDraft;

/// Print the people of `drafts` in `format` (`json` or `human`); returns
/// the exit code.
pub fn run(drafts: &[LoadedDraft], format: &str) -> i32 {
    let _ = (drafts, format);
    eprintln!("copydesk names: no name analysis in this build");
    2
}
