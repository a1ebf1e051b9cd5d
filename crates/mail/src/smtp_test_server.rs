//! The aiosmtpd test server of `tests/smtp/server.py`, run as a child
//! process on 127.0.0.1 for tests of this crate and of the server.
//!
//! It stores every accepted message as `NNNNNN.eml` with its envelope in
//! `NNNNNN.json` in a temporary folder, and rejects or defers recipients
//! whose local part starts with `reject` or `defer`. It needs Python 3 with
//! `aiosmtpd` (`python3 -m pip install -r tests/smtp/requirements.txt`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::SmtpConfig;
use crate::jobs::{RetryPolicy, WorkerConfig};

/// A running SMTP test server; dropping it stops the process.
pub struct SmtpServer {
    child: Option<Child>,
    pub port: u16,
    pub maildir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts the server on a free port with an empty message folder.
    pub fn start() -> SmtpServer {
        let maildir = tempfile::tempdir().unwrap();
        let (child, port) = spawn_smtp(maildir.path(), 0);
        SmtpServer {
            child: Some(child),
            port,
            maildir,
        }
    }

    /// Stops the server with SIGTERM, by its process id, and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let status = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status()
                .unwrap();
            assert!(status.success(), "kill -TERM {} failed", child.id());
            child.wait().unwrap();
        }
    }

    /// Starts the server again on the same port and folder.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "stop the SMTP server before restarting it");
        let (child, port) = spawn_smtp(self.maildir.path(), self.port);
        assert_eq!(port, self.port);
        self.child = Some(child);
    }

    /// Returns an unencrypted configuration for this server with a 10 s timeout.
    pub fn config(&self) -> SmtpConfig {
        let mut config = SmtpConfig::plain("127.0.0.1", self.port);
        config.timeout = Duration::from_secs(10);
        config
    }

    /// Reads the raw messages received so far, in order of arrival.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        self.message_paths()
            .iter()
            .map(|path| std::fs::read(path).unwrap())
            .collect()
    }

    /// Lists the paths of the raw messages, in order of arrival.
    pub fn message_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.maildir.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "eml"))
            .collect();
        paths.sort();
        paths
    }

    /// Reads the envelope recipients of every message, in order of arrival.
    pub fn envelope_recipients(&self) -> Vec<Vec<String>> {
        self.message_paths()
            .iter()
            .map(|path| {
                let meta: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
                meta["rcpt_tos"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|value| value.as_str().unwrap().to_string())
                    .collect()
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Returns worker settings with short waits, so that polls and retries
/// happen within a test.
pub fn fast_worker_config() -> WorkerConfig {
    WorkerConfig {
        batch_size: 20,
        concurrency: 4,
        poll_interval: Duration::from_millis(50),
        lease: Duration::from_secs(60),
        send_timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
            unreachable_delay: Duration::from_millis(200),
        },
    }
}

fn spawn_smtp(maildir: &Path, port: u16) -> (Child, u16) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp/server.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .arg("--maildir")
        .arg(maildir)
        .arg("--port")
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 is missing; .ci/run installs it with aiosmtpd");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let Some(port) = line.trim().strip_prefix("listening ") else {
        let _ = child.kill();
        panic!(
            "the SMTP test server did not start (output {line:?}); install aiosmtpd with \
             `python3 -m pip install -r tests/smtp/requirements.txt`"
        );
    };
    (child, port.parse().unwrap())
}
