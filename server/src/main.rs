//! `server` — serve Uprava, or run one of its commands (`server --help`).

use clap::Parser;
use server::config::{Cli, Command, ServeArgs};
use server::{cli, logging, serve};

/// mimalloc instead of the system allocator: a page allocates thousands of small short-lived
/// values, and glibc's malloc and free took a sixth of the server-rendered list's CPU time.
/// The list bench, which serves the router in its own process, uses it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let _ = dotenvy::dotenv();
    logging::init();
    let parsed = Cli::parse();
    let url = parsed.common.database_url.clone();
    let result = match parsed.command {
        None => serve::run(&url, serve_args_from_env()).await,
        Some(Command::Serve(args)) => serve::run(&url, args).await,
        Some(Command::Migrate) => cli::migrate(&url).await,
        Some(Command::Demo(args)) => cli::load_demo(&url, args).await,
        Some(Command::User { command }) => cli::user(&url, command).await,
        Some(Command::Token { command }) => cli::token(&url, command).await,
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

/// `server` with no command serves, taking its settings from the environment.
fn serve_args_from_env() -> ServeArgs {
    #[derive(Parser)]
    struct OnlyServe {
        #[command(flatten)]
        args: ServeArgs,
    }
    OnlyServe::try_parse_from(["server"]).map_or_else(|_| ServeArgs::default(), |o| o.args)
}
