//! Structured logs: human-readable by default, JSON with `UPRAVA_LOG_FORMAT=json`; level from
//! `RUST_LOG` (default `info`). Phones and e-mails are masked before they are logged
//! (`app::domain::mask`); request paths are logged without their query strings.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let json = std::env::var("UPRAVA_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        // Logs go to stderr: stdout is for what a command prints (a token, a password).
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
