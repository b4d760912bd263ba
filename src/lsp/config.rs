//! Settings the editor sends: `initializationOptions` at start and
//! `workspace/didChangeConfiguration` later.
//!
//! Both take the same object, either bare or under a `copydesk` key:
//!
//! ```json
//! { "copydesk": {
//!     "stylebook": "desk/copydesk.json",
//!     "house_style": "guardian",
//!     "scope": "document",
//!     "rules": { "title.case": "off", "quote.anonymous": "hint" }
//! } }
//! ```
//!
//! - `stylebook`: a stylebook file to use for every draft instead of the
//!   one discovered beside it (relative paths are read from the first
//!   workspace folder).
//! - `house_style`, `scope`: override the stylebook's keys of that name.
//! - `rules`: override (key by key) the stylebook's `rules`.
//! - `testPanic`: for tests only: every lint panics, so a test can see
//!   the server catch it, log it and go on.
//!
//! Unknown keys are ignored (an editor may send its own), but a known key
//! with a bad value is reported to the client and the previous settings
//! stay.

use crate::stylebook::{HouseStyle, RuleSetting, Scope, Stylebook};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The editor's settings for copydesk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub stylebook: Option<PathBuf>,
    #[serde(default, alias = "houseStyle")]
    pub house_style: Option<HouseStyle>,
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// Test-only hook: every lint panics (see the module doc).
    #[serde(default, rename = "testPanic")]
    pub test_panic: bool,
}

impl Settings {
    /// Read settings from the JSON an editor sent. `null` (or an empty
    /// object) means defaults.
    pub fn from_json(value: &Value) -> Result<Settings, String> {
        let value = match value {
            Value::Null => return Ok(Settings::default()),
            Value::Object(map) => map.get("copydesk").unwrap_or(value),
            _ => return Err("copydesk settings must be a JSON object".to_string()),
        };
        if value.is_null() {
            return Ok(Settings::default());
        }
        Settings::deserialize(value).map_err(|e| format!("copydesk settings: {e}"))
    }

    /// The stylebook a draft is linted with: the file's stylebook with
    /// these settings laid over it.
    pub fn apply(&self, base: &Stylebook) -> Stylebook {
        let mut book = base.clone();
        if let Some(h) = self.house_style {
            book.house_style = h;
        }
        if let Some(s) = self.scope {
            book.scope = s;
        }
        for (id, setting) in &self.rules {
            book.rules.insert(id.clone(), *setting);
        }
        book
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_nested_and_bare_settings() {
        let nested = Settings::from_json(&json!({"copydesk": {"scope": "document"}})).unwrap();
        assert_eq!(nested.scope, Some(Scope::Document));
        let bare =
            Settings::from_json(&json!({"house_style": "guardian", "editor.thing": 1})).unwrap();
        assert_eq!(bare.house_style, Some(HouseStyle::Guardian));
        assert_eq!(
            Settings::from_json(&Value::Null).unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn bad_values_are_errors_not_defaults() {
        assert!(Settings::from_json(&json!({"copydesk": {"scope": "galaxy"}})).is_err());
        assert!(Settings::from_json(&json!({"copydesk": {"rules": {"x": "loud"}}})).is_err());
        assert!(Settings::from_json(&json!([1, 2])).is_err());
    }

    #[test]
    fn settings_override_the_stylebook() {
        let base = Stylebook::default();
        let s = Settings::from_json(
            &json!({"copydesk": {"house_style": "off", "rules": {"title.case": "hint"}}}),
        )
        .unwrap();
        let book = s.apply(&base);
        assert_eq!(book.house_style, HouseStyle::Off);
        assert_eq!(
            book.rules.get("title.case"),
            Some(&RuleSetting::Severity(crate::finding::Severity::Hint))
        );
    }
}
