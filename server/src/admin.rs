//! The commands besides serving. `ysmap-server admin create …`: the first administrator is made
//! here, never with a default password (DESIGN.md, "Staff API contract"); `backup` and
//! `restore` (src/backup.rs).

use crate::config::{AdminCommand, Command, Config};
use anyhow::Context;
use ysmap_model::staff::{Role, StaffUser};

/// The environment variable the password is read from (else one line of standard input).
pub const PASSWORD_ENV: &str = "YSMAP_ADMIN_PASSWORD";

/// Runs a command against the database in the configured data folder.
pub async fn run(config: &Config, command: Command) -> anyhow::Result<()> {
    let data_dir = match config.database()? {
        crate::db::Location::Sqlite(dir) => dir,
        crate::db::Location::Postgres(_) => {
            if !matches!(command, Command::Admin(_)) {
                anyhow::bail!("{}", crate::backup::POSTGRES_GUIDANCE);
            }
            config.data_dir.clone()
        }
    };
    match command {
        Command::Admin(account) => create(config, account).await,
        Command::Backup { file } => {
            let contents = crate::backup::backup(&data_dir, &file).await?;
            println!("backed up to {}: {contents}", file.display());
            Ok(())
        }
        Command::Restore { file, replace } => {
            let (contents, kept) = crate::backup::restore(&file, &data_dir, replace).await?;
            println!(
                "restored {} into {}: {contents}",
                file.display(),
                data_dir.display()
            );
            if let Some(kept) = kept {
                println!("the database it replaced is kept at {}", kept.display());
            }
            Ok(())
        }
    }
}

/// `admin create`: a staff account, its password from [`PASSWORD_ENV`] or standard input.
async fn create(config: &Config, account: AdminCommand) -> anyhow::Result<()> {
    let AdminCommand::Create {
        username,
        role,
        parks,
        region,
        display_name,
        phone,
    } = account;
    let role = Role::from_code(&role).context("the role must be admin, editor or handler")?;
    if role == Role::Editor && parks.is_empty() {
        anyhow::bail!("an editor needs at least one --park");
    }
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Password for {username} (one line, at least 12 characters):");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .context("cannot read the password from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let location = config.database()?;
    let db = crate::db::open(&location).await?;
    if let Some(region) = &region {
        // Checked against the stored catalog; a database without one yet (the server has
        // never started on it) cannot say, and the account is made as asked.
        let mut conn = db.acquire().await?;
        if let Ok(catalog) = crate::catalog::read_stored(&mut conn).await
            && catalog.region(region).is_none()
        {
            let known: Vec<&str> = catalog.regions.iter().map(|r| r.id.as_str()).collect();
            anyhow::bail!(
                "the catalog has no county \"{region}\" (its counties: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            );
        }
    }
    let user = StaffUser {
        username: username.trim().to_owned(),
        role,
        park_ids: if role == Role::Admin {
            Vec::new()
        } else {
            parks
        },
        region_id: region,
        display_name,
        phone,
        must_change_password: false,
    };
    let result = crate::auth::create_user(&db, &user, &password).await;
    db.close().await;
    result?;
    println!(
        "Created {} ({}) in {}",
        user.username,
        role.code(),
        location.describe()
    );
    Ok(())
}
