use clap::Parser;
use policy_site::cli::{run, start, Cli};

fn main() {
    // Windows: a double-click starts the program with no arguments, in a console
    // window of its own that closes when it ends; preview the site it sits in (or say
    // what to do). Elsewhere the bare command is typed in a terminal or a script, and
    // prints the usage as before.
    if cfg!(windows) && std::env::args_os().len() <= 1 {
        std::process::exit(start::without_arguments());
    }
    let cli = Cli::parse();
    std::process::exit(run(cli));
}
