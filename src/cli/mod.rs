//! The command line: arguments, dispatch, how findings are printed (in English or
//! Japanese) and exit codes (0 ok, 1 content or link errors, 2 usage or I/O errors).

mod commands;
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
    /// Report what is not yet translated or has gone stale; `--confirm` records checked translations.
    Translations {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Record these units (as the report names them) as checked against today's source text.
        #[arg(long, num_args = 0.., value_name = "UNIT")]
        confirm: Option<Vec<String>>,
        /// With --confirm: record every unit that has a translation.
        #[arg(long, requires = "confirm")]
        all: bool,
        /// Show only units that need work (missing or stale).
        #[arg(long)]
        todo: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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
        Command::Translations {
            root,
            confirm,
            all,
            todo,
            format,
        } => {
            let request = translations::Request {
                confirm,
                all,
                todo,
                format,
            };
            translations::run(&root, &request, language)
        }
        Command::New {
            what:
                NewCommand::Page {
                    name,
                    section,
                    root,
                },
        } => {
            let name = match section {
                Some(section) => format!("{}/{name}", section.trim_matches('/')),
                None => name,
            };
            commands::new_page(&root, &name, language)
        }
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
    let io = diagnostics
        .errors()
        .any(|d| matches!(d.code, "io" | "unsafe-output"));
    match (diagnostics.has_errors(), io) {
        (_, true) => 2,
        (true, false) => 1,
        (false, false) => 0,
    }
}

/// Prints findings for people: errors first, then warnings, then a count.
pub fn print_text(diagnostics: &Diagnostics, language: MessageLanguage) {
    for d in diagnostics.errors().chain(diagnostics.warnings()) {
        eprintln!("{}", d.render(language));
    }
    let (errors, warnings) = (diagnostics.errors().count(), diagnostics.warnings().count());
    if errors + warnings > 0 {
        match language {
            MessageLanguage::En => eprintln!("{errors} error(s), {warnings} warning(s)"),
            MessageLanguage::Ja => eprintln!("エラー {errors} 件、警告 {warnings} 件"),
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
            Ok(line) => println!("{line}"),
            Err(error) => eprintln!("could not print a finding: {error}"),
        }
    }
}
