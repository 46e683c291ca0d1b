//! The hub serving HTTPS itself (rustls on ring): a certificate and key from PEM files
//! (`serve --tls-cert --tls-key`), or a self-signed pair made by `linli-hub cert` or by the
//! organiser's app on first start. Devices trust a self-signed hub by its SHA-256
//! fingerprint, written the same way everywhere ([`Fingerprint`]'s groups of four).
//!
//! [`TlsListener`] accepts TCP connections and finishes each TLS handshake in a task of
//! its own (a slow or silent client holds up no one), so axum's graceful shutdown and the
//! peer address (`ConnectInfo<SocketAddr>`, used by the join limiter) work as over plain
//! TCP. It can also take plain HTTP on the same port (`also_plain`), which the organiser's
//! in-app hub does so her neighbours' computers joined before HTTPS keep syncing.

use linli_core::sync::tls::{Fingerprint, provider};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use thiserror::Error;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// How long a client may take to say hello and finish the handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);

/// The certificate file's and key file's names in a folder (`linli-hub cert --out`, the
/// organiser's data folder).
pub const CERT_FILE: &str = "hub-cert.pem";
pub const KEY_FILE: &str = "hub-key.pem";

#[derive(Debug, Error)]
pub enum TlsError {
    #[error("can't read the certificate file {0}: {1}")]
    CertFile(PathBuf, io::Error),
    #[error("can't read the key file {0}: {1}")]
    KeyFile(PathBuf, io::Error),
    #[error("{0} holds no certificate (a PEM file with -----BEGIN CERTIFICATE-----)")]
    NoCert(PathBuf),
    #[error("{0} holds no private key (a PEM file with -----BEGIN PRIVATE KEY-----)")]
    NoKey(PathBuf),
    #[error("the certificate and key can't be used together: {0}")]
    Mismatch(rustls::Error),
    #[error("can't make a certificate: {0}")]
    Make(#[from] rcgen::Error),
    #[error(
        "{0} already exists; a new certificate would make every device refuse the hub until it is confirmed again — remove the old files first if that is what you want"
    )]
    Exists(PathBuf),
    #[error("can't write {0}: {1}")]
    Write(PathBuf, io::Error),
}

/// A server configuration and the fingerprint devices will see.
#[derive(Clone)]
pub struct HubTls {
    pub config: Arc<ServerConfig>,
    pub fingerprint: Fingerprint,
}

impl std::fmt::Debug for HubTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HubTls({})", self.fingerprint)
    }
}

/// Loads a certificate chain (the hub's own first) and its private key from PEM files.
pub fn load(cert: &Path, key: &Path) -> Result<HubTls, TlsError> {
    let cert_pem = std::fs::read(cert).map_err(|e| TlsError::CertFile(cert.into(), e))?;
    let key_pem = std::fs::read(key).map_err(|e| TlsError::KeyFile(key.into(), e))?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|_| TlsError::NoCert(cert.into()))?;
    if chain.is_empty() {
        return Err(TlsError::NoCert(cert.into()));
    }
    let key_der =
        PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| TlsError::NoKey(key.into()))?;
    from_der(chain, key_der)
}

fn from_der(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<HubTls, TlsError> {
    let fingerprint = Fingerprint::of(chain[0].as_ref());
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Mismatch)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(TlsError::Mismatch)?;
    Ok(HubTls {
        config: Arc::new(config),
        fingerprint,
    })
}

/// A self-signed certificate for `hosts` (names or IP addresses), as PEM: (certificate,
/// private key, fingerprint). ECDSA P-256; valid until 4096, because devices trust it by
/// its fingerprint and a renewal would have everyone confirm a new one.
pub fn self_signed(hosts: &[String]) -> Result<(String, String, Fingerprint), TlsError> {
    let mut params = rcgen::CertificateParams::new(hosts.to_vec())?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Linli hub");
    let key = rcgen::KeyPair::generate()?;
    let cert = params.self_signed(&key)?;
    let fingerprint = Fingerprint::of(cert.der().as_ref());
    Ok((cert.pem(), key.serialize_pem(), fingerprint))
}

/// Writes a new self-signed pair into `dir` as [`CERT_FILE`] and [`KEY_FILE`] (the key
/// readable by this user only); refuses to replace existing files.
pub fn write_self_signed(dir: &Path, hosts: &[String]) -> Result<Fingerprint, TlsError> {
    let (cert_path, key_path) = (dir.join(CERT_FILE), dir.join(KEY_FILE));
    for p in [&cert_path, &key_path] {
        if p.exists() {
            return Err(TlsError::Exists(p.clone()));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| TlsError::Write(dir.into(), e))?;
    let (cert, key, fingerprint) = self_signed(hosts)?;
    write_private(&key_path, key.as_bytes()).map_err(|e| TlsError::Write(key_path.clone(), e))?;
    std::fs::write(&cert_path, cert).map_err(|e| TlsError::Write(cert_path.clone(), e))?;
    Ok(fingerprint)
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// The pair in `dir`, made first if there is none (the organiser's in-app hub).
pub fn load_or_make(dir: &Path, hosts: &[String]) -> Result<HubTls, TlsError> {
    let (cert, key) = (dir.join(CERT_FILE), dir.join(KEY_FILE));
    if !cert.exists() && !key.exists() {
        write_self_signed(dir, hosts)?;
    }
    load(&cert, &key)
}

/// A connection the hub accepted: TLS, or plain HTTP when the listener allows it.
pub enum HubStream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for HubStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            HubStream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            HubStream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for HubStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            HubStream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            HubStream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            HubStream::Plain(s) => Pin::new(s).poll_flush(cx),
            HubStream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            HubStream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            HubStream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Accepts TLS connections (and plain ones if allowed) for axum.
pub struct TlsListener {
    ready: mpsc::Receiver<(HubStream, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Starts accepting on `tcp` (inside a tokio runtime). Stops when dropped.
    pub fn new(tcp: TcpListener, tls: &HubTls, also_plain: bool) -> io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        let (tx, ready) = mpsc::channel(64);
        let acceptor = TlsAcceptor::from(tls.config.clone());
        tokio::spawn(accept_loop(tcp, acceptor, also_plain, tx));
        Ok(TlsListener { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = HubStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (HubStream, SocketAddr) {
        match self.ready.recv().await {
            Some(c) => c,
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.local)
    }
}

async fn accept_loop(
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    also_plain: bool,
    ready: mpsc::Sender<(HubStream, SocketAddr)>,
) {
    loop {
        let (sock, peer) = tokio::select! {
            r = tcp.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, as axum does.
                    tracing::debug!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            // The server stopped (graceful shutdown dropped the listener): free the port.
            _ = ready.closed() => return,
        };
        let acceptor = acceptor.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE, open(sock, acceptor, also_plain)).await {
                Ok(Ok(Some(stream))) => {
                    let _ = ready.send((stream, peer)).await;
                }
                Ok(Ok(None)) => {}
                Ok(Err(e)) => tracing::debug!("TLS handshake with {peer} failed: {e}"),
                Err(_) => tracing::debug!("TLS handshake with {peer} timed out"),
            }
        });
    }
}

/// A TLS record starts with 0x16 (handshake); plain HTTP with a letter.
async fn open(
    sock: TcpStream,
    acceptor: TlsAcceptor,
    also_plain: bool,
) -> io::Result<Option<HubStream>> {
    let mut first = [0u8; 1];
    if sock.peek(&mut first).await? == 0 {
        return Ok(None);
    }
    if first[0] == 0x16 {
        return Ok(Some(HubStream::Tls(Box::new(acceptor.accept(sock).await?))));
    }
    if also_plain {
        return Ok(Some(HubStream::Plain(sock)));
    }
    // Plain HTTP to a hub that speaks only HTTPS: say so, then hang up.
    use tokio::io::AsyncWriteExt;
    let mut sock = sock;
    let body = "This Linli hub speaks HTTPS only: use an address starting with https://\n";
    let answer = format!(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = sock.write_all(answer.as_bytes()).await;
    let _ = sock.shutdown().await;
    Ok(None)
}
