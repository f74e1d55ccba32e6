//! Configuration from the environment and flags. Every variable is documented in
//! `.env.example`.

use app::server::Settings;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/uprava.db?mode=rwc";

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Uprava: an operations hub for service companies"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct Common {
    /// SQLite (`sqlite://data/uprava.db?mode=rwc`) or PostgreSQL (`postgres://…`).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate and serve (the default).
    Serve(ServeArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Load the demo companies (`demo`, `shop`) into an empty database.
    Demo(DemoArgs),
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "UPRAVA_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: String,
    /// Load the demo companies when the database has no company yet.
    #[arg(long, env = "UPRAVA_DEMO_IF_EMPTY")]
    pub demo_if_empty: bool,
    /// Where attachments are stored.
    #[arg(long, env = "UPRAVA_FILES_DIR", default_value = "data/files")]
    pub files_dir: PathBuf,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "UPRAVA_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// Hours after sign-in after which a session ends, used or not.
    #[arg(long, env = "UPRAVA_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: u64,
    /// Mark cookies `Secure` (serve behind HTTPS).
    #[arg(long, env = "UPRAVA_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Largest attachment in megabytes.
    #[arg(long, env = "UPRAVA_MAX_UPLOAD_MB", default_value_t = 10)]
    pub max_upload_mb: usize,
    /// Trust `X-Forwarded-For` for the client address (only behind your own proxy).
    #[arg(long, env = "UPRAVA_TRUST_PROXY")]
    pub trust_proxy: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:3000".into(),
            demo_if_empty: false,
            files_dir: PathBuf::from("data/files"),
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            secure_cookies: false,
            max_upload_mb: 10,
            trust_proxy: false,
        }
    }
}

impl ServeArgs {
    pub fn settings(&self) -> Settings {
        Settings {
            files_dir: self.files_dir.clone(),
            session_idle: Duration::from_secs(self.session_idle_minutes * 60),
            session_absolute: Duration::from_secs(self.session_absolute_hours * 3600),
            secure_cookies: self.secure_cookies,
            max_upload_bytes: self.max_upload_mb * 1024 * 1024,
            ..Settings::default()
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Requests of the property-management company.
    #[arg(long, default_value_t = 6000)]
    pub requests: usize,
    /// Orders of the e-commerce company.
    #[arg(long, default_value_t = 3000)]
    pub shop_requests: usize,
    /// Seed of the generator: the same seed gives the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user (or add an existing one) in a company with a role.
    Create {
        #[arg(long)]
        email: String,
        /// Company slug, e.g. `demo`.
        #[arg(long)]
        company: String,
        /// admin, manager, dispatcher, executor, executive, accountant or viewer.
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: Option<String>,
        /// The password; when left out a one-time password is generated and printed.
        #[arg(long, env = "UPRAVA_NEW_USER_PASSWORD")]
        password: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token; it is printed once, as the last line.
    Create {
        /// Company slug, e.g. `demo`.
        #[arg(long)]
        company: String,
        #[arg(long)]
        name: String,
    },
}
