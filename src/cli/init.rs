//! `copydesk init`: a starter stylebook with every key and example values.
//!
//! JSON has no comments, so the explanations go in the stylebook's
//! `_comment` key, which copydesk reads and ignores.

use std::path::Path;

/// The starter stylebook's text: every key, example values, and every
/// rule of this build at its default severity.
pub fn starter() -> String {
    let rules: Vec<String> = crate::rules::RULES
        .iter()
        .map(|r| {
            let info = r.info();
            format!(
                "    \"{}\": \"{}\"",
                info.id,
                info.default_severity.as_str()
            )
        })
        .collect();
    let rules = if rules.is_empty() {
        "{}".to_string()
    } else {
        format!("{{\n{}\n  }}", rules.join(",\n"))
    };
    format!(
        r#"{{
  "_comment": [
    "copydesk stylebook. Every key is optional: delete what you do not need.",
    "house_style: \"ap\" (a formal title is capitalised only directly before a name), \"guardian\" (titles lower case) or \"off\" (title case not checked).",
    "scope: \"workspace\" compares spellings and titles across every draft under this folder; \"document\" one draft at a time.",
    "names: the preferred spelling, then the variants to change to it.",
    "people: a person's full name, then the title the newsroom gives them and, optionally, of what.",
    "attribution_verbs: speech verbs to accept besides said, told, added and the like.",
    "rules: a rule id (see `copydesk rules`), then \"error\", \"warning\", \"information\", \"hint\" or \"off\".",
    "ignore: globs, relative to this file's folder, of drafts not to check."
  ],
  "house_style": "ap",
  "scope": "workspace",
  "names": {{
    "Zelenskyy": ["Zelenskiy", "Zelensky"],
    "Kyiv": ["Kiev"]
  }},
  "people": {{
    "Dmitry Peskov": {{ "title": "spokesperson", "of": "Kremlin" }}
  }},
  "attribution_verbs": ["quipped"],
  "rules": {rules},
  "ignore": ["archive/**"]
}}
"#
    )
}

/// Write the starter stylebook to `path`, never over an existing file.
pub fn run(path: &Path) -> i32 {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "copydesk init: {} already exists; left as it is",
                path.display()
            );
            return super::EXIT_TROUBLE;
        }
        Err(e) => {
            eprintln!("copydesk init: {}: {e}", path.display());
            return super::EXIT_TROUBLE;
        }
    };
    use std::io::Write;
    if let Err(e) = file.write_all(starter().as_bytes()) {
        eprintln!("copydesk init: {}: {e}", path.display());
        return super::EXIT_TROUBLE;
    }
    eprintln!(
        "copydesk init: wrote {}; its \"_comment\" explains each key",
        path.display()
    );
    super::EXIT_CLEAN
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stylebook::Stylebook;

    #[test]
    fn the_starter_is_a_valid_stylebook_with_every_key() {
        let book = Stylebook::parse(&starter(), Path::new("copydesk.json")).unwrap();
        assert_eq!(book.names["Kyiv"], ["Kiev"]);
        assert_eq!(book.people["Dmitry Peskov"].title, "spokesperson");
        assert_eq!(book.ignore, ["archive/**"]);
        assert_eq!(book.rules.len(), crate::rules::RULES.len());
        let v: serde_json::Value = serde_json::from_str(&starter()).unwrap();
        for key in [
            "house_style",
            "scope",
            "names",
            "people",
            "attribution_verbs",
            "rules",
            "ignore",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
    }

    #[test]
    fn refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("copydesk.json");
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(run(&path), crate::cli::EXIT_TROUBLE);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
        let fresh = dir.path().join("new.json");
        assert_eq!(run(&fresh), crate::cli::EXIT_CLEAN);
        assert!(Stylebook::load(&fresh).is_ok());
    }
}
