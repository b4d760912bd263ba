//! The command line face: `copydesk check`, `quotes`, `names`, `explain`,
//! `rules`, `init`, `lsp`. It translates findings into reports; it holds no
//! linguistic logic.

pub mod check;
pub mod fix;
pub mod github;
pub mod human;
pub mod init;
pub mod input;
pub mod names;
pub mod quotes;
pub mod report;
pub mod sarif;

use crate::finding::Severity;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit code: nothing at or above `--fail-on` was found.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: bad usage, a file that could not be read, a broken stylebook.
pub const EXIT_TROUBLE: i32 = 2;

/// A copy editor for news drafts: quotes nobody said, one person spelled
/// two ways, titles that disagree.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts (.txt, .md, .markdown) and report findings.
    Check(CheckArgs),
    /// List every quote with its kind, speaker and cue.
    Quotes(DataArgs<QuotesFormat>),
    /// List every person with their spellings, titles and counts.
    Names(DataArgs<NamesFormat>),
    /// Print a rule's documentation.
    Explain {
        /// The rule id, e.g. `quote.unbalanced` (see `copydesk rules`).
        rule: String,
    },
    /// List the rules with their default severity.
    Rules,
    /// Write a starter stylebook, copydesk.json, in the current folder.
    Init {
        /// Where to write it (default: ./copydesk.json).
        #[arg(long, default_value = "copydesk.json")]
        path: PathBuf,
    },
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Information,
    Hint,
    Never,
}

impl FailOn {
    /// The least serious severity that fails the run, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Information => Some(Severity::Information),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// The least serious finding that makes the run exit 1.
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_on: FailOn,
    /// Use this stylebook for every draft instead of discovering one.
    #[arg(long)]
    pub stylebook: Option<PathBuf>,
    /// Apply the safe fixes, then report what is left.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuotesFormat {
    Json,
    Jsonl,
    Human,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NamesFormat {
    Json,
    Human,
}

#[derive(Debug, clap::Args)]
pub struct DataArgs<F: ValueEnum + Clone + Send + Sync + 'static> {
    /// Files and folders to read (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<F>,
    /// Use this stylebook for every draft instead of discovering one.
    #[arg(long)]
    pub stylebook: Option<PathBuf>,
}

/// Run the CLI with the process arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors.
            let code = if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    run(cli.command)
}

/// Make this thread one of the batch run's workers, so rayon starts one
/// thread fewer (none with `RAYON_NUM_THREADS=1`).
///
/// The thread that calls a parallel loop otherwise only waits for it,
/// while the allocator gives every thread its own heap: memory of its own
/// on huge pages, each cleared by the kernel before first use. On this
/// kind of machine that clearing, and the page faults, were a sixth of a
/// `check` of 200 news articles; with the caller working, the run
/// touches 6 huge pages instead of 10.
fn work_on_this_thread_too() {
    // An error means the pool exists already (an earlier command in this
    // process): it serves as it is.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
}

/// Run one command; returns the exit code.
pub fn run(command: Command) -> i32 {
    if matches!(
        command,
        Command::Check(_) | Command::Quotes(_) | Command::Names(_)
    ) {
        crate::alloc::use_batch_allocator();
        work_on_this_thread_too();
    }
    match command {
        Command::Check(args) => check::run(&args),
        Command::Quotes(args) => {
            let format = value_name(args.format.unwrap_or(QuotesFormat::Human));
            with_drafts(&args.paths, args.stylebook.as_deref(), |d| {
                quotes::run(d, &format)
            })
        }
        Command::Names(args) => {
            let format = value_name(args.format.unwrap_or(NamesFormat::Human));
            with_drafts(&args.paths, args.stylebook.as_deref(), |d| {
                names::run(d, &format)
            })
        }
        Command::Explain { rule } => explain(&rule),
        Command::Rules => list_rules(),
        Command::Init { path } => init::run(&path),
        Command::Lsp { stdio: _ } => crate::lsp::run_stdio(),
    }
}

/// The name clap knows a value by (`jsonl`, `human`).
fn value_name<F: ValueEnum>(format: F) -> String {
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// Load the drafts, report load errors on stderr, and run `f` on what
/// loaded; trouble loading makes the exit code 2 even if `f` succeeds.
fn with_drafts(
    paths: &[PathBuf],
    stylebook: Option<&std::path::Path>,
    f: impl FnOnce(&[input::LoadedDraft]) -> i32,
) -> i32 {
    let (drafts, errors) = input::load_drafts(paths, stylebook);
    for e in &errors {
        eprintln!("copydesk: {e}");
    }
    let code = f(&drafts);
    if errors.is_empty() {
        code
    } else {
        EXIT_TROUBLE
    }
}

fn explain(id: &str) -> i32 {
    match crate::rules::find(id) {
        Some(rule) => {
            let info = rule.info();
            let text = format!(
                "# {}\n\nDefault severity: {}\n\n{}\n",
                info.id,
                info.default_severity.as_str(),
                info.doc.trim_end()
            );
            emit(&text)
        }
        None => {
            eprintln!("copydesk: no rule `{id}`; `copydesk rules` lists them");
            EXIT_TROUBLE
        }
    }
}

fn list_rules() -> i32 {
    let rules = crate::rules::RULES;
    let mut text = String::new();
    if rules.is_empty() {
        text.push_str("(no rules in this build)\n");
    }
    let width = rules.iter().map(|r| r.info().id.len()).max().unwrap_or(0);
    for rule in rules {
        let info = rule.info();
        text.push_str(&format!(
            "{:width$}  {:11}  {}\n",
            info.id,
            info.default_severity.as_str(),
            info.summary
        ));
    }
    emit(&text)
}

/// Write `text` to standard output. A closed pipe (`| head`) ends the
/// output quietly; any other failure is reported. Returns the exit code.
pub(crate) fn emit(text: &str) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            eprintln!("copydesk: cannot write the output: {e}");
            EXIT_TROUBLE
        }
    }
}
