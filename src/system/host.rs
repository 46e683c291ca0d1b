//! Hosting the group's hub inside the organiser's app: the `linli-hub` library on its own
//! thread, its SQLite file in the app's data folder, listening on the local network (port
//! 7878 unless she changes it). Members sync only while this computer is on; their apps
//! keep working meanwhile and send later.
//!
//! It speaks HTTPS with a self-signed certificate made on its first start and kept beside
//! the hub's file (hub-cert.pem, hub-key.pem readable by her only). The invite screen and
//! sheet show its fingerprint; a member's computer shows the same one and pins it once she
//! says they match. Plain HTTP is still answered on the same port, so computers that joined
//! before HTTPS (by `http://` on the local network) keep syncing.

use chrono::Utc;
use linli_core::store::sync::Identity;
use linli_core::sync::tls::Fingerprint;
use linli_hub::storage::HubStorage;
use linli_hub::storage::sqlite::SqliteHub;
use linli_hub::tls::HubTls;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The default port, as in `linli-hub serve`.
pub const DEFAULT_PORT: u16 = 7878;

/// What the invite screen and sheet show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostInfo {
    pub group: String,
    /// The address members type, e.g. `https://192.168.1.20:7878`.
    pub address: String,
    pub member_invite: String,
    pub volunteer_invite: String,
    /// The hub certificate's fingerprint, for members to compare when they join (read
    /// from the certificate at each start).
    #[serde(default)]
    pub fingerprint: Option<Fingerprint>,
}

/// The hub running in this app.
#[derive(Debug)]
pub struct Host {
    info: HostInfo,
    /// Stops the hub when dropped.
    _stop: tokio::sync::oneshot::Sender<()>,
}

fn hub_file(dir: &Path) -> PathBuf {
    dir.join("hub.db")
}

/// The invites are known only when the group is made (the hub keeps their hashes), so
/// they are kept beside the hub's file, readable by this user only.
fn info_file(dir: &Path) -> PathBuf {
    dir.join("hub-invites.json")
}

/// This computer's address on the local network (the one its default route uses), or
/// loopback when there is no network. No packet is sent.
pub fn lan_ip() -> std::net::IpAddr {
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| {
            s.connect("10.255.255.255:1")?;
            s.local_addr()
        })
        .map(|a| a.ip())
        .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]))
}

impl Host {
    /// Makes a new group in `dir` and starts its hub on `port`; returns the running hub
    /// and the organiser's identity (this device, joined as the organiser).
    pub fn create(
        dir: &Path,
        group: &str,
        organiser: &str,
        port: u16,
    ) -> Result<(Host, Identity), String> {
        if hub_file(dir).exists() {
            return Err(format!(
                "{} already holds a group; remove it to start another",
                hub_file(dir).display()
            ));
        }
        let listener = bind(port)?;
        let tls = certificate(dir)?;
        let hub = Arc::new(SqliteHub::open(hub_file(dir)).map_err(|e| e.to_string())?);
        let now = Utc::now();
        let inv = hub
            .create_group(group, organiser, now)
            .map_err(|e| e.to_string())?;
        let me = hub
            .join(&inv.organiser_invite, organiser, now)
            .map_err(|e| e.to_string())?;
        let info = HostInfo {
            group: group.into(),
            address: address(port),
            member_invite: inv.member_invite,
            volunteer_invite: inv.volunteer_invite,
            fingerprint: Some(tls.fingerprint),
        };
        save_info(dir, &info)?;
        // Her own computer speaks to its hub over loopback, trusting its own certificate.
        let mut identity = Identity::of(&format!("https://127.0.0.1:{port}"), me);
        identity.pin = Some(tls.fingerprint);
        Ok((Host::run(hub, listener, info, tls)?, identity))
    }

    /// Starts the hub of the group made earlier in `dir`, on `port`.
    pub fn start(dir: &Path, port: u16) -> Result<Host, String> {
        let text = std::fs::read_to_string(info_file(dir))
            .map_err(|e| format!("can't read {}: {e}", info_file(dir).display()))?;
        let mut info: HostInfo = serde_json::from_str(&text)
            .map_err(|e| format!("{} is damaged: {e}", info_file(dir).display()))?;
        // The computer may have another address on the network today.
        info.address = address(port);
        let listener = bind(port)?;
        // A group made before HTTPS gets its certificate on this start.
        let tls = certificate(dir)?;
        info.fingerprint = Some(tls.fingerprint);
        let hub = Arc::new(SqliteHub::open(hub_file(dir)).map_err(|e| e.to_string())?);
        Host::run(hub, listener, info, tls)
    }

    fn run(
        hub: Arc<SqliteHub>,
        listener: std::net::TcpListener,
        info: HostInfo,
        tls: HubTls,
    ) -> Result<Host, String> {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let storage: Arc<dyn HubStorage> = hub;
        std::thread::Builder::new()
            .name("hub".into())
            .spawn(move || {
                let rt = match tokio::runtime::Runtime::new() {
                    Ok(rt) => rt,
                    Err(e) => {
                        tracing::error!("hub: {e}");
                        return;
                    }
                };
                rt.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => l,
                        Err(e) => {
                            tracing::error!("hub: {e}");
                            return;
                        }
                    };
                    let shutdown = async move {
                        let _ = stopped.await;
                    };
                    // HTTPS, and plain HTTP for computers that joined before.
                    let served = linli_hub::serve_tls(listener, storage, shutdown, &tls, true);
                    if let Err(e) = served.await {
                        tracing::error!("hub stopped: {e}");
                    }
                });
            })
            .map_err(|e| e.to_string())?;
        Ok(Host { info, _stop: stop })
    }

    pub fn info(&self) -> &HostInfo {
        &self.info
    }
}

/// The address on the invite: this computer on the local network, over HTTPS.
fn address(port: u16) -> String {
    format!("https://{}:{port}", lan_ip())
}

/// The hub's certificate in `dir`, made on the first start.
fn certificate(dir: &Path) -> Result<HubTls, String> {
    let hosts = vec![
        lan_ip().to_string(),
        "127.0.0.1".to_string(),
        "localhost".to_string(),
    ];
    linli_hub::tls::load_or_make(dir, &hosts).map_err(|e| e.to_string())
}

fn bind(port: u16) -> Result<std::net::TcpListener, String> {
    let l = std::net::TcpListener::bind(("0.0.0.0", port)).map_err(|e| {
        format!(
            "port {port} can't be used ({e}); another program may be using it — choose another port"
        )
    })?;
    l.set_nonblocking(true).map_err(|e| e.to_string())?;
    Ok(l)
}

fn save_info(dir: &Path, info: &HostInfo) -> Result<(), String> {
    let path = info_file(dir);
    let json = serde_json::to_string_pretty(info).map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| format!("can't write {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A group made in the app answers on its port, keeps its invites across a restart,
    /// and a second start on a busy port says so in words.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_hosted_hub_answers_and_starts_again_with_its_invites() {
        let dir = tempfile::tempdir().unwrap();
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let (host, me) = Host::create(dir.path(), "幸福里3号楼", "王阿姨", port).unwrap();
        assert_eq!(me.role, linli_core::model::Role::Organiser);
        let fp = host
            .info()
            .fingerprint
            .expect("the hosted hub has a certificate");
        assert_eq!(
            me.pin,
            Some(fp),
            "her own computer trusts its hub's certificate"
        );
        assert!(host.info().address.starts_with("https://"));
        let client = linli_core::sync::client::HubClient::pinned(&me.hub, me.pin).unwrap();
        let joined = client
            .join(&host.info().member_invite, "李奶奶")
            .await
            .expect("a member joins the hosted hub over HTTPS");
        assert_eq!(joined.group_id, me.group_id);
        // A computer that joined before HTTPS, by plain http on the local network.
        let plain = linli_core::sync::client::HubClient::new(&format!("http://127.0.0.1:{port}"))
            .unwrap()
            .join(&host.info().member_invite, "张大爷")
            .await
            .expect("plain http still answered on the same port");
        assert_eq!(plain.group_id, me.group_id);
        let busy = Host::start(dir.path(), port).unwrap_err();
        assert!(busy.contains(&port.to_string()), "{busy}");
        let invites = host.info().member_invite.clone();
        drop(host);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let again = Host::start(dir.path(), port).unwrap();
        assert_eq!(again.info().member_invite, invites);
        assert_eq!(
            again.info().fingerprint,
            Some(fp),
            "the same certificate after a restart: nobody has to confirm again"
        );
        assert!(
            Host::create(dir.path(), "x", "y", port).is_err(),
            "one group per folder"
        );
    }
}
