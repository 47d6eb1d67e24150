//! The commands: `build`, `check`, `serve` and `new page`, their options, what they print and
//! their exit codes (0 ok, 1 content or link errors, 2 usage or I/O errors).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, LoadOptions};
use crate::output;
use crate::pipeline;
use crate::verify;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(
    name = "policy-site",
    version,
    about = "Publishes a staff development policy as a bilingual static site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
        /// Treat missing translations as errors.
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
        /// The page name, e.g. `training` or `handbook/ojt`.
        name: String,
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
    match cli.command {
        Command::Build { root, out, drafts } => {
            build(&root, out.unwrap_or_else(|| root.join("public")), drafts)
        }
        Command::Check {
            root,
            strict,
            format,
        } => check(&root, strict, format),
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => crate::serve::run(
            &crate::serve::Options {
                root,
                port,
                bind,
                open,
            },
            print_text,
        ),
        Command::New {
            what: NewCommand::Page { name, root },
        } => new_page(&root, &name),
    }
}

/// `--bind`: an IP address, or `localhost`.
fn parse_bind(text: &str) -> Result<std::net::IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::IpAddr::from([127, 0, 0, 1]));
    }
    text.parse()
        .map_err(|_| format!("`{text}` is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)"))
}

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
pub fn print_text(diagnostics: &Diagnostics) {
    for d in diagnostics.errors().chain(diagnostics.warnings()) {
        eprintln!("{d}");
    }
    let (errors, warnings) = (diagnostics.errors().count(), diagnostics.warnings().count());
    if errors + warnings > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
}

fn print_json(diagnostics: &Diagnostics) {
    for d in diagnostics.iter() {
        match serde_json::to_string(d) {
            Ok(line) => println!("{line}"),
            Err(error) => eprintln!("could not print a finding: {error}"),
        }
    }
}

fn build(root: &Path, out: PathBuf, drafts: bool) -> i32 {
    let started = Instant::now();
    let built = match pipeline::build(root, &LoadOptions { drafts }) {
        Ok(built) => built,
        Err(diagnostics) => {
            print_text(&diagnostics);
            eprintln!(
                "build failed: nothing was written; {} is unchanged",
                out.display()
            );
            return exit_code(&diagnostics).max(1);
        }
    };
    if let Err(error) = output::write_site(&out, &built.files) {
        let diagnostics = Diagnostics::from_iter([error]);
        print_text(&diagnostics);
        return 2;
    }
    print_text(&built.warnings);
    eprintln!(
        "built {} pages in {} languages into {} in {:.2} s",
        built.page_count(),
        built.loaded.site.config.languages.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    0
}

fn check(root: &Path, strict: bool, format: Format) -> i32 {
    let mut findings = match pipeline::build(root, &LoadOptions::default()) {
        Ok(built) => {
            let mut findings = built.warnings.clone();
            findings.extend(verify::check_links(&built.files));
            findings.extend(script_warnings(&built.loaded.site));
            findings
        }
        Err(diagnostics) => diagnostics,
    };
    if strict {
        findings = findings
            .into_iter()
            .map(|mut d| {
                if d.code == "missing-translation" {
                    d.severity = crate::diagnostics::Severity::Error;
                }
                d
            })
            .collect();
    }
    let findings = findings.sorted();
    match format {
        Format::Text => {
            print_text(&findings);
            if !findings.has_errors() {
                eprintln!("check passed");
            }
        }
        Format::Json => print_json(&findings),
    }
    exit_code(&findings)
}

/// Markdown is trusted, but a `<script>` in it is worth a second look.
fn script_warnings(site: &crate::model::Site) -> Diagnostics {
    site.pages
        .iter()
        .flat_map(|p| p.translations.values())
        .filter(|t| t.body.to_ascii_lowercase().contains("<script"))
        .map(|t| {
            Diagnostic::warning(
                "script-in-markdown",
                "this page contains a <script>; scripts in content run on every reader's browser",
            )
            .in_file(t.file.clone())
        })
        .collect()
}

fn new_page(root: &Path, name: &str) -> i32 {
    let valid = !name.is_empty()
        && !name.starts_with('/')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !name.ends_with(".md");
    if !valid {
        eprintln!("error: `{name}` is not a page name; use letters, digits and `-`, with `/` for a section (e.g. `handbook/ojt`)");
        return 2;
    }
    let config = match load::load_config(root) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_text(&diagnostics);
            return 1;
        }
    };
    let paths: Vec<(String, PathBuf)> = config
        .language_codes()
        .map(|lang| {
            (
                lang.to_string(),
                root.join(format!("content/pages/{name}.{lang}.md")),
            )
        })
        .collect();
    if let Some((_, existing)) = paths.iter().find(|(_, p)| p.exists()) {
        eprintln!(
            "error: {} already exists; nothing was written",
            existing.display()
        );
        return 1;
    }
    for (lang, path) in &paths {
        let title = if lang == config.default_language() {
            "新しいページ"
        } else {
            "New page"
        };
        let text = format!("---\ntitle: {title}\nweight: 100\ndescription: \n---\n\n");
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, text));
        if let Err(error) = written {
            eprintln!("error: could not write {}: {error}", path.display());
            return 2;
        }
        println!("wrote {}", path.display());
    }
    0
}
