//! localstripe, the Stripe API emulator, started on 127.0.0.1 for tests.
//!
//! Runs `tests/stripe/localstripe_wrapper.py` with `python3` (or the
//! interpreter in `GIGGATEK_PYTHON`). The wrapper binds a free port on
//! 127.0.0.1, keeps its data in memory and prints its address; the process
//! is killed by its PID when the [`Localstripe`] value is dropped. It needs
//! the packages in `tests/stripe/requirements.txt`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use stripe::Client;
use stripe_core::payment_intent::{CancelPaymentIntent, ConfirmPaymentIntent};

use crate::gateway::PaymentError;
use crate::stripe_gateway::payment_error;

/// The API key every test uses; localstripe accepts any `sk_test_` key.
pub const TEST_SECRET_KEY: &str = "sk_test_giggatek_localstripe";

/// A running localstripe process.
#[derive(Debug)]
pub struct Localstripe {
    child: Child,
    base_url: String,
    port: u16,
}

impl Localstripe {
    /// Starts localstripe and waits until it listens.
    pub fn start() -> std::io::Result<Localstripe> {
        let python = std::env::var("GIGGATEK_PYTHON").unwrap_or_else(|_| "python3".to_string());
        let mut child = Command::new(python)
            .arg(wrapper_path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            return Err(std::io::Error::other("localstripe's stdout was not captured"));
        };
        let mut first_line = String::new();
        BufReader::new(stdout).read_line(&mut first_line)?;
        let Some(base_url) = first_line.trim().strip_prefix("listening on ").map(str::to_string) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other(format!(
                "localstripe did not start (is `pip install -r tests/stripe/requirements.txt` done?); its first line was {first_line:?}"
            )));
        };
        let port = base_url
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("no port in localstripe's address {base_url}")))?;
        Ok(Localstripe { child, base_url, port })
    }

    /// The API base to give [`crate::StripeGateway::new`], such as
    /// `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Makes localstripe deliver every event to `url`, signed with `secret`.
    pub fn configure_webhook(&self, url: &str, secret: &str) -> std::io::Result<()> {
        let body = format!("url={}&secret={}", form_encode(url), form_encode(secret));
        let status = self.post_form("/_config/webhooks/giggatek", &body)?;
        if status != 200 {
            return Err(std::io::Error::other(format!(
                "configuring the webhook returned HTTP {status}"
            )));
        }
        Ok(())
    }

    /// Confirms a PaymentIntent the way the customer's browser would, which
    /// charges its attached PaymentMethod and makes localstripe send the
    /// resulting event.
    pub async fn confirm_payment_intent(&self, payment_intent_id: &str) -> Result<String, PaymentError> {
        let intent = ConfirmPaymentIntent::new(payment_intent_id)
            .send(&self.client()?)
            .await
            .map_err(payment_error)?;
        Ok(intent.status.as_str().to_string())
    }

    /// Cancels a PaymentIntent; localstripe sends no event for it.
    pub async fn cancel_payment_intent(&self, payment_intent_id: &str) -> Result<String, PaymentError> {
        let intent = CancelPaymentIntent::new(payment_intent_id)
            .send(&self.client()?)
            .await
            .map_err(payment_error)?;
        Ok(intent.status.as_str().to_string())
    }

    fn client(&self) -> Result<Client, PaymentError> {
        stripe::ClientBuilder::new(TEST_SECRET_KEY)
            .url(format!("{}/", self.base_url))
            .build()
            .map_err(|error| PaymentError::Invalid(error.to_string()))
    }

    /// Sends one form POST over a plain HTTP/1.1 connection and returns the
    /// status code; enough for localstripe's configuration routes.
    fn post_form(&self, path: &str, body: &str) -> std::io::Result<u16> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes())?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        response
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("unreadable HTTP response: {response:?}")))
    }
}

impl Drop for Localstripe {
    fn drop(&mut self) {
        // Child::kill signals this child's own PID and nothing else.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wrapper_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/stripe/localstripe_wrapper.py")
}

fn form_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => encoded.push(char::from(byte)),
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}
