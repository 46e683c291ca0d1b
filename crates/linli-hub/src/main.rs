//! `linli-hub`: create a group, or serve it.

use clap::{Parser, Subcommand};
use linli_hub::storage::HubStorage;
use linli_hub::storage::sqlite::SqliteHub;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "linli-hub",
    version,
    about = "Linli's hub: a neighbourhood group's authoritative store, served over HTTP"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Manage groups.
    Group {
        #[command(subcommand)]
        command: GroupCmd,
    },
    /// Serve the hub until SIGINT or SIGTERM.
    Serve {
        /// The hub's data file.
        #[arg(long, default_value = "linli-hub.db")]
        db: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:7878")]
        listen: String,
    },
}

#[derive(Subcommand)]
enum GroupCmd {
    /// Create a group and print its invite codes.
    Create {
        #[arg(long, default_value = "linli-hub.db")]
        db: PathBuf,
        /// The group's name, e.g. "幸福里3号楼".
        #[arg(long)]
        name: String,
        /// The organiser's display name.
        #[arg(long)]
        organiser: String,
        /// Print a JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "linli_hub=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("linli-hub: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    match cli.command {
        Cmd::Group {
            command:
                GroupCmd::Create {
                    db,
                    name,
                    organiser,
                    json,
                },
        } => {
            let hub = SqliteHub::open(&db)?;
            let inv = hub.create_group(&name, &organiser, chrono::Utc::now())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&inv)?);
            } else {
                println!("Group \"{name}\" created in {}.", db.display());
                println!(
                    "Organiser ({organiser}) joins with:  {}",
                    inv.organiser_invite
                );
                println!("Members join with:               {}", inv.member_invite);
                println!("Volunteers join with:            {}", inv.volunteer_invite);
                println!("Keep these codes among the group; anyone with one can join.");
            }
            Ok(())
        }
        Cmd::Serve { db, listen } => {
            let storage: Arc<dyn HubStorage> = Arc::new(SqliteHub::open(&db)?);
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&listen)
                    .await
                    .map_err(|e| format!("can't listen on {listen}: {e}"))?;
                tracing::info!(
                    "serving {} on http://{}",
                    db.display(),
                    listener.local_addr()?
                );
                linli_hub::serve(listener, storage, stop_signal()).await?;
                tracing::info!("stopped cleanly");
                Ok(())
            })
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
