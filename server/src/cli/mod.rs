//! Commands other than `serve`.

use crate::config::{DemoArgs, TokenCommand, UserCommand};
use crate::serve::open_database;
use anyhow::{Context, anyhow, bail};
use app::model::Role;
use app::server::auth::{password, token};
use app::server::demo;
use app::server::services::{companies, users};
use chrono::Utc;

pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    open_database(database_url).await?;
    println!("migrations applied");
    Ok(())
}

pub async fn load_demo(database_url: &str, args: DemoArgs) -> anyhow::Result<()> {
    let db = open_database(database_url).await?;
    let started = std::time::Instant::now();
    let summary = demo::load(
        &db,
        &demo::DemoOptions {
            property_requests: args.requests,
            shop_requests: args.shop_requests,
            seed: args.seed,
            now: Utc::now(),
        },
    )
    .await
    .context("loading demo data")?;
    println!(
        "loaded {} companies, {} users, {} requests, {} events in {:.1} s",
        summary.companies,
        summary.users,
        summary.requests,
        summary.events,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub async fn user(database_url: &str, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Create {
            email,
            company,
            role,
            name,
            password: given,
        } => {
            let db = open_database(database_url).await?;
            let company = companies::by_slug(&db, &company)
                .await
                .map_err(|_| anyhow!("no company with slug `{company}`"))?;
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow!("unknown role `{role}` (admin, manager, dispatcher, executor, executive, accountant, viewer)")
            })?;
            let (plain, generated) = match given {
                Some(p) => {
                    if let Err(code) = password::check_strength(&p) {
                        bail!("password rejected: {code}");
                    }
                    (p, false)
                }
                None => (
                    app::server::auth::session::new_token()[..12].to_string(),
                    true,
                ),
            };
            let phc = password::hash_async(plain.clone()).await?;
            let display = name.unwrap_or_else(|| email.clone());
            let id = users::create_with_password(
                &db, &email, &display, &phc, company.id, role, generated,
            )
            .await
            .map_err(|e| anyhow!("cannot create user: {}", describe(&e)))?;
            println!(
                "user {id} ({email}) is {} in {}",
                role.as_str(),
                company.slug
            );
            if generated {
                println!("one-time password (change it at first sign-in):");
                println!("{plain}");
            }
            Ok(())
        }
    }
}

pub async fn token(database_url: &str, command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create { company, name } => {
            let db = open_database(database_url).await?;
            let company = companies::by_slug(&db, &company)
                .await
                .map_err(|_| anyhow!("no company with slug `{company}`"))?;
            let name = name.trim();
            if name.is_empty() {
                bail!("--name must not be empty");
            }
            let t = token::create(&db, company.id, name, None, Utc::now()).await?;
            println!(
                "API token `{name}` for {} (shown once, keep it secret):",
                company.slug
            );
            println!("{t}");
            Ok(())
        }
    }
}

fn describe(e: &app::error::AppError) -> String {
    match e {
        app::error::AppError::Validation { fields } => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.code))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
