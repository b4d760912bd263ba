//! `check --fix`: apply the safe fixes, atomically, and never over a file
//! that changed since it was read.

use super::input::{decode, LoadedDraft};
use crate::finding::{Edit, Finding, Fix};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `--fix` did.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// Findings whose fix was applied.
    pub fixed: usize,
    /// Files rewritten.
    pub files: usize,
    /// Files left alone, and why (one line each, for stderr).
    pub errors: Vec<String>,
}

/// How a guarded write ended.
#[derive(Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    /// The file on disk no longer holds the bytes the fix was made from.
    Changed,
}

/// Apply the safe fixes of `findings` (`findings[i]` belongs to
/// `drafts[i]`): at most one fix per finding, a fix only when none of its
/// edits overlaps an edit already taken, edits into other drafts only when
/// the fix itself makes them (and the draft was loaded).
pub fn apply(drafts: &[LoadedDraft], findings: &[Vec<Finding>]) -> FixOutcome {
    let index: HashMap<&str, usize> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let mut taken: Vec<Vec<Edit>> = vec![Vec::new(); drafts.len()];
    // For each fix taken, the drafts it edits.
    let mut fixes_taken: Vec<Vec<usize>> = Vec::new();
    for (draft, list) in drafts.iter().zip(findings) {
        for f in list {
            let Some(fix) = f.fixes.iter().find(|x| x.safe && x.create.is_none()) else {
                continue;
            };
            if let Some(edits) = plan(fix, &draft.path, drafts, &index, &taken) {
                let mut targets: Vec<usize> = edits.iter().map(|(t, _)| *t).collect();
                targets.dedup();
                for (target, edit) in edits {
                    taken[target].push(edit);
                }
                fixes_taken.push(targets);
            }
        }
    }
    let mut outcome = FixOutcome::default();
    let mut written = vec![false; drafts.len()];
    for (i, edits) in taken.iter().enumerate() {
        if edits.is_empty() {
            continue;
        }
        match rewrite(&drafts[i], edits) {
            Ok(()) => {
                written[i] = true;
                outcome.files += 1;
            }
            Err(e) => outcome.errors.push(e),
        }
    }
    // A fix is applied when every draft it edits was written.
    outcome.fixed = fixes_taken
        .iter()
        .filter(|targets| targets.iter().all(|&t| written[t]))
        .count();
    outcome
}

/// The edits of `fix` as (draft index, edit with `path: None`), or `None`
/// when one of them is out of bounds, touches an unloaded file or overlaps
/// an edit already taken.
fn plan(
    fix: &Fix,
    here: &str,
    drafts: &[LoadedDraft],
    index: &HashMap<&str, usize>,
    taken: &[Vec<Edit>],
) -> Option<Vec<(usize, Edit)>> {
    let mut out: Vec<(usize, Edit)> = Vec::new();
    for e in &fix.edits {
        let target = *index.get(e.path.as_deref().unwrap_or(here))?;
        let text = &drafts[target].text;
        let r = &e.range;
        let valid = r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        let clash = |other: &Edit| overlaps(&other.range, r);
        if !valid
            || taken[target].iter().any(clash)
            || out.iter().any(|(t, o)| *t == target && clash(o))
        {
            return None;
        }
        out.push((target, Edit::here(r.clone(), e.replacement.clone())));
    }
    Some(out)
}

/// Two edits conflict when their ranges share a byte, or both insert at
/// the same place (the order of the insertions would be a guess).
fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start.max(b.start) < a.end.min(b.end) || a.start == b.start
}

/// The draft's text with `edits` applied, in the draft's line endings.
pub fn fixed_text(text: &str, edits: &[Edit]) -> String {
    let crlf = uses_crlf(text);
    let edits: Vec<Edit> = edits
        .iter()
        .map(|e| Edit {
            path: None,
            range: e.range.clone(),
            replacement: if crlf {
                to_crlf(&e.replacement)
            } else {
                e.replacement.clone()
            },
        })
        .collect();
    crate::apply_edits(text, &edits)
}

/// Whether most of the text's line breaks are CRLF.
fn uses_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    crlf > 0 && crlf * 2 >= text.matches('\n').count()
}

fn to_crlf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Rewrite one draft: re-read it, check it is still the text that was
/// linted, keep its byte-order mark, write atomically.
fn rewrite(draft: &LoadedDraft, edits: &[Edit]) -> Result<(), String> {
    let path = Path::new(&draft.path);
    let original = std::fs::read(path).map_err(|e| format!("{}: not fixed: {e}", draft.path))?;
    if decode(&original).ok().as_deref() != Some(draft.text.as_str()) {
        return Err(format!(
            "{}: not fixed: the file changed since it was read",
            draft.path
        ));
    }
    let mut bytes = Vec::with_capacity(original.len() + 64);
    if original.starts_with(b"\xEF\xBB\xBF") {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(fixed_text(&draft.text, edits).as_bytes());
    match write_if_unchanged(path, &original, &bytes) {
        Ok(WriteOutcome::Written) => Ok(()),
        Ok(WriteOutcome::Changed) => Err(format!(
            "{}: not fixed: the file changed while the fix was being written",
            draft.path
        )),
        Err(e) => Err(format!("{}: not fixed: {e}", draft.path)),
    }
}

/// Replace the file at `path` with `new`, but only if it still holds
/// `original`: the new content goes to a temporary file in the same folder
/// (same permissions), the file is read once more, and only then is the
/// temporary file renamed over it. A symlink is followed, not replaced.
pub fn write_if_unchanged(
    path: &Path,
    original: &[u8],
    new: &[u8],
) -> std::io::Result<WriteOutcome> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let temp = temp_path(&target);
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(new)?;
        file.sync_all()?;
        std::fs::set_permissions(&temp, permissions)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    if std::fs::read(&target)? != original {
        let _ = std::fs::remove_file(&temp);
        return Ok(WriteOutcome::Changed);
    }
    if let Err(e) = std::fs::rename(&temp, &target) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(WriteOutcome::Written)
}

/// `.name.copydesk-PID-N.tmp` beside the file (same folder, so the rename
/// is atomic on one file system).
fn temp_path(target: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = format!(".{name}.copydesk-{}-{n}.tmp", std::process::id());
    target.with_file_name(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "Kiev.").unwrap();
        let original = fs::read(&path).unwrap();
        // Someone saves the file between our read and our write.
        fs::write(&path, "Kiev, edited.").unwrap();
        let outcome = write_if_unchanged(&path, &original, b"Kyiv.").unwrap();
        assert_eq!(outcome, WriteOutcome::Changed);
        assert_eq!(fs::read_to_string(&path).unwrap(), "Kiev, edited.");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unchanged_file_is_replaced_with_its_permissions_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "Kiev.").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let outcome = write_if_unchanged(&path, b"Kiev.", b"Kyiv.").unwrap();
        assert_eq!(outcome, WriteOutcome::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "Kyiv.");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replacements_take_the_drafts_line_endings() {
        let text = "One.\r\nTwo.\r\n";
        let edits = [Edit::here(4..4, "\nAdded.")];
        assert_eq!(fixed_text(text, &edits), "One.\r\nAdded.\r\nTwo.\r\n");
        assert_eq!(fixed_text("One.\nTwo.\n", &edits), "One.\nAdded.\nTwo.\n");
    }

    #[test]
    fn overlapping_and_same_point_edits_conflict() {
        assert!(overlaps(&(0..4), &(2..6)));
        assert!(overlaps(&(3..3), &(3..3)));
        assert!(!overlaps(&(0..4), &(4..6)));
        assert!(!overlaps(&(0..0), &(1..1)));
    }

    fn loaded(path: &Path, text: &str) -> LoadedDraft {
        LoadedDraft {
            path: path.to_string_lossy().into_owned(),
            text: text.into(),
            kind: crate::draft::DraftKind::Plain,
            stylebook: Default::default(),
        }
    }

    fn finding(range: std::ops::Range<usize>, to: &str, safe: bool) -> Finding {
        Finding::new(
            "name.stylebook",
            crate::finding::Severity::Warning,
            range.clone(),
            "m",
        )
        .with_fix(Fix::new("fix", safe, vec![Edit::here(range, to)]))
    }

    #[test]
    fn applies_safe_fixes_only_and_skips_overlaps_keeping_the_bom() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, b"\xEF\xBB\xBFKiev and Kiev and Kiev.\r\n").unwrap();
        let d = loaded(&path, "Kiev and Kiev and Kiev.\r\n");
        let findings = vec![vec![
            finding(0..4, "Kyiv", true),
            finding(2..6, "XX", true),     // overlaps the first: skipped
            finding(9..13, "Kyiv", false), // not safe: skipped
            finding(18..22, "Kyiv", true),
        ]];
        let outcome = apply(std::slice::from_ref(&d), &findings);
        assert_eq!(
            (outcome.fixed, outcome.files),
            (2, 1),
            "{:?}",
            outcome.errors
        );
        assert_eq!(
            fs::read(&path).unwrap(),
            b"\xEF\xBB\xBFKyiv and Kiev and Kyiv.\r\n"
        );
    }

    #[test]
    fn a_safe_fix_edits_other_drafts_when_it_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let (pa, pb) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        fs::write(&pa, "Zelenskyy spoke.").unwrap();
        fs::write(&pb, "Then Zelenskiy left.").unwrap();
        let (a, b) = (
            loaded(&pa, "Zelenskyy spoke."),
            loaded(&pb, "Then Zelenskiy left."),
        );
        let everywhere = Fix::new(
            "Change to “Zelenskyy” in every draft",
            true,
            vec![Edit {
                path: Some(b.path.clone()),
                range: 5..14,
                replacement: "Zelenskyy".into(),
            }],
        );
        let f = Finding::new(
            "name.inconsistent",
            crate::finding::Severity::Warning,
            0..9,
            "m",
        )
        .with_fix(everywhere);
        // b's own finding would change it the other way: it overlaps, so
        // only the first fix taken applies.
        let g = finding(5..14, "Zelenskiy!", true);
        let outcome = apply(&[a, b], &[vec![f], vec![g]]);
        assert_eq!(
            (outcome.fixed, outcome.files),
            (1, 1),
            "{:?}",
            outcome.errors
        );
        assert_eq!(fs::read_to_string(&pa).unwrap(), "Zelenskyy spoke.");
        assert_eq!(fs::read_to_string(&pb).unwrap(), "Then Zelenskyy left.");
    }

    #[test]
    fn a_fix_into_a_file_that_was_not_checked_is_not_applied() {
        let dir = tempfile::tempdir().unwrap();
        let pa = dir.path().join("a.txt");
        fs::write(&pa, "Kiev.").unwrap();
        let a = loaded(&pa, "Kiev.");
        let fix = Fix::new(
            "two files",
            true,
            vec![
                Edit::here(0..4, "Kyiv"),
                Edit {
                    path: Some("elsewhere.txt".into()),
                    range: 0..1,
                    replacement: "x".into(),
                },
            ],
        );
        let f = Finding::new(
            "name.stylebook",
            crate::finding::Severity::Warning,
            0..4,
            "m",
        )
        .with_fix(fix);
        let outcome = apply(&[a], &[vec![f]]);
        assert_eq!(outcome.files, 0);
        assert_eq!(fs::read_to_string(&pa).unwrap(), "Kiev.");
    }

    #[test]
    fn a_draft_changed_after_loading_is_reported_not_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "Kiev, rewritten.").unwrap();
        let d = loaded(&path, "Kiev.");
        let outcome = apply(
            std::slice::from_ref(&d),
            &[vec![finding(0..4, "Kyiv", true)]],
        );
        assert_eq!(outcome.files, 0);
        assert!(outcome.errors[0].contains("changed since it was read"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "Kiev, rewritten.");
    }
}
