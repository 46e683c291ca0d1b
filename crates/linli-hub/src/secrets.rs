//! Invite codes and device tokens: generated from the operating system's randomness and
//! stored only as SHA-256 hashes, so a copied hub file gives no one a way in.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 20 characters of 5 bits: 100 bits, far beyond guessing at any rate a hub allows.
const INVITE_CHARS: usize = 20;

/// A new invite code such as `7KQ2M-XV9TB-0HC4R-N8PZE`.
pub fn new_invite() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..INVITE_CHARS)
        .map(|_| ALPHABET[rng.random_range(0..32)] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as it is hashed: dashes and spaces dropped, upper case, and the letters
/// people confuse mapped as Crockford says (O→0, I and L→1).
pub fn normalize_invite(input: &str) -> String {
    input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// A new device token: 32 random bytes in hex.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a secret, as stored.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invites_are_long_and_survive_sloppy_typing() {
        let code = new_invite();
        assert_eq!(code.len(), 23);
        assert_eq!(normalize_invite(&code).len(), INVITE_CHARS);
        let sloppy = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_invite(&sloppy), normalize_invite(&code));
        assert_eq!(normalize_invite("o-i-l"), "011");
        assert_ne!(new_invite(), code);
    }

    #[test]
    fn tokens_are_distinct_and_hashes_fixed_length() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(hash(&a).len(), 32);
        assert_eq!(hash(&a), hash(&a));
    }
}
