//! The command line: arguments, dispatch, how findings are printed (in English or
//! Japanese) and exit codes (0 ok, 1 content or link errors, 2 usage or I/O errors).

mod commands;
mod exchange;
mod revisions;
pub mod start;
mod translations;

use crate::diagnostics::{Diagnostics, MessageLanguage};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "policy-site",
    version,
    about = "Publishes a staff development policy as a bilingual static site"
)]
pub struct Cli {
    /// The language of messages: `ja` or `en` [default: the computer's language: LC_ALL/LC_MESSAGES/LANG, else the system setting].
    #[arg(long, global = true, value_enum)]
    pub messages: Option<Messages>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Messages {
    Ja,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate everything and write the site (atomically) to the output folder.
    Build {
        /// The site folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site and print each language's whole policy to LANG/policy.pdf in it, with a Chromium-family browser.
    Pdf {
        /// The site folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site and its PDFs [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check content, links and translations without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat missing and stale translations as errors.
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Preview the site: build it, serve it on this computer, and update open pages on every save.
    Serve {
        /// The site folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0: any free port; the address is printed).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; anything but loopback lets other computers read the preview.
        #[arg(long, default_value = "127.0.0.1", value_parser = parse_bind)]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Show pages marked `draft: true` too (to preview them before they are published).
        #[arg(long)]
        drafts: bool,
    },
    /// Report what is not yet translated or has gone stale; `--confirm` records checked
    /// translations; `--export`/`--import` exchange them with translators' tools.
    Translations(translations::Arguments),
    /// Record the content as it stands as a new version of the policy (改定).
    Revise {
        /// The new version, e.g. `1.1`; it must come after the last recorded one.
        version: String,
        /// The date of the revision, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// What changed, once per language: `--note ja=… --note en=…`.
        #[arg(long, value_name = "LANG=TEXT", required = true)]
        note: Vec<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Show what changed between two versions [default: the last one and the working content].
    Diff {
        /// The older version [default: the one before --to, or the last recorded].
        #[arg(long)]
        from: Option<String>,
        /// The newer version [default: the working content].
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = revisions::DiffFormat::Text)]
        format: revisions::DiffFormat,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create new content from a template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write content/pages/NAME.LANG.md for every language, with front matter.
    Page {
        /// The page name, e.g. `training`.
        name: String,
        /// The section (folder under content/pages/) to put it in, e.g. `handbook`.
        #[arg(long)]
        section: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Runs a command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let language = message_language(cli.messages);
    match cli.command {
        Command::Build { root, out, drafts } => commands::build(
            &root,
            out.unwrap_or_else(|| root.join("public")),
            drafts,
            language,
        ),
        Command::Pdf { root, out } => {
            commands::pdf(&root, out.unwrap_or_else(|| root.join("public")), language)
        }
        Command::Check {
            root,
            strict,
            format,
        } => commands::check(&root, strict, format, language),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => crate::serve::run(
            &crate::serve::Options {
                root,
                port,
                bind,
                open,
                drafts,
                any_port_if_taken: false,
            },
            printer(language),
            language,
        ),
        Command::Translations(arguments) => translations::command(arguments, language),
        Command::Revise {
            version,
            date,
            note,
            root,
        } => revisions::revise(
            &root,
            &revisions::Revise {
                version,
                date,
                notes: note,
            },
            language,
        ),
        Command::Diff {
            from,
            to,
            format,
            root,
        } => revisions::diff(&root, &revisions::Diff { from, to, format }, language),
        Command::New {
            what:
                NewCommand::Page {
                    name,
                    section,
                    root,
                },
        } => commands::new_page(&root, &page_name(name, section), language),
    }
}

/// `new page NAME --section SECTION`'s page: `SECTION/NAME`.
fn page_name(name: String, section: Option<String>) -> String {
    match section {
        Some(section) => format!("{}/{name}", section.trim_matches('/')),
        None => name,
    }
}

/// The language messages are written in: `--messages` when given, else this
/// computer's ([`MessageLanguage::of_this_computer`]).
pub fn message_language(flag: Option<Messages>) -> MessageLanguage {
    match flag {
        Some(Messages::Ja) => MessageLanguage::Ja,
        Some(Messages::En) => MessageLanguage::En,
        None => MessageLanguage::of_this_computer(),
    }
}

fn parse_bind(text: &str) -> Result<std::net::IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::IpAddr::from([127, 0, 0, 1]));
    }
    text.parse()
        .map_err(|_| format!("`{text}` is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)"))
}

/// 0 without errors; 2 when an error is about files or folders, not content; else 1.
fn exit_code(diagnostics: &Diagnostics) -> i32 {
    let io = diagnostics.errors().any(|d| {
        matches!(
            d.code,
            "io" | "unsafe-output" | "unreadable" | "special-file"
        )
    });
    match (diagnostics.has_errors(), io) {
        (_, true) => 2,
        (true, false) => 1,
        (false, false) => 0,
    }
}

/// Writes a line to standard output. A reader that has gone (`| head -1`) is no
/// error: the rest is not wanted, and the command ends with its usual status.
pub(crate) fn out(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// [`out`] for standard error.
pub(crate) fn err(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Prints findings for people: errors first, then warnings, then a count.
pub fn print_text(diagnostics: &Diagnostics, language: MessageLanguage) {
    for d in diagnostics.errors().chain(diagnostics.warnings()) {
        err(&d.render(language));
    }
    let (errors, warnings) = (diagnostics.errors().count(), diagnostics.warnings().count());
    if errors + warnings > 0 {
        match language {
            MessageLanguage::En => err(&format!("{errors} error(s), {warnings} warning(s)")),
            MessageLanguage::Ja => err(&format!("エラー {errors} 件、警告 {warnings} 件")),
        }
    }
}

/// How serve prints each build's findings, in `language`.
fn printer(language: MessageLanguage) -> crate::serve::Printer {
    match language {
        MessageLanguage::Ja => print_ja,
        MessageLanguage::En => print_en,
    }
}

fn print_en(diagnostics: &Diagnostics) {
    print_text(diagnostics, MessageLanguage::En);
}

fn print_ja(diagnostics: &Diagnostics) {
    print_text(diagnostics, MessageLanguage::Ja);
}

/// One JSON object per line, per finding, for CI annotations.
fn print_json(diagnostics: &Diagnostics) {
    for d in diagnostics.iter() {
        match serde_json::to_string(d) {
            Ok(line) => out(&line),
            Err(error) => err(&format!("could not print a finding: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::exit_code;
    use crate::diagnostics::{Diagnostic, Diagnostics};

    #[test]
    fn a_file_or_folder_that_cannot_be_read_exits_2_and_content_errors_1() {
        let one = |code| Diagnostics::from_iter([Diagnostic::error(code, "x", "x")]);
        for code in ["io", "unreadable", "special-file", "unsafe-output"] {
            assert_eq!(exit_code(&one(code)), 2, "{code}");
        }
        assert_eq!(exit_code(&one("yaml-syntax")), 1);
        assert_eq!(exit_code(&Diagnostics::new()), 0);
    }
}
