//! The device credential: in the OS keyring where one works, otherwise in a
//! file readable only by the terminal's user.
//!
//! Keyring entries are per store file: service `com.giggatek.terminal`,
//! user `device:<absolute store path>`. The fallback file is the store file
//! with `.credential.json` appended, mode 0600, and storing there logs a
//! warning. `GIGGATEK_CREDENTIAL_STORE=file` skips the keyring, for
//! headless machines where a keyring call hangs or each process sees a
//! different session keyring.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::SyncError;

/// Service name of keyring entries.
const KEYRING_SERVICE: &str = "com.giggatek.terminal";
/// Environment variable that selects `file` or `keyring` (the default).
pub const CREDENTIAL_STORE_VAR: &str = "GIGGATEK_CREDENTIAL_STORE";

/// What enrolment gave this terminal, and the server it belongs to.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCredential {
    pub server_url: String,
    pub terminal_id: i64,
    pub store_code: String,
    pub terminal_code: String,
    /// The secret device token; never logged.
    pub token: String,
}

impl std::fmt::Debug for DeviceCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceCredential")
            .field("server_url", &self.server_url)
            .field("terminal_id", &self.terminal_id)
            .field("store_code", &self.store_code)
            .field("terminal_code", &self.terminal_code)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Where a credential was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CredentialLocation {
    Keyring,
    File { path: PathBuf },
}

/// Stores the credential of the terminal whose store file is `store_path`:
/// in the keyring if it accepts and returns it, else in the fallback file.
pub fn save_credential(store_path: &Path, credential: &DeviceCredential) -> Result<CredentialLocation, SyncError> {
    let json = serde_json::to_string(credential).map_err(|error| SyncError::Credential(error.to_string()))?;
    if use_keyring() {
        match save_to_keyring(store_path, &json) {
            Ok(()) => {
                tracing::info!("device credential stored in the OS keyring");
                return Ok(CredentialLocation::Keyring);
            }
            Err(error) => {
                tracing::warn!(
                    %error,
                    "no working OS keyring; storing the device credential in a file readable only by this user"
                );
            }
        }
    }
    save_credential_file(store_path, credential)
}

/// Stores the credential in the fallback file only, skipping the keyring.
pub fn save_credential_file(store_path: &Path, credential: &DeviceCredential) -> Result<CredentialLocation, SyncError> {
    let json = serde_json::to_string(credential).map_err(|error| SyncError::Credential(error.to_string()))?;
    let path = fallback_path(store_path);
    write_private_file(&path, &json)?;
    tracing::info!(path = %path.display(), "device credential stored in a file");
    Ok(CredentialLocation::File { path })
}

/// Loads the credential of the terminal whose store file is `store_path`,
/// from the keyring or else the fallback file.
pub fn load_credential(store_path: &Path) -> Result<Option<DeviceCredential>, SyncError> {
    if use_keyring()
        && let Some(json) = load_from_keyring(store_path)
    {
        return parse(&json).map(Some);
    }
    let path = fallback_path(store_path);
    match std::fs::read_to_string(&path) {
        Ok(json) => parse(&json).map(Some),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(SyncError::Credential(format!(
            "reading the device credential {} failed: {error}",
            path.display()
        ))),
    }
}

fn use_keyring() -> bool {
    std::env::var(CREDENTIAL_STORE_VAR).map_or(true, |value| value != "file")
}

fn parse(json: &str) -> Result<DeviceCredential, SyncError> {
    serde_json::from_str(json)
        .map_err(|error| SyncError::Credential(format!("the stored device credential is unreadable: {error}")))
}

fn keyring_entry(store_path: &Path) -> Result<keyring::Entry, keyring::Error> {
    let absolute = std::path::absolute(store_path).unwrap_or_else(|_| store_path.to_path_buf());
    keyring::Entry::new(KEYRING_SERVICE, &format!("device:{}", absolute.display()))
}

/// Stores and reads back, because some keyring backends accept a secret
/// they cannot return.
fn save_to_keyring(store_path: &Path, json: &str) -> Result<(), keyring::Error> {
    let entry = keyring_entry(store_path)?;
    entry.set_password(json)?;
    if entry.get_password()? == json {
        Ok(())
    } else {
        Err(keyring::Error::NoEntry)
    }
}

fn load_from_keyring(store_path: &Path) -> Option<String> {
    match keyring_entry(store_path).and_then(|entry| entry.get_password()) {
        Ok(json) => Some(json),
        Err(keyring::Error::NoEntry) => None,
        Err(error) => {
            tracing::debug!(%error, "the OS keyring is unavailable; trying the credential file");
            None
        }
    }
}

fn fallback_path(store_path: &Path) -> PathBuf {
    let mut name = store_path.as_os_str().to_owned();
    name.push(".credential.json");
    PathBuf::from(name)
}

fn write_private_file(path: &Path, contents: &str) -> Result<(), SyncError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let failed = |error: std::io::Error| {
        SyncError::Credential(format!(
            "writing the device credential {} failed: {error}",
            path.display()
        ))
    };
    let mut file = options.open(path).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(failed)?;
    }
    file.write_all(contents.as_bytes()).map_err(failed)?;
    file.sync_all().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn fallback_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credential.json");
        write_private_file(&path, "{}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn debug_hides_the_token() {
        let credential = DeviceCredential {
            server_url: "http://127.0.0.1:1".to_owned(),
            terminal_id: 1,
            store_code: "S01".to_owned(),
            terminal_code: "T01".to_owned(),
            token: "secret-token".to_owned(),
        };
        assert!(!format!("{credential:?}").contains("secret-token"));
    }
}
