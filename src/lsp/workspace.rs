//! The server's view of the workspace on disk: which stylebook governs
//! each draft (discovered once per folder, reloaded when it changes, the
//! last good one kept while it is broken) and which drafts a folder holds.

use crate::draft::DraftKind;
use crate::stylebook::{Stylebook, StylebookError, FILE_NAMES};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Stylebooks by file, and which file governs each folder.
#[derive(Debug, Default)]
pub struct Stylebooks {
    /// Draft folder → the stylebook file found for it (if any).
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<PathBuf, Loaded>,
    /// Stylebook files whose diagnostics must be (re)published: with the
    /// error, or `None` to clear them.
    reports: Vec<(PathBuf, Option<StylebookError>)>,
}

#[derive(Debug, Default)]
struct Loaded {
    /// The last version of the file that parsed.
    good: Option<Stylebook>,
}

impl Stylebooks {
    /// The stylebook for a draft (before editor settings): `chosen` if the
    /// settings name one, else the one discovered from the draft's folder
    /// up to `root`, else the default.
    pub fn base_for(
        &mut self,
        draft: Option<&Path>,
        root: Option<&Path>,
        chosen: Option<&Path>,
    ) -> Stylebook {
        let file = match chosen {
            Some(p) => Some(p.to_path_buf()),
            None => draft.and_then(|d| {
                let dir = d.parent()?.to_path_buf();
                self.discovered
                    .entry(dir)
                    .or_insert_with(|| Stylebook::discover(d, root))
                    .clone()
            }),
        };
        let Some(file) = file else {
            return Stylebook::default();
        };
        if !self.loaded.contains_key(&file) {
            self.load(&file);
        }
        self.loaded
            .get(&file)
            .and_then(|l| l.good.clone())
            .unwrap_or_default()
    }

    /// Read a stylebook file, keeping the last good version when it fails,
    /// and queue its diagnostics.
    fn load(&mut self, file: &Path) {
        let entry = self.loaded.entry(file.to_path_buf()).or_default();
        match Stylebook::load(file) {
            Ok(book) => {
                entry.good = Some(book);
                self.reports.push((file.to_path_buf(), None));
            }
            Err(e) => self.reports.push((file.to_path_buf(), Some(e))),
        }
    }

    /// A stylebook file was created, changed or deleted.
    pub fn changed(&mut self, file: &Path) {
        // A new or deleted file changes which stylebook governs a folder.
        self.discovered.clear();
        if file.is_file() {
            self.load(file);
        } else {
            self.loaded.remove(file);
            self.reports.push((file.to_path_buf(), None));
        }
    }

    /// Forget every loaded stylebook (the settings changed which one to use).
    pub fn forget(&mut self) {
        self.discovered.clear();
        self.loaded.clear();
    }

    pub fn take_reports(&mut self) -> Vec<(PathBuf, Option<StylebookError>)> {
        std::mem::take(&mut self.reports)
    }
}

/// Whether a file is a stylebook (by name).
pub fn is_stylebook(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// The drafts (`.txt`, `.md`, `.markdown`) under a folder, respecting
/// `.gitignore` files as ripgrep does (with or without a git repository).
pub fn drafts_under(root: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| DraftKind::from_path(&p.to_string_lossy()).is_some())
        .collect()
}

/// The workspace folder a file belongs to (the innermost one).
pub fn root_of<'r>(roots: &'r [PathBuf], file: &Path) -> Option<&'r Path> {
    roots
        .iter()
        .filter(|r| file.starts_with(r))
        .max_by_key(|r| r.as_os_str().len())
        .map(PathBuf::as_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_stylebook_keeps_the_last_good_one() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("copydesk.json");
        let draft = dir.path().join("a.md");
        std::fs::write(&book, r#"{"house_style": "guardian"}"#).unwrap();
        let mut books = Stylebooks::default();
        let got = books.base_for(Some(&draft), Some(dir.path()), None);
        assert_eq!(got.house_style, crate::stylebook::HouseStyle::Guardian);
        assert_eq!(books.take_reports(), vec![(book.clone(), None)]);

        std::fs::write(&book, "{\n  \"house_style\": ,\n}").unwrap();
        books.changed(&book);
        let reports = books.take_reports();
        assert_eq!(reports.len(), 1);
        let err = reports[0].1.as_ref().expect("an error to show");
        assert_eq!(err.line, 2);
        let got = books.base_for(Some(&draft), Some(dir.path()), None);
        assert_eq!(
            got.house_style,
            crate::stylebook::HouseStyle::Guardian,
            "last good one"
        );

        std::fs::remove_file(&book).unwrap();
        books.changed(&book);
        assert_eq!(books.take_reports(), vec![(book.clone(), None)]);
        let got = books.base_for(Some(&draft), Some(dir.path()), None);
        assert_eq!(got, Stylebook::default());
    }

    #[test]
    fn walker_finds_drafts_and_respects_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "skip/\n").unwrap();
        std::fs::create_dir(dir.path().join("skip")).unwrap();
        std::fs::write(dir.path().join("skip/x.md"), "x").unwrap();
        std::fs::write(dir.path().join("a.md"), "a").unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("c.rs"), "c").unwrap();
        let mut found: Vec<String> = drafts_under(dir.path())
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        found.sort();
        assert_eq!(found, vec!["a.md", "b.txt"]);
    }
}
