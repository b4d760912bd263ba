//! Finding and reading the drafts a command is given: the folder walk, the
//! checks that a file is text, and each draft's stylebook. Shared by
//! `check`, `quotes` and `names`.

use crate::draft::DraftKind;
use crate::stylebook::Stylebook;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are refused: a news draft is a few hundred
/// kilobytes at most, and a file this big is almost surely not a draft.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// A draft read from disk, with the stylebook that governs it.
#[derive(Debug, Clone)]
pub struct LoadedDraft {
    /// The path as the user gave it (or as found under a folder they gave),
    /// with `/` separators.
    pub path: String,
    /// The text, without a leading byte-order mark.
    pub text: String,
    pub kind: DraftKind,
    pub stylebook: Arc<Stylebook>,
}

/// A stylebook and its `ignore` globs, compiled once.
struct Book {
    stylebook: Arc<Stylebook>,
    /// The folder the `ignore` globs are relative to.
    base: PathBuf,
    ignore: GlobSet,
}

/// Stylebooks by the folder they were looked up from, so each folder's
/// lookup and each stylebook's parse happen once.
#[derive(Default)]
struct Books {
    override_book: Option<Arc<Book>>,
    /// Folder → the stylebook found walking up from it (None: defaults).
    by_folder: HashMap<PathBuf, Option<Arc<Book>>>,
    /// Stylebook file → its parse (or the error, reported once).
    by_file: HashMap<PathBuf, Result<Arc<Book>, ()>>,
    errors: Vec<String>,
}

impl Books {
    /// The stylebook for a draft at `abs` (an absolute path): `Ok(None)` for
    /// the defaults, `Err` when its stylebook is broken (reported once).
    fn for_draft(&mut self, abs: &Path) -> Result<Option<Arc<Book>>, ()> {
        if let Some(book) = &self.override_book {
            return Ok(Some(book.clone()));
        }
        let folder = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        if let Some(found) = self.by_folder.get(&folder) {
            return Ok(found.clone());
        }
        let found = match Stylebook::discover(abs, None) {
            None => None,
            Some(file) => Some(self.load(&file)?),
        };
        self.by_folder.insert(folder, found.clone());
        Ok(found)
    }

    fn load(&mut self, file: &Path) -> Result<Arc<Book>, ()> {
        if let Some(done) = self.by_file.get(file) {
            return done.clone();
        }
        let result = compile(file).map(Arc::new).map_err(|e| self.errors.push(e));
        self.by_file.insert(file.to_path_buf(), result.clone());
        result
    }
}

/// Read a stylebook and compile its `ignore` globs.
fn compile(file: &Path) -> Result<Book, String> {
    let stylebook = Stylebook::load(file).map_err(|e| e.to_string())?;
    let mut set = GlobSetBuilder::new();
    for pattern in &stylebook.ignore {
        let glob = Glob::new(pattern)
            .map_err(|e| format!("{}: bad `ignore` glob {pattern:?}: {e}", file.display()))?;
        set.add(glob);
        // "archive" also means everything under it, as in .gitignore.
        if !pattern.ends_with("/**") {
            if let Ok(under) = Glob::new(&format!("{}/**", pattern.trim_end_matches('/'))) {
                set.add(under);
            }
        }
    }
    let ignore = set
        .build()
        .map_err(|e| format!("{}: bad `ignore` globs: {e}", file.display()))?;
    let base = file.parent().unwrap_or(Path::new("/")).to_path_buf();
    Ok(Book {
        stylebook: Arc::new(stylebook),
        base,
        ignore,
    })
}

impl Book {
    fn ignores(&self, abs: &Path) -> bool {
        abs.strip_prefix(&self.base)
            .is_ok_and(|rel| self.ignore.is_match(rel))
    }
}

/// Make a path absolute without touching symlinks (so it still starts with
/// the folder the user typed).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The path as shown in reports: as given, `/`-separated, no leading `./`.
pub fn display_path(path: &Path) -> String {
    // Most paths are UTF-8 with `/` only: one copy, at the end.
    if let Some(s) = path.to_str().filter(|s| !s.contains('\\')) {
        let mut s = s;
        while let Some(rest) = s.strip_prefix("./") {
            s = rest;
        }
        return s.to_string();
    }
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// The draft files under `paths`: folders are walked (respecting
/// .gitignore and hidden files, like ripgrep) for `.txt`, `.md` and
/// `.markdown`; files named explicitly are taken whatever their extension.
fn collect(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<(PathBuf, DraftKind)> {
    let mut files = Vec::new();
    for root in paths {
        if root.is_file() {
            let kind = DraftKind::from_path_or_plain(&root.to_string_lossy());
            files.push((root.clone(), kind));
            continue;
        }
        if !root.exists() {
            errors.push(format!("{}: no such file or folder", root.display()));
            continue;
        }
        let walk = ignore::WalkBuilder::new(root).require_git(false).build();
        for entry in walk {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    if let Some(kind) = DraftKind::from_path(&entry.path().to_string_lossy()) {
                        files.push((entry.into_path(), kind));
                    }
                }
                Err(e) => errors.push(format!("{e}")),
            }
        }
    }
    sorted_once(files)
}

/// The files sorted by path, each path once (the first found kept), in
/// `Path`'s order and equality: both are defined by `components()`, so
/// each path is split once and the sort compares the parts (splitting both
/// paths anew at each of a sort's comparisons was a tenth of loading a
/// folder).
fn sorted_once(files: Vec<(PathBuf, DraftKind)>) -> Vec<(PathBuf, DraftKind)> {
    let order = {
        let keys: Vec<Vec<Component>> = files
            .iter()
            .map(|(p, _)| p.components().collect())
            .collect();
        let mut order: Vec<usize> = (0..files.len()).collect();
        // Stable, as the sort of the paths themselves was: of equal paths,
        // the first found stays first.
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        order.dedup_by(|a, b| keys[*a] == keys[*b]);
        order
    };
    let mut slots: Vec<Option<(PathBuf, DraftKind)>> = files.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// Why a file cannot be read as a draft, if it cannot.
///
/// The size is asked of the open file (one system call fewer a draft than
/// asking the path and then reading it, and the size checked is the size
/// of the file read), and no more than the limit is read if the file grows
/// meanwhile.
pub fn read_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let fail = |e: std::io::Error| format!("{shown}: {e}");
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let size = file.metadata().map_err(fail)?.len();
    let too_big = |size: u64| {
        format!(
            "{shown}: skipped: {size} bytes is more than the {} MB limit for a draft",
            MAX_FILE_BYTES / (1024 * 1024)
        )
    };
    if size > MAX_FILE_BYTES {
        return Err(too_big(size));
    }
    let bytes = read_up_to(&mut file, size, MAX_FILE_BYTES).map_err(fail)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode_owned(bytes).map_err(|why| format!("{shown}: skipped: {why}"))
}

/// The bytes of `file`, expected to be `size` long (its room is made
/// once), and no more than one byte past `limit` if the file has grown
/// since its size was taken. (`std::fs::read` would ask the size again.)
fn read_up_to(file: &mut impl std::io::Read, size: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let room = usize::try_from(size.min(limit).saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(room);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// [`decode`], keeping the bytes as read (no copy of the whole file, unless
/// it opens with a byte-order mark).
fn decode_owned(mut bytes: Vec<u8>) -> Result<String, &'static str> {
    if memchr::memchr(0, &bytes).is_some() {
        return Err("looks binary (contains NUL bytes)");
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text")
}

/// The text of a draft file's bytes, without a byte-order mark, or why it
/// is not a text file.
pub fn decode(bytes: &[u8]) -> Result<String, &'static str> {
    decode_owned(bytes.to_vec())
}

/// Find and read the drafts under `paths` (an empty list means `.`), each
/// with its stylebook (`stylebook_override` for all when given). Returns
/// the drafts, sorted by path, and the errors (one line each, ready for
/// stderr): missing paths, unreadable or binary files, broken stylebooks.
/// A draft whose stylebook is broken is not loaded.
pub fn load_drafts(
    paths: &[PathBuf],
    stylebook_override: Option<&Path>,
) -> (Vec<LoadedDraft>, Vec<String>) {
    let default_paths = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default_paths[..]
    } else {
        paths
    };
    let mut books = Books::default();
    if let Some(file) = stylebook_override {
        match compile(file) {
            Ok(book) => books.override_book = Some(Arc::new(book)),
            Err(e) => return (Vec::new(), vec![e]),
        }
    }
    let mut errors = Vec::new();
    let files = collect(paths, &mut errors);
    let default_book = Arc::new(Stylebook::default());
    let mut todo = Vec::new();
    for (path, kind) in files {
        let abs = absolute(&path);
        match books.for_draft(&abs) {
            Err(()) => {}
            Ok(Some(book)) if book.ignores(&abs) => {}
            Ok(book) => {
                let stylebook = book.map_or_else(|| default_book.clone(), |b| b.stylebook.clone());
                todo.push((path, kind, stylebook));
            }
        }
    }
    errors.append(&mut books.errors);
    let read: Vec<Result<LoadedDraft, String>> = todo
        .into_par_iter()
        .map(|(path, kind, stylebook)| {
            read_text(&path).map(|text| LoadedDraft {
                path: display_path(&path),
                text,
                kind,
                stylebook,
            })
        })
        .collect();
    let mut drafts = Vec::new();
    for r in read {
        match r {
            Ok(d) => drafts.push(d),
            Err(e) => errors.push(e),
        }
    }
    drafts.sort_by(|a, b| a.path.cmp(&b.path));
    (drafts, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A file read in small pieces, with one interruption, as a slow disk
    /// or a signal would have it.
    struct Trickle<'a> {
        bytes: &'a [u8],
        interrupted: bool,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if !self.interrupted {
                self.interrupted = true;
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(self.bytes.len()).min(3);
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn trickle(bytes: &[u8]) -> Trickle<'_> {
        Trickle {
            bytes,
            interrupted: false,
        }
    }

    #[test]
    fn a_file_is_read_whole_whatever_its_size_said() {
        let text = b"The mayor said the budget would pass.";
        for size in [0, 5, text.len() as u64, 1000] {
            let read = read_up_to(&mut trickle(text), size, 1 << 20).expect("read");
            assert_eq!(read, text, "size {size}");
        }
    }

    #[test]
    fn a_file_that_grew_past_the_limit_is_read_one_byte_past_it() {
        let text = [b'a'; 100];
        let read = read_up_to(&mut trickle(&text), 10, 40).expect("read");
        assert_eq!(read.len(), 41);
    }

    fn names(drafts: &[LoadedDraft], root: &Path) -> Vec<String> {
        let root = display_path(root);
        drafts
            .iter()
            .map(|d| {
                d.path
                    .strip_prefix(&format!("{root}/"))
                    .unwrap_or(&d.path)
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn walks_drafts_respecting_gitignore_and_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.md"), "One.").unwrap();
        fs::write(root.join("b.txt"), "Two.").unwrap();
        fs::write(root.join("c.rs"), "fn main() {}").unwrap();
        fs::write(root.join(".gitignore"), "skipped.md\n").unwrap();
        fs::write(root.join("skipped.md"), "Three.").unwrap();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/d.markdown"), "Four.").unwrap();
        let (drafts, errors) = load_drafts(&[root.to_path_buf()], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names(&drafts, root), ["a.md", "b.txt", "sub/d.markdown"]);
        assert_eq!(drafts[0].kind, DraftKind::Markdown);
        assert_eq!(drafts[1].kind, DraftKind::Plain);
    }

    #[test]
    fn explicit_files_of_any_extension_are_plain_text() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("story.text");
        fs::write(&file, "One.").unwrap();
        let (drafts, errors) = load_drafts(std::slice::from_ref(&file), None);
        assert!(errors.is_empty());
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].kind, DraftKind::Plain);
    }

    #[test]
    fn binary_and_non_utf8_files_are_errors_and_the_rest_load() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("good.txt"), "Fine.").unwrap();
        fs::write(root.join("nul.txt"), b"a\0b").unwrap();
        fs::write(root.join("latin1.txt"), b"caf\xe9").unwrap();
        let (drafts, errors) = load_drafts(&[root.to_path_buf()], None);
        assert_eq!(names(&drafts, root), ["good.txt"]);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors
            .iter()
            .any(|e| e.contains("latin1.txt") && e.contains("not UTF-8")));
        assert!(errors
            .iter()
            .any(|e| e.contains("nul.txt") && e.contains("binary")));
    }

    #[test]
    fn byte_order_mark_is_not_part_of_the_text() {
        assert_eq!(decode(b"\xEF\xBB\xBFHi").unwrap(), "Hi");
        assert_eq!(decode_owned(b"\xEF\xBB\xBFHi".to_vec()).unwrap(), "Hi");
        assert!(decode_owned(b"a\0b".to_vec()).is_err());
        assert!(decode_owned(b"\xFF".to_vec()).is_err());
    }

    #[test]
    fn stylebook_is_discovered_upward_and_its_ignore_globs_are_relative_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join("copydesk.json"),
            r#"{"house_style": "guardian", "ignore": ["archive", "drafts/old-*.md"]}"#,
        )
        .unwrap();
        fs::create_dir_all(root.join("archive/2019")).unwrap();
        fs::create_dir_all(root.join("drafts")).unwrap();
        fs::write(root.join("archive/2019/x.md"), "Old.").unwrap();
        fs::write(root.join("drafts/old-1.md"), "Old.").unwrap();
        fs::write(root.join("drafts/new.md"), "New.").unwrap();
        let (drafts, errors) = load_drafts(&[root.join("drafts"), root.join("archive")], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names(&drafts, root), ["drafts/new.md"]);
        assert_eq!(
            drafts[0].stylebook.house_style,
            crate::stylebook::HouseStyle::Guardian
        );
    }

    #[test]
    fn broken_stylebook_is_one_error_with_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("copydesk.json"), "{\n  \"scope\": \"galaxy\"\n}").unwrap();
        fs::write(root.join("a.md"), "One.").unwrap();
        fs::write(root.join("b.md"), "Two.").unwrap();
        let (drafts, errors) = load_drafts(&[root.to_path_buf()], None);
        assert!(drafts.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("copydesk.json:2:"), "{}", errors[0]);
    }

    #[test]
    fn override_stylebook_applies_to_every_draft() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("copydesk.json"), r#"{"house_style": "guardian"}"#).unwrap();
        let other = root.join("other.json");
        fs::write(&other, r#"{"house_style": "off"}"#).unwrap();
        fs::write(root.join("a.md"), "One.").unwrap();
        let (drafts, _) = load_drafts(&[root.to_path_buf()], Some(&other));
        assert_eq!(
            drafts[0].stylebook.house_style,
            crate::stylebook::HouseStyle::Off
        );
    }

    #[test]
    fn missing_path_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (drafts, errors) = load_drafts(&[dir.path().join("nope")], None);
        assert!(drafts.is_empty());
        assert!(errors[0].contains("no such file"));
    }

    #[test]
    fn paths_sort_and_dedup_as_paths_do() {
        let paths = [
            "a/b.txt",
            "a-b.txt",
            "a/b.txt",
            "a.txt",
            "./a.txt",
            "a//b.txt",
            "a/./b.txt",
            "/x/a.md",
            "b/../a.txt",
            "a/b/c.md",
            "A/b.txt",
            "a b/c.txt",
            "é/x.md",
            "a",
            "",
            ".",
            "./",
            ".//a.txt",
            "..",
            "../a",
            "//x",
            "/",
            "a/.",
            "a/",
            "a/..",
            ".a/b",
            "..a",
            "/./x",
            "x/./",
            ".hidden.md",
            "a/b",
            "a/b/",
        ];
        let files: Vec<(PathBuf, DraftKind)> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let kind = if i % 2 == 0 {
                    DraftKind::Plain
                } else {
                    DraftKind::Markdown
                };
                (PathBuf::from(p), kind)
            })
            .collect();
        let mut expected = files.clone();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        expected.dedup_by(|a, b| a.0 == b.0);
        let found = sorted_once(files);
        let shown = |v: &[(PathBuf, DraftKind)]| {
            v.iter()
                .map(|(p, k)| (p.to_string_lossy().into_owned(), *k))
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(&found), shown(&expected));
    }

    #[test]
    fn display_paths_are_as_given_with_slashes_and_no_leading_dot() {
        for (p, shown) in [
            ("./a/b.txt", "a/b.txt"),
            ("././a.txt", "a.txt"),
            (".//a.txt", "/a.txt"),
            ("a\\b.txt", "a/b.txt"),
            ("./a\\.\\b", "a/./b"),
            ("/abs/x.md", "/abs/x.md"),
        ] {
            assert_eq!(display_path(Path::new(p)), shown);
        }
    }
}
