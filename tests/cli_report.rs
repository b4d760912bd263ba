//! The reports of `copydesk check` (JSON, human, SARIF, GitHub) and its
//! exit codes, on drafts with real findings.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn copydesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A stray closing mark on line 3, after curly quotes, an accented letter
/// and an emoji (so columns in scalar values, UTF-16 units and bytes all
/// differ).
const DRAFT: &str =
    "# Market day\n\nThe “Café” stall 🎉 opened early, and trade was brisk” by noon.\n";

fn stray_at() -> usize {
    DRAFT
        .find('”')
        .map(|first| first + 3 + DRAFT[first + 3..].find('”').unwrap())
        .unwrap()
}

fn folder(book: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("drafts")).unwrap();
    fs::write(dir.path().join("drafts/market.md"), DRAFT).unwrap();
    fs::write(dir.path().join("drafts/clean.md"), "Nothing to see.\n").unwrap();
    if let Some(book) = book {
        fs::write(dir.path().join("copydesk.json"), book).unwrap();
    }
    dir
}

fn json(dir: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["check", "--format", "json", "drafts"];
    args.extend_from_slice(extra);
    let out = copydesk(dir, &args);
    (
        out.status.code(),
        serde_json::from_str(&stdout(&out)).unwrap(),
    )
}

#[test]
fn the_json_report_follows_the_design_field_for_field() {
    let dir = folder(None);
    let (code, report) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(report["version"], 1);
    let files = report["files"].as_array().unwrap();
    // Every checked draft, ordered by path.
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], "drafts/clean.md");
    assert_eq!(files[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(files[1]["path"], "drafts/market.md");
    let diags = files[1]["diagnostics"].as_array().unwrap();
    let d = diags
        .iter()
        .find(|d| d["rule"] == "quote.unbalanced")
        .unwrap();
    assert_eq!(d["severity"], "error");
    assert!(d["message"].as_str().unwrap().len() > 5);
    let at = stray_at();
    assert_eq!(d["offsets"], serde_json::json!([at, at + '”'.len_utf8()]));
    // Line 3; "The “Café” stall 🎉 opened early, and trade was brisk" is
    // 52 scalar values, so the mark is in column 53 (it would be 54 in
    // UTF-16 units and 62 in bytes).
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 3, "column": 53})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 3, "column": 54})
    );
    assert_eq!(d["related"], serde_json::json!([]));
    let fixes = d["fixes"].as_array().unwrap();
    assert!(!fixes.is_empty());
    for fix in fixes {
        assert!(fix["title"].is_string());
        assert!(fix["safe"].is_boolean());
        for e in fix["edits"].as_array().unwrap() {
            assert_eq!(e["path"], "drafts/market.md");
            let [a, b] = [
                e["offsets"][0].as_u64().unwrap(),
                e["offsets"][1].as_u64().unwrap(),
            ];
            assert!(a <= b && b as usize <= DRAFT.len());
            assert!(e["replacement"].is_string());
        }
    }
    let summary = &report["summary"];
    assert_eq!(summary["files"], 2);
    assert_eq!(
        summary["error"].as_u64().unwrap() as usize,
        diags.iter().filter(|d| d["severity"] == "error").count()
    );
    for key in ["warning", "information", "hint"] {
        assert!(summary[key].is_u64(), "summary.{key}");
    }
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = folder(None);
    assert_eq!(json(dir.path(), &["--fail-on", "error"]).0, Some(1));
    assert_eq!(json(dir.path(), &["--fail-on", "hint"]).0, Some(1));
    assert_eq!(json(dir.path(), &["--fail-on", "never"]).0, Some(0));
}

#[test]
fn stylebook_severity_overrides_and_off_apply() {
    let dir = folder(Some(r#"{"rules": {"quote.unbalanced": "hint"}}"#));
    let (code, report) = json(dir.path(), &[]);
    assert_eq!(code, Some(0), "a hint is below --fail-on warning");
    let d = &report["files"][1]["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["severity"].as_str()),
        (Some("quote.unbalanced"), Some("hint"))
    );
    assert_eq!(json(dir.path(), &["--fail-on", "hint"]).0, Some(1));

    let dir = folder(Some(r#"{"rules": {"quote.unbalanced": "off"}}"#));
    let (code, report) = json(dir.path(), &[]);
    assert!(report["files"][1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["rule"] != "quote.unbalanced"));
    assert_eq!(report["summary"]["error"], 0);
    let _ = code;
}

#[test]
fn suppression_comments_silence_a_line() {
    let dir = folder(None);
    let draft = format!(
        "<!-- copydesk-disable-next-line quote.unbalanced -->\n{}",
        DRAFT.replace("# Market day\n\n", "")
    );
    fs::write(dir.path().join("drafts/market.md"), draft).unwrap();
    let (_, report) = json(dir.path(), &[]);
    assert!(report["files"][1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["rule"] != "quote.unbalanced"));
}

#[test]
fn human_output_names_the_place_and_underlines_it() {
    let dir = folder(None);
    let out = copydesk(dir.path(), &["check", "drafts"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("drafts/market.md:3:53: error[quote.unbalanced] "))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        lines[i + 2],
        format!("3 | {}", DRAFT.lines().nth(2).unwrap())
    );
    // 52 characters before the mark, and 🎉 is two terminal columns wide.
    assert_eq!(lines[i + 3], format!("  | {}^", " ".repeat(53)));
    assert!(lines.last().unwrap().contains("in 2 files."), "{text}");
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn github_format_is_one_workflow_command_per_finding() {
    let dir = folder(None);
    let out = copydesk(dir.path(), &["check", "--format", "github", "drafts"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("title=quote.unbalanced"))
        .unwrap_or_else(|| panic!("{text}"));
    let expected = "::error file=drafts/market.md,line=3,col=53,endLine=3,endColumn=54,title=quote.unbalanced::";
    assert!(line.starts_with(expected), "{line}");
    assert!(text.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
}

#[test]
fn github_format_escapes_paths_with_commas_and_colons() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a,b:c.md"), DRAFT).unwrap();
    let out = copydesk(dir.path(), &["check", "--format", "github", "."]);
    let text = stdout(&out);
    assert!(text.contains("file=a%2Cb%3Ac.md,line=3,"), "{text}");
}

/// Only properties the SARIF 2.1.0 schema defines for the object (its
/// objects have `additionalProperties: false`).
fn only(obj: &Value, allowed: &[&str]) {
    for key in obj.as_object().unwrap().keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "`{key}` is not a SARIF property here: {obj}"
        );
    }
}

const LEVELS: [&str; 4] = ["none", "note", "warning", "error"];

/// The SARIF 2.1.0 schema's required properties, allowed properties and
/// value constraints, checked on our log object by object (sarifLog, run,
/// tool, toolComponent, reportingDescriptor, reportingConfiguration,
/// multiformatMessageString, artifact, result, message, location,
/// physicalLocation, artifactLocation, region, fix, artifactChange,
/// replacement, artifactContent).
#[test]
fn sarif_follows_the_2_1_0_schema() {
    let dir = folder(None);
    let out = copydesk(dir.path(), &["check", "--format", "sarif", "drafts"]);
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    only(
        &log,
        &[
            "$schema",
            "version",
            "runs",
            "inlineExternalProperties",
            "properties",
        ],
    );
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let run = &log["runs"][0];
    only(run, &["tool", "artifacts", "columnKind", "results"]);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    only(&run["tool"], &["driver", "extensions", "properties"]);
    let driver = &run["tool"]["driver"];
    only(driver, &["name", "version", "informationUri", "rules"]);
    assert_eq!(driver["name"], "copydesk");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), copydesk::rules::RULES.len());
    for rule in rules {
        only(
            rule,
            &[
                "id",
                "shortDescription",
                "fullDescription",
                "help",
                "defaultConfiguration",
            ],
        );
        assert!(rule["id"].is_string());
        for key in ["shortDescription", "fullDescription", "help"] {
            only(&rule[key], &["text", "markdown"]);
            assert!(rule[key]["text"].is_string(), "{key} needs text");
        }
        only(&rule["defaultConfiguration"], &["level"]);
        assert!(LEVELS.contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let artifacts = run["artifacts"].as_array().unwrap();
    for (i, a) in artifacts.iter().enumerate() {
        only(a, &["location"]);
        only(&a["location"], &["uri", "index"]);
        assert_eq!(a["location"]["index"], i);
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        only(
            r,
            &[
                "ruleId",
                "ruleIndex",
                "level",
                "message",
                "locations",
                "relatedLocations",
                "fixes",
            ],
        );
        only(&r["message"], &["text"]);
        assert!(r["message"]["text"].is_string());
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(LEVELS.contains(&r["level"].as_str().unwrap()));
        for loc in r["locations"].as_array().unwrap() {
            only(loc, &["physicalLocation"]);
            check_physical_location(&loc["physicalLocation"]);
        }
        for loc in r["relatedLocations"].as_array().into_iter().flatten() {
            only(loc, &["id", "physicalLocation", "message"]);
            assert!(loc["id"].as_i64().unwrap() >= -1);
            assert!(loc["message"]["text"].is_string());
            check_physical_location(&loc["physicalLocation"]);
        }
        for fix in r["fixes"].as_array().into_iter().flatten() {
            only(fix, &["description", "artifactChanges"]);
            assert!(fix["description"]["text"].is_string());
            let changes = fix["artifactChanges"].as_array().unwrap();
            assert!(!changes.is_empty(), "fix.artifactChanges: minItems 1");
            for change in changes {
                only(change, &["artifactLocation", "replacements"]);
                only(&change["artifactLocation"], &["uri"]);
                assert!(change["artifactLocation"]["uri"].is_string());
                let replacements = change["replacements"].as_array().unwrap();
                assert!(
                    !replacements.is_empty(),
                    "artifactChange.replacements: minItems 1"
                );
                for rep in replacements {
                    only(rep, &["deletedRegion", "insertedContent"]);
                    check_region(&rep["deletedRegion"]);
                    only(&rep["insertedContent"], &["text"]);
                    assert!(rep["insertedContent"]["text"].is_string());
                }
            }
        }
    }
    let stray = results
        .iter()
        .find(|r| r["ruleId"] == "quote.unbalanced")
        .unwrap();
    assert_eq!(stray["level"], "error");
    let loc = &stray["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "drafts/market.md");
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["startColumn"], 53);
    assert_eq!(loc["region"]["endColumn"], 54);
    assert_eq!(loc["region"]["byteOffset"], stray_at());
}

fn check_physical_location(loc: &Value) {
    only(loc, &["artifactLocation", "region"]);
    only(&loc["artifactLocation"], &["uri"]);
    assert!(loc["artifactLocation"]["uri"].is_string(), "{loc}");
    check_region(&loc["region"]);
}

fn check_region(region: &Value) {
    only(
        region,
        &[
            "startLine",
            "startColumn",
            "endLine",
            "endColumn",
            "byteOffset",
            "byteLength",
        ],
    );
    // Lines and columns are 1-based (schema: minimum 1).
    let start_line = region["startLine"].as_u64().unwrap();
    assert!(start_line >= 1, "{region}");
    assert!(region["startColumn"].as_u64().unwrap() >= 1, "{region}");
    assert!(region["endLine"].as_u64().unwrap() >= start_line);
    assert!(region["endColumn"].as_u64().unwrap() >= 1);
    assert!(
        region["byteOffset"].is_u64() && region["byteLength"].is_u64(),
        "{region}"
    );
}

#[test]
fn output_is_deterministic() {
    let dir = folder(None);
    for i in 0..6 {
        fs::write(dir.path().join(format!("drafts/copy{i}.md")), DRAFT).unwrap();
    }
    let first = stdout(&copydesk(
        dir.path(),
        &["check", "--format", "json", "drafts"],
    ));
    for _ in 0..3 {
        assert_eq!(
            stdout(&copydesk(
                dir.path(),
                &["check", "--format", "json", "drafts"]
            )),
            first
        );
    }
}

#[test]
fn the_samples_have_findings_and_exit_1() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = copydesk(root, &["check", "--format", "json", "samples"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules: std::collections::BTreeSet<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    // Every rule of this build shows in the samples.
    for rule in copydesk::rules::RULES {
        assert!(
            rules.contains(rule.info().id),
            "the samples show no {}: {rules:?}",
            rule.info().id
        );
    }
}
