//! `linli-hub`: create a group, or serve it.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
        /// The hub's SQLite file, or a PostgreSQL database shared by several hub processes
        /// (postgres://user:password@host:port/dbname).
        #[arg(long, default_value = "linli-hub.db", value_name = "FILE|URL")]
        db: String,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:7878")]
        listen: String,
        /// Serve HTTPS with this certificate (PEM; the hub's own first, then any
        /// intermediates). Needs --tls-key. Without both, plain HTTP (for a home network,
        /// or behind a proxy that speaks HTTPS).
        #[arg(long, requires = "tls_key", value_name = "PEM")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM). Needs --tls-cert.
        #[arg(long, requires = "tls_cert", value_name = "PEM")]
        tls_key: Option<PathBuf>,
    },
    /// Make a self-signed certificate and key for `serve --tls-cert --tls-key`, and print
    /// the fingerprint to put on the invite sheet.
    Cert {
        /// A name or IP address devices will use to reach the hub (repeat for more).
        #[arg(long = "host", required = true, value_name = "NAME")]
        hosts: Vec<String>,
        /// The folder to write hub-cert.pem and hub-key.pem into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum GroupCmd {
    /// Create a group and print its invite codes.
    Create {
        /// The hub's SQLite file or PostgreSQL address, as for `serve --db`.
        #[arg(long, default_value = "linli-hub.db", value_name = "FILE|URL")]
        db: String,
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
    // The group's file, its certificate key and its WAL: the hub's user's alone.
    linli_core::file::private_by_default();
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
            let hub = linli_hub::open_store(&db)?;
            let inv = hub.create_group(&name, &organiser, chrono::Utc::now())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&inv)?);
            } else {
                println!(
                    "Group \"{name}\" created in {}.",
                    linli_hub::describe_store(&db)
                );
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
        Cmd::Serve {
            db,
            listen,
            tls_cert,
            tls_key,
        } => {
            // Read the certificate before anything else, so a wrong path stops the start.
            let tls = match (tls_cert, tls_key) {
                (Some(c), Some(k)) => Some(linli_hub::tls::load(&c, &k)?),
                (None, None) => None,
                _ => return Err("--tls-cert and --tls-key go together".into()),
            };
            // Opened outside the runtime: PostgreSQL's client blocks on its own.
            let storage = linli_hub::open_store(&db)?;
            let shown = linli_hub::describe_store(&db);
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&listen)
                    .await
                    .map_err(|e| format!("can't listen on {listen}: {e}"))?;
                let addr = listener.local_addr()?;
                match &tls {
                    Some(tls) => {
                        tracing::info!("serving {shown} on https://{addr}");
                        tracing::info!("certificate fingerprint (SHA-256): {}", tls.fingerprint);
                        linli_hub::serve_tls(listener, storage, stop_signal(), tls, false).await?;
                    }
                    None => {
                        tracing::info!("serving {shown} on http://{addr}");
                        linli_hub::serve(listener, storage, stop_signal()).await?;
                    }
                }
                tracing::info!("stopped cleanly");
                Ok(())
            })
        }
        Cmd::Cert { hosts, out } => {
            let fingerprint = linli_hub::tls::write_self_signed(&out, &hosts)?;
            let cert = out.join(linli_hub::tls::CERT_FILE);
            let key = out.join(linli_hub::tls::KEY_FILE);
            println!("Certificate: {}", cert.display());
            println!("Key:         {} (keep it secret)", key.display());
            println!("Fingerprint (SHA-256) — put it on the invite sheet:");
            for line in fingerprint.lines() {
                println!("    {line}");
            }
            println!(
                "Serve with:  linli-hub serve --tls-cert {} --tls-key {}",
                cert.display(),
                key.display()
            );
            Ok(())
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
