//! Argon2id with the OWASP-recommended parameters (19 MiB, 2 passes, 1 lane).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    // The parameters are constants known to be valid; fall back to the crate defaults (which
    // are the same OWASP figures) rather than panic.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). CPU-heavy: call from a blocking thread.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// Constant-time check of `password` against a stored PHC string.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Hashes on the blocking pool so the async workers keep serving.
pub async fn hash_async(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

/// Verifies on the blocking pool. With no stored hash (unknown e-mail) a dummy hash is checked
/// so the answer takes the same time either way.
pub async fn verify_async(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => verify(&password, &phc),
        None => {
            let _ = verify(&password, DUMMY);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// Minimum rules for a password a person chooses.
pub fn check_strength(password: &str) -> Result<(), &'static str> {
    let len = password.chars().count();
    if len < 8 {
        return Err("password_too_short");
    }
    if len > 128 {
        return Err("too_long");
    }
    Ok(())
}

const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Yq2dZ1q6E8iVgFRR8sq3b7o1z4o4mUu7i3H4mJjQ2Q";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_verifies() -> anyhow::Result<()> {
        let phc = hash("correct horse")?;
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse", &phc));
        assert!(!verify("wrong horse", &phc));
        assert!(!verify("correct horse", "not a hash"));
        Ok(())
    }

    #[test]
    fn same_password_gets_a_new_salt() -> anyhow::Result<()> {
        assert_ne!(hash("demo")?, hash("demo")?);
        Ok(())
    }

    #[test]
    fn strength_rules() {
        assert_eq!(check_strength("short"), Err("password_too_short"));
        assert_eq!(check_strength("long enough"), Ok(()));
    }
}

#[cfg(test)]
mod dummy_tests {
    #[test]
    fn dummy_hash_parses_so_unknown_emails_cost_the_same() {
        assert!(argon2::password_hash::PasswordHash::new(super::DUMMY).is_ok());
    }
}
