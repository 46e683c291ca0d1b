//! The one rule for a hub's address: `https://` anywhere; plain `http://` only to this
//! computer or the local network (loopback, private IPv4, link-local, IPv6 unique-local,
//! `localhost`, names ending `.local`, `.lan` or `.home.arpa`, or a single-label name such
//! as `nas`). Anything else is refused, because a plain address on the internet would send
//! her invite code and token in the clear. [`super::client::HubClient`] checks every
//! address it is given with [`hub_address`], so no code path reaches a hub without it.

use reqwest::Url;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use thiserror::Error;

/// Why an address was refused. [`AddressError::message_id`] names its words in Fluent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AddressError {
    /// Not an address at all (empty, a path, a query, another scheme, no host …).
    #[error("this is not a hub address: {0}")]
    Malformed(String),
    /// `http://` to a place outside the local network.
    #[error(
        "{0} is not safe: use an address starting with https://, or ask the organiser for the local network address"
    )]
    Insecure(String),
}

impl AddressError {
    /// The Fluent id of the words to show her (app.ftl).
    pub fn message_id(&self) -> &'static str {
        match self {
            AddressError::Malformed(_) => "hub-address-malformed",
            AddressError::Insecure(_) => "hub-address-insecure",
        }
    }
}

/// Checks and normalises a hub's address: `scheme://host[:port]`, without a trailing
/// slash. Without a scheme, `https://` (the first of [`hub_addresses`]).
pub fn hub_address(input: &str) -> Result<String, AddressError> {
    hub_addresses(input).map(|mut a| a.swap_remove(0))
}

/// The addresses to try, in order, for what she typed. With a scheme, that address alone.
/// Without one (as typed from the invite sheet: `192.168.1.20:7878`), `https://` first and
/// then, where the rule allows plain http (this computer, the local network), `http://`:
/// a hub that answers only one of them is reached either way ([`super::client::join`]
/// tries the second only when the first could not be reached at all, never after a
/// certificate question).
pub fn hub_addresses(input: &str) -> Result<Vec<String>, AddressError> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(vec![checked(parse(s, input)?, input)?]);
    }
    if s.is_empty()
        || s.contains("://")
        || lower.starts_with("http:")
        || lower.starts_with("https:")
    {
        return Err(AddressError::Malformed(input.into()));
    }
    let secure = checked(parse(&format!("https://{s}"), input)?, input)?;
    let plain = parse(&format!("http://{s}"), input)?;
    if is_local(&plain) {
        Ok(vec![secure, checked(plain, input)?])
    } else {
        Ok(vec![secure])
    }
}

/// The rule's checks on a parsed address, and its normal form.
fn checked(url: Url, input: &str) -> Result<String, AddressError> {
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
        || !(url.path().is_empty() || url.path() == "/")
    {
        return Err(AddressError::Malformed(input.into()));
    }
    let host = match url.host() {
        Some(h) => h.to_string(),
        None => return Err(AddressError::Malformed(input.into())),
    };
    if url.scheme() == "http" && !is_local(&url) {
        return Err(AddressError::Insecure(input.trim().into()));
    }
    Ok(match url.port() {
        Some(p) => format!("{}://{host}:{p}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    })
}

fn parse(s: &str, input: &str) -> Result<Url, AddressError> {
    let url = Url::parse(s).map_err(|_| AddressError::Malformed(input.into()))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        _ => Err(AddressError::Malformed(input.into())),
    }
}

/// Whether `url`'s host is this computer or on the local network.
fn is_local(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => local_ip(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => local_ip(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) => local_name(name),
        None => false,
    }
}

/// Loopback, private IPv4 (10/8, 172.16/12, 192.168/16), link-local (169.254/16,
/// fe80::/10), IPv6 unique-local (fc00::/7); an IPv4-mapped IPv6 address as its IPv4.
pub fn local_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => local_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => local_v4(v4),
            None => local_v6(v6),
        },
    }
}

fn local_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback() || ip.is_private() || ip.is_link_local()
}

fn local_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback() || (first & 0xffc0) == 0xfe80 || (first & 0xfe00) == 0xfc00
}

/// `localhost`, names ending `.local`, `.lan` or `.home.arpa`, or a single label (`nas`).
pub fn local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() {
        return false;
    }
    name == "localhost"
        || name.ends_with(".localhost")
        || name.ends_with(".local")
        || name.ends_with(".lan")
        || name.ends_with(".home.arpa")
        || !name.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn https_anywhere_http_only_at_home() {
        for ok in [
            "https://example.com",
            "https://8.8.8.8:7878",
            "http://127.0.0.1",
            "http://127.0.0.1:7878",
            "http://192.168.1.20:7878",
            "http://10.1.2.3",
            "http://172.16.0.1",
            "http://172.31.255.255",
            "http://169.254.3.4",
            "http://[::1]:7878",
            "http://[fe80::1]",
            "http://[fd12:3456::1]:7878",
            "http://localhost:7878",
            "http://linli.local",
            "http://hub.lan",
            "http://hub.home.arpa",
            "http://nas:7878",
            "HTTP://192.168.1.20:7878/",
        ] {
            assert!(hub_address(ok).is_ok(), "{ok} should be allowed");
        }
        for bad in [
            "http://8.8.8.8:7878",
            "http://example.com",
            "http://172.32.0.1",
            "http://11.0.0.1",
            "http://[2001:db8::1]",
            "http://192.168.1.20.nip.io",
            "http://[::ffff:8.8.8.8]",
        ] {
            assert!(
                matches!(hub_address(bad), Err(AddressError::Insecure(_))),
                "{bad} should be refused as insecure: {:?}",
                hub_address(bad)
            );
        }
        for bad in [
            "",
            "   ",
            "http://",
            "ftp://192.168.1.20",
            "https://example.com/v1/join",
            "https://example.com?x=1",
            "https://me:pw@example.com",
            "https://exa mple.com",
            "http://999.1.1.1",
            "https://example.com:99999",
            "://x",
            "http:",
            "https:/hub.example.org",
        ] {
            assert!(
                matches!(hub_address(bad), Err(AddressError::Malformed(_))),
                "{bad:?} should be refused as malformed: {:?}",
                hub_address(bad)
            );
        }
    }

    #[test]
    fn addresses_are_normalised_and_schemes_guessed() {
        assert_eq!(
            hub_address(" 192.168.1.20:7878/ ").unwrap(),
            "https://192.168.1.20:7878"
        );
        assert_eq!(
            hub_address("hub.example.org").unwrap(),
            "https://hub.example.org"
        );
        assert_eq!(
            hub_address("HTTPS://Hub.Example.org:8443/").unwrap(),
            "https://hub.example.org:8443"
        );
        assert_eq!(
            hub_address("http://[FE80::1]:7878").unwrap(),
            "http://[fe80::1]:7878"
        );
        // Odd spellings of an address are read as the address they are.
        assert_eq!(
            hub_address("http://2130706433:7878").unwrap(),
            "http://127.0.0.1:7878"
        );
        assert!(matches!(
            hub_address("http://0x08.8.8.8"),
            Err(AddressError::Insecure(_))
        ));
    }

    #[test]
    fn without_a_scheme_https_first_then_http_at_home_only() {
        assert_eq!(
            hub_addresses(" 192.168.1.20:7878/ ").unwrap(),
            ["https://192.168.1.20:7878", "http://192.168.1.20:7878"]
        );
        assert_eq!(
            hub_addresses("127.0.0.1:7878").unwrap(),
            ["https://127.0.0.1:7878", "http://127.0.0.1:7878"]
        );
        assert_eq!(hub_addresses("nas").unwrap(), ["https://nas", "http://nas"]);
        assert_eq!(
            hub_addresses("hub.example.org").unwrap(),
            ["https://hub.example.org"]
        );
        assert_eq!(
            hub_addresses("8.8.8.8:7878").unwrap(),
            ["https://8.8.8.8:7878"]
        );
        // A scheme she typed is kept: one address, no guessing.
        assert_eq!(
            hub_addresses("http://192.168.1.20:7878").unwrap(),
            ["http://192.168.1.20:7878"]
        );
        assert_eq!(
            hub_addresses("https://192.168.1.20:7878").unwrap(),
            ["https://192.168.1.20:7878"]
        );
        for bad in [
            "",
            "192.168.1.20:7878/v1",
            "me@192.168.1.20",
            "http:192.168.1.20",
            "http://xn--.com",
        ] {
            assert!(
                matches!(hub_addresses(bad), Err(AddressError::Malformed(_))),
                "{bad:?}: {:?}",
                hub_addresses(bad)
            );
        }
    }

    proptest! {
        /// Every IPv4 address over https is fine; over http exactly when it is local by
        /// the rule's ranges.
        #[test]
        fn ipv4_over_http_follows_the_ranges(a: u8, b: u8, c: u8, d: u8, port in 1u16..) {
            let ip = Ipv4Addr::new(a, b, c, d);
            let local = a == 127 || a == 10 || (a == 172 && (16..32).contains(&b))
                || (a == 192 && b == 168) || (a == 169 && b == 254);
            let https = hub_address(&format!("https://{ip}:{port}"));
            prop_assert!(https.is_ok());
            let http = hub_address(&format!("http://{ip}:{port}"));
            prop_assert_eq!(http.is_ok(), local, "{}", ip);
            if !local {
                prop_assert!(matches!(http, Err(AddressError::Insecure(_))));
            }
        }

        /// Typed without a scheme, every IPv4 address is tried over https first; then
        /// over http exactly when the rule allows plain http there.
        #[test]
        fn ipv4_without_a_scheme_tries_https_then_http_at_home(a: u8, b: u8, c: u8, d: u8, port in 1u16..) {
            let ip = Ipv4Addr::new(a, b, c, d);
            let tried = hub_addresses(&format!("{ip}:{port}")).unwrap();
            prop_assert_eq!(&tried[0], &format!("https://{ip}:{port}"));
            let plain = format!("http://{ip}:{port}");
            prop_assert_eq!(tried.len() == 2, hub_address(&plain).is_ok());
            if tried.len() == 2 {
                prop_assert_eq!(&tried[1], &plain);
            }
        }

        /// IPv6 over http: loopback, fe80::/10 and fc00::/7 only.
        #[test]
        fn ipv6_over_http_follows_the_ranges(segs: [u16; 8]) {
            let ip = Ipv6Addr::from(segs);
            let local = match ip.to_ipv4_mapped() {
                Some(v4) => local_v4(v4),
                None => ip == Ipv6Addr::LOCALHOST
                    || (segs[0] & 0xffc0) == 0xfe80
                    || (segs[0] & 0xfe00) == 0xfc00,
            };
            prop_assert_eq!(hub_address(&format!("http://[{ip}]")).is_ok(), local);
            let https = hub_address(&format!("https://[{ip}]"));
            prop_assert!(https.is_ok());
        }

        /// A dotted name under a public suffix is never reached over http; https is fine.
        #[test]
        fn public_names_need_https(label in "[a-z][a-z0-9-]{0,20}", tld in "(com|cn|org|net|io)") {
            // "xn--" starts a punycode label, which must decode: "xn--.com" is malformed
            // (tested above), not merely insecure (found by a run under Wine).
            prop_assume!(!label.starts_with("xn--"));
            let name = format!("{label}.{tld}");
            prop_assert!(
                matches!(
                    hub_address(&format!("http://{name}")),
                    Err(AddressError::Insecure(_))
                ),
                "{}",
                name
            );
            let https = hub_address(&format!("https://{name}"));
            prop_assert!(https.is_ok());
        }

        /// Whatever is typed, the answer is an address or a reason, never a panic; and an
        /// accepted address is accepted again unchanged.
        #[test]
        fn anything_typed_gets_an_answer(s in "\\PC{0,40}") {
            if let Ok(a) = hub_address(&s) {
                prop_assert_eq!(hub_address(&a), Ok(a.clone()));
            }
        }
    }
}
