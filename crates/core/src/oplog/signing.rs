//! This device's signing key: an Ed25519 keypair that proves which laptop wrote a segment or a
//! state file in the sync folder (see `sync/segment.rs`, format 2).
//!
//! The private key never enters the database (which is synced op by op, backed up and copied):
//! it lives in [`KEY_FILE`] beside it in the data directory, readable by its owner only (0600 on
//! unix), created the first time it is needed. The public key is published in the synced
//! `device` table by the device's enrolment (`workspace/tables.rs`). A database opened in
//! memory (tests) keeps a key in memory for as long as it is open.

use std::io::Write as _;
use std::path::Path;

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};

use crate::error::{Error, Result};

/// The key file's name inside the data directory.
pub const KEY_FILE: &str = "device.key";

/// A device's secret key.
#[derive(Clone)]
pub struct DeviceKey(SigningKey);

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceKey({})", self.public_hex())
    }
}

impl DeviceKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<DeviceKey> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| Error::invalid(format!("no random source for a device key: {e}")))?;
        Ok(DeviceKey(SigningKey::from_bytes(&secret)))
    }

    /// The key in `dir`'s [`KEY_FILE`], created (owner-only) when there is none yet.
    pub fn load_or_create(dir: &Path) -> Result<DeviceKey> {
        let path = dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => return DeviceKey::parse(text.trim(), &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(key_io(&path, e)),
        }
        let key = DeviceKey::generate()?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(mut f) => {
                f.write_all(format!("{}\n", hex(&key.0.to_bytes())).as_bytes()).map_err(|e| key_io(&path, e))?;
                f.sync_all().map_err(|e| key_io(&path, e))?;
                Ok(key)
            }
            // Another process (the app and a CLI run) made it meanwhile: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).map_err(|e| key_io(&path, e))?;
                DeviceKey::parse(text.trim(), &path)
            }
            Err(e) => Err(key_io(&path, e)),
        }
    }

    fn parse(text: &str, path: &Path) -> Result<DeviceKey> {
        let bytes: [u8; 32] = unhex(text)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| Error::invalid(format!("the device key {} is damaged", path.display())))?;
        Ok(DeviceKey(SigningKey::from_bytes(&bytes)))
    }

    /// The public key, as 64 hex digits (what the `device` table and segments carry).
    pub fn public_hex(&self) -> String {
        hex(self.0.verifying_key().as_bytes())
    }

    /// What this laptop's op ids are minted with (see [`OpIds`]).
    pub fn op_ids(&self) -> OpIds {
        OpIds(tag(self.0.verifying_key().as_bytes()))
    }

    /// The signature of `message`, as 128 hex digits.
    pub fn sign(&self, message: &[u8]) -> String {
        hex(&self.0.sign(message).to_bytes())
    }
}

/// Mints op ids bound to one laptop's key, so that no other laptop can claim one (an op id
/// copied into another laptop's segment would otherwise stop the real laptop's changes from
/// being read wherever the copy arrived first).
///
/// An op id is a UUID (version 8) whose first 8 bytes are a tag of the key (the first 8 bytes
/// of SHA-256 over a label and the public key; 60 bits of it survive the version nibble) and
/// whose last 8 are random (62 bits after the variant): unique among one laptop's ops, and
/// checked against the signing key of every format 2 segment by [`op_id_bound`].
#[derive(Debug, Clone, Copy)]
pub struct OpIds([u8; 8]);

impl OpIds {
    /// The ids of the laptop whose public key is `public` (hex).
    pub fn of_public(public: &str) -> Option<OpIds> {
        unhex(public).and_then(|b| <[u8; 32]>::try_from(b).ok()).map(|k| OpIds(tag(&k)))
    }

    pub fn mint(&self) -> Result<String> {
        let mut tail = [0u8; 8];
        getrandom::fill(&mut tail).map_err(|e| Error::invalid(format!("no random source for an op id: {e}")))?;
        Ok(bound_id(&self.0, &tail).to_string())
    }
}

fn tag(public: &[u8; 32]) -> [u8; 8] {
    use sha2::Digest as _;
    let digest = sha2::Sha256::new().chain_update(b"baton op id\0").chain_update(public).finalize();
    let mut out = [0u8; 8];
    out.copy_from_slice(&digest[..8]);
    out
}

fn bound_id(tag: &[u8; 8], tail: &[u8; 8]) -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(tag);
    bytes[8..].copy_from_slice(tail);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Whether `op_id` was minted by the laptop whose public key is `public` (hex): a canonical
/// UUID carrying that key's tag (see [`OpIds`]).
pub fn op_id_bound(public: &str, op_id: &str) -> bool {
    let Some(key) = unhex(public).and_then(|b| <[u8; 32]>::try_from(b).ok()) else { return false };
    let Ok(id) = uuid::Uuid::try_parse(op_id) else { return false };
    let mut tail = [0u8; 8];
    tail.copy_from_slice(&id.as_bytes()[8..]);
    bound_id(&tag(&key), &tail) == id && id.hyphenated().to_string() == op_id
}

fn key_io(path: &Path, e: std::io::Error) -> Error {
    Error::Io(std::io::Error::new(e.kind(), format!("cannot use the device key {}: {e}", path.display())))
}

/// Whether `signature` (hex) is `public` (hex)'s signature of `message`.
pub fn verify(public: &str, message: &[u8], signature: &str) -> bool {
    let Some(key) = unhex(public).and_then(|b| <[u8; 32]>::try_from(b).ok()) else { return false };
    let Some(sig) = unhex(signature).and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&key) else { return false };
    key.verify(message, &Signature::from_bytes(&sig)).is_ok()
}

/// Whether `text` is a public key's hex form.
pub fn is_public_key(text: &str) -> bool {
    unhex(text).and_then(|b| <[u8; 32]>::try_from(b).ok()).is_some_and(|k| VerifyingKey::from_bytes(&k).is_ok())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_once_owner_only_and_signs_what_verifies() -> Result<()> {
        let dir = tempfile::tempdir().map_err(Error::Io)?;
        let key = DeviceKey::load_or_create(dir.path())?;
        let again = DeviceKey::load_or_create(dir.path())?;
        assert_eq!(key.public_hex(), again.public_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).map_err(Error::Io)?.permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sig = key.sign(b"hello");
        assert!(verify(&key.public_hex(), b"hello", &sig));
        assert!(!verify(&key.public_hex(), b"hellO", &sig));
        assert!(!verify(&DeviceKey::generate()?.public_hex(), b"hello", &sig));
        assert!(!verify("zz", b"hello", &sig));
        assert!(is_public_key(&key.public_hex()));
        Ok(())
    }

    #[test]
    fn an_op_id_is_bound_to_the_key_that_minted_it() -> Result<()> {
        let (mine, theirs) = (DeviceKey::generate()?, DeviceKey::generate()?);
        let ids = mine.op_ids();
        let (a, b) = (ids.mint()?, ids.mint()?);
        assert_ne!(a, b);
        assert!(op_id_bound(&mine.public_hex(), &a));
        assert!(op_id_bound(&mine.public_hex(), &b));
        assert!(!op_id_bound(&theirs.public_hex(), &a), "another laptop's key");
        assert!(!op_id_bound(&mine.public_hex(), &uuid::Uuid::now_v7().to_string()), "an unbound UUID");
        assert!(!op_id_bound(&mine.public_hex(), &a.to_uppercase()), "not canonical");
        assert!(!op_id_bound(&mine.public_hex(), "op-1"));
        Ok(())
    }
}
