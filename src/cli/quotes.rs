//! `copydesk quotes`: every quote with its kind, speaker and cue.

use super::input::LoadedDraft;

/// Print the quotes of `drafts` in `format` (`json`, `jsonl` or `human`);
/// returns the exit code.
pub fn run(drafts: &[LoadedDraft], format: &str) -> i32 {
    let _ = (drafts, format);
    eprintln!("copydesk quotes: no quote analysis in this build");
    2
}
