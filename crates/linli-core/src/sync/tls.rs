//! HTTPS to the hub through rustls with the ring provider (no OpenSSL, no aws-lc). A hub's
//! certificate is trusted either by the usual web PKI (the platform's verifier: a hub
//! behind Caddy or nginx with a real certificate) or, for a hub with a self-signed
//! certificate, by its exact SHA-256 fingerprint, pinned when the organiser's invite
//! sheet and the screen showed the same one.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

/// The SHA-256 of a certificate (its DER bytes). Written as 16 groups of four uppercase
/// hex digits, e.g. `3F2A 91C0 …`, four groups to a line on paper: easy to read aloud and
/// to compare group by group. Read back from any spelling of its 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of a certificate in DER.
    pub fn of(der: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(der).into())
    }

    /// The 16 groups of four hex digits.
    pub fn groups(&self) -> Vec<String> {
        self.0
            .chunks(2)
            .map(|p| format!("{:02X}{:02X}", p[0], p[1]))
            .collect()
    }

    /// Four lines of four groups, for the invite sheet and the screen.
    pub fn lines(&self) -> Vec<String> {
        self.groups().chunks(4).map(|l| l.join(" ")).collect()
    }

    /// For reading aloud: each digit on its own, a pause (`, `) between groups, so a
    /// speech engine says "3 F 2 A" rather than a number.
    pub fn spoken(&self) -> String {
        self.groups()
            .iter()
            .map(|g| g.chars().map(String::from).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.groups().join(" "))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// A fingerprint that is not 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a fingerprint is 64 hex digits (0–9, A–F)")]
pub struct BadFingerprint;

impl FromStr for Fingerprint {
    type Err = BadFingerprint;
    /// Any spelling: groups of four, `AB:CD:…` pairs, lower case, spaces or dashes.
    fn from_str(s: &str) -> Result<Fingerprint, BadFingerprint> {
        let digits: Vec<u8> = s
            .chars()
            .filter(|c| !matches!(c, ' ' | ':' | '-' | '\n' | '\t'))
            .map(|c| c.to_digit(16).map(|d| d as u8).ok_or(BadFingerprint))
            .collect::<Result<_, _>>()?;
        if digits.len() != 64 {
            return Err(BadFingerprint);
        }
        let mut out = [0u8; 32];
        for (i, pair) in digits.chunks(2).enumerate() {
            out[i] = pair[0] << 4 | pair[1];
        }
        Ok(Fingerprint(out))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fingerprint, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a hub's certificate was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustProblem {
    /// Not trusted by the web PKI and nothing pinned: she may compare `presented` with the
    /// invite sheet and pin it.
    Untrusted { presented: Fingerprint },
    /// Not the pinned certificate: refused, never re-pinned silently.
    Changed {
        pinned: Fingerprint,
        presented: Fingerprint,
    },
}

/// The provider every TLS connection of Linli uses: rustls on ring.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Makes ring the process's default rustls provider, for any `reqwest::Client` built
/// without Linli's configuration (reqwest's `rustls-no-provider` panics without one).
/// Idempotent; [`super::client::HubClient`] and the hub's `serve` call it.
pub fn install_provider() {
    if CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Checks a hub's certificate: the pinned fingerprint if there is one (exactly that
/// certificate, whatever its name or issuer), else the web PKI. Records why it refused in
/// `seen`, so the client can tell her what happened (rustls's error can't carry it).
#[derive(Debug)]
struct HubVerifier {
    pin: Option<Fingerprint>,
    web: Option<Arc<dyn ServerCertVerifier>>,
    provider: Arc<CryptoProvider>,
    seen: Arc<Mutex<Option<TrustProblem>>>,
}

impl ServerCertVerifier for HubVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = Fingerprint::of(end_entity.as_ref());
        let refuse = |problem: TrustProblem, e: rustls::Error| {
            *self.seen.lock().expect("trust record") = Some(problem);
            Err(e)
        };
        match (self.pin, &self.web) {
            (Some(pin), _) if pin == presented => Ok(ServerCertVerified::assertion()),
            (Some(pinned), _) => refuse(
                TrustProblem::Changed { pinned, presented },
                rustls::Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure),
            ),
            (None, Some(web)) => web
                .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
                .or_else(|e| refuse(TrustProblem::Untrusted { presented }, e)),
            (None, None) => refuse(
                TrustProblem::Untrusted { presented },
                rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
            ),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The rustls configuration of a client for one hub: pinned to `pin`, or the web PKI.
/// Trust failures are recorded in `seen`.
pub fn client_config(
    pin: Option<Fingerprint>,
    seen: Arc<Mutex<Option<TrustProblem>>>,
) -> rustls::ClientConfig {
    let provider = provider();
    // Without a pin, the platform's roots (Debian's ca-certificates, the system's store
    // elsewhere). If they can't be loaded, nothing is trusted but a pin.
    let web: Option<Arc<dyn ServerCertVerifier>> = match pin {
        Some(_) => None,
        None => rustls_platform_verifier::Verifier::new(provider.clone())
            .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
            .map_err(|e| tracing::warn!("the system's certificates can't be used: {e}"))
            .ok(),
    };
    let verifier = HubVerifier {
        pin,
        web,
        provider: provider.clone(),
        seen,
    };
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports TLS 1.2 and 1.3")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fingerprints_read_as_groups_of_four() {
        let f = Fingerprint([0xab; 32]);
        assert_eq!(f.groups().len(), 16);
        assert_eq!(f.groups()[0], "ABAB");
        assert_eq!(f.lines().len(), 4);
        assert_eq!(f.lines()[0], "ABAB ABAB ABAB ABAB");
        assert_eq!(f.to_string().len(), 16 * 4 + 15);
        assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{f}\""));
        assert!("AB".parse::<Fingerprint>().is_err());
        assert!("ZZ".repeat(32).parse::<Fingerprint>().is_err());
    }

    proptest! {
        #[test]
        fn any_spelling_reads_back(bytes: [u8; 32]) {
            let f = Fingerprint(bytes);
            let colons: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
            prop_assert_eq!(f.to_string().parse::<Fingerprint>(), Ok(f));
            prop_assert_eq!(colons.join(":").parse::<Fingerprint>(), Ok(f));
            prop_assert_eq!(f.lines().join("\n").parse::<Fingerprint>(), Ok(f));
            let json = serde_json::to_string(&f).unwrap();
            prop_assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), f);
        }
    }
}
