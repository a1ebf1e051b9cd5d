//! SMTP and sender settings, read from the environment or a secret file.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use lettre::AsyncSmtpTransport;
use lettre::Tokio1Executor;
use lettre::transport::smtp::authentication::Credentials;

use crate::address::EmailAddress;

/// The SMTP send timeout when `GIGGATEK_SMTP_TIMEOUT_SECONDS` is not set.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Missing or invalid mail configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set; the README's Email section lists the mail settings")]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("secret file {path} could not be read: {source}")]
    SecretFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("SMTP transport for {host} could not be set up: {source}")]
    Transport {
        host: String,
        #[source]
        source: lettre::transport::smtp::Error,
    },
}

/// The encryption of the SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connection, upgraded with STARTTLS; the upgrade is required.
    /// The default port is 587.
    StartTls,
    /// TLS from the first byte (SMTPS). The default port is 465.
    Tls,
    /// No encryption. Only for an SMTP server on the same host or a test
    /// server. The default port is 25.
    None,
}

impl TlsMode {
    fn parse(text: &str) -> Result<TlsMode, ConfigError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "starttls" => Ok(TlsMode::StartTls),
            "tls" => Ok(TlsMode::Tls),
            "none" => Ok(TlsMode::None),
            other => Err(ConfigError::Invalid {
                name: "GIGGATEK_SMTP_TLS",
                reason: format!("{other:?} is not one of starttls, tls, none"),
            }),
        }
    }

    fn default_port(self) -> u16 {
        match self {
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        }
    }
}

/// A secret string whose `Debug` output is masked.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// The SMTP server's address, encryption and credentials.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// User name and password for SMTP AUTH, when the server needs them.
    pub credentials: Option<(String, Secret)>,
    /// How long one SMTP command may wait for the server.
    pub timeout: Duration,
}

impl SmtpConfig {
    /// Makes an unencrypted, unauthenticated configuration, as used with a
    /// local test server.
    pub fn plain(host: &str, port: u16) -> SmtpConfig {
        SmtpConfig {
            host: host.to_string(),
            port,
            tls: TlsMode::None,
            credentials: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Reads `GIGGATEK_SMTP_*` through `lookup`, which is `std::env::var`
    /// outside tests. The password comes from `GIGGATEK_SMTP_PASSWORD_FILE`
    /// (a file whose trailing newline is dropped) or else from
    /// `GIGGATEK_SMTP_PASSWORD`.
    ///
    /// # Errors
    ///
    /// Returns a [`ConfigError`] naming the missing or invalid variable.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<SmtpConfig, ConfigError> {
        let host = lookup("GIGGATEK_SMTP_HOST")
            .filter(|host| !host.trim().is_empty())
            .ok_or(ConfigError::Missing("GIGGATEK_SMTP_HOST"))?;
        let tls = match lookup("GIGGATEK_SMTP_TLS") {
            Some(text) => TlsMode::parse(&text)?,
            None => TlsMode::StartTls,
        };
        let port = match lookup("GIGGATEK_SMTP_PORT") {
            Some(text) => text.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "GIGGATEK_SMTP_PORT",
                reason: format!("{text:?} is not a port number from 1 to 65535"),
            })?,
            None => tls.default_port(),
        };
        let timeout = match lookup("GIGGATEK_SMTP_TIMEOUT_SECONDS") {
            Some(text) => match text.trim().parse::<u64>() {
                Ok(seconds) if seconds > 0 => Duration::from_secs(seconds),
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "GIGGATEK_SMTP_TIMEOUT_SECONDS",
                        reason: format!("{text:?} is not a whole number of seconds above 0"),
                    });
                }
            },
            None => DEFAULT_TIMEOUT,
        };
        let password = match lookup("GIGGATEK_SMTP_PASSWORD_FILE") {
            Some(path) => Some(read_secret_file(Path::new(&path))?),
            None => lookup("GIGGATEK_SMTP_PASSWORD").map(Secret::new),
        };
        let credentials = match (lookup("GIGGATEK_SMTP_USERNAME"), password) {
            (Some(username), Some(password)) => Some((username, password)),
            (None, None) => None,
            (Some(_), None) => return Err(ConfigError::Missing("GIGGATEK_SMTP_PASSWORD_FILE")),
            (None, Some(_)) => return Err(ConfigError::Missing("GIGGATEK_SMTP_USERNAME")),
        };
        Ok(SmtpConfig {
            host: host.trim().to_string(),
            port,
            tls,
            credentials,
            timeout,
        })
    }

    /// Builds lettre's pooled transport. It connects at the first send, so
    /// an unreachable server shows up as a send error, not here.
    ///
    /// # Errors
    ///
    /// Returns [`ConfigError::Transport`] when the TLS settings for the host
    /// cannot be made.
    pub fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, ConfigError> {
        let transport_error = |source| ConfigError::Transport {
            host: self.host.clone(),
            source,
        };
        let builder = match self.tls {
            TlsMode::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host).map_err(transport_error)?
            }
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host).map_err(transport_error)?,
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host),
        };
        let mut builder = builder.port(self.port).timeout(Some(self.timeout));
        if let Some((username, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(username.clone(), password.expose().to_string()));
        }
        Ok(builder.build())
    }
}

fn read_secret_file(path: &Path) -> Result<Secret, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::SecretFile {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Secret::new(text.trim_end_matches(['\r', '\n']).to_string()))
}

/// The sender of the store's mail and the base URL of its links.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub from_name: String,
    pub from_address: EmailAddress,
    /// The right-hand side of every Message-ID: the sender's domain.
    pub message_id_domain: String,
    /// The public base URL of the server, without a trailing slash, for
    /// unsubscribe and tracking links: `https://shop.giggatek.example`.
    pub public_url: String,
}

impl MailSettings {
    /// Makes settings whose Message-ID domain is the sender's domain.
    pub fn new(from_name: &str, from_address: EmailAddress, public_url: &str) -> MailSettings {
        let message_id_domain = from_address
            .as_str()
            .rsplit_once('@')
            .map_or_else(String::new, |(_, domain)| domain.to_string());
        MailSettings {
            from_name: from_name.to_string(),
            from_address,
            message_id_domain,
            public_url: public_url.trim_end_matches('/').to_string(),
        }
    }

    /// Reads `GIGGATEK_MAIL_FROM_ADDRESS`, `GIGGATEK_MAIL_FROM_NAME`
    /// (default `GigGatek`) and `GIGGATEK_MAIL_PUBLIC_URL` through `lookup`.
    ///
    /// # Errors
    ///
    /// Returns a [`ConfigError`] naming the missing or invalid variable.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<MailSettings, ConfigError> {
        let address_text =
            lookup("GIGGATEK_MAIL_FROM_ADDRESS").ok_or(ConfigError::Missing("GIGGATEK_MAIL_FROM_ADDRESS"))?;
        let from_address = EmailAddress::parse(&address_text).map_err(|error| ConfigError::Invalid {
            name: "GIGGATEK_MAIL_FROM_ADDRESS",
            reason: error.to_string(),
        })?;
        let from_name = lookup("GIGGATEK_MAIL_FROM_NAME").unwrap_or_else(|| "GigGatek".to_string());
        let public_url = lookup("GIGGATEK_MAIL_PUBLIC_URL").ok_or(ConfigError::Missing("GIGGATEK_MAIL_PUBLIC_URL"))?;
        if !public_url.starts_with("https://") && !public_url.starts_with("http://") {
            return Err(ConfigError::Invalid {
                name: "GIGGATEK_MAIL_PUBLIC_URL",
                reason: format!("{public_url:?} does not start with https:// or http://"),
            });
        }
        Ok(MailSettings::new(&from_name, from_address, &public_url))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn smtp_config_defaults_to_starttls_587() {
        let config = SmtpConfig::from_lookup(lookup(&[("GIGGATEK_SMTP_HOST", "smtp.example.com")])).unwrap();
        assert_eq!(config.tls, TlsMode::StartTls);
        assert_eq!(config.port, 587);
        assert_eq!(config.timeout, DEFAULT_TIMEOUT);
        assert!(config.credentials.is_none());
    }

    #[test]
    fn smtp_config_reads_password_file() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("smtp-password");
        std::fs::write(&path, "s3cret\n").unwrap();
        let config = SmtpConfig::from_lookup(lookup(&[
            ("GIGGATEK_SMTP_HOST", "smtp.example.com"),
            ("GIGGATEK_SMTP_TLS", "tls"),
            ("GIGGATEK_SMTP_USERNAME", "mailer"),
            ("GIGGATEK_SMTP_PASSWORD_FILE", path.to_str().unwrap()),
        ]))
        .unwrap();
        let (username, password) = config.credentials.clone().unwrap();
        assert_eq!(config.port, 465);
        assert_eq!(username, "mailer");
        assert_eq!(password.expose(), "s3cret");
        assert!(!format!("{config:?}").contains("s3cret"));
    }

    #[test]
    fn smtp_config_rejects_bad_values() {
        let missing = SmtpConfig::from_lookup(lookup(&[])).unwrap_err();
        assert!(matches!(missing, ConfigError::Missing("GIGGATEK_SMTP_HOST")));
        let port = SmtpConfig::from_lookup(lookup(&[
            ("GIGGATEK_SMTP_HOST", "h.example"),
            ("GIGGATEK_SMTP_PORT", "99999"),
        ]));
        assert!(matches!(
            port,
            Err(ConfigError::Invalid {
                name: "GIGGATEK_SMTP_PORT",
                ..
            })
        ));
        let tls = SmtpConfig::from_lookup(lookup(&[
            ("GIGGATEK_SMTP_HOST", "h.example"),
            ("GIGGATEK_SMTP_TLS", "ssl"),
        ]));
        assert!(matches!(
            tls,
            Err(ConfigError::Invalid {
                name: "GIGGATEK_SMTP_TLS",
                ..
            })
        ));
        let half = SmtpConfig::from_lookup(lookup(&[
            ("GIGGATEK_SMTP_HOST", "h.example"),
            ("GIGGATEK_SMTP_USERNAME", "u"),
        ]));
        assert!(matches!(half, Err(ConfigError::Missing(_))));
    }

    #[test]
    fn mail_settings_take_domain_from_sender() {
        let settings = MailSettings::from_lookup(lookup(&[
            ("GIGGATEK_MAIL_FROM_ADDRESS", "orders@giggatek.example"),
            ("GIGGATEK_MAIL_PUBLIC_URL", "https://shop.giggatek.example/"),
        ]))
        .unwrap();
        assert_eq!(settings.message_id_domain, "giggatek.example");
        assert_eq!(settings.public_url, "https://shop.giggatek.example");
        assert_eq!(settings.from_name, "GigGatek");
    }
}
