//! Runs the built `giggatek` binary on a store in a temporary folder.

#![allow(dead_code, reason = "each test file uses a different part of the helpers")]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

pub const CLERK: &str = "101";
pub const CLERK_PIN: &str = "1234";
pub const MANAGER: &str = "901";
pub const MANAGER_PIN: &str = "9876";

/// A finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses stdout as the one JSON document `--json` prints.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {}{}", self.stdout, self.stderr))
    }
}

/// A store file with settings (S01/T01, 8.25 % per line, no cash rounding,
/// New York), a clerk, a manager, a small catalog and an open shift.
pub struct Till {
    pub dir: TempDir,
    pub store: PathBuf,
}

impl Till {
    pub fn new() -> Till {
        let till = Till::empty();
        till.ok(&[
            "init",
            "--store-code",
            "S01",
            "--terminal-code",
            "T01",
            "--name",
            "GigGatek Test",
            "--address",
            "1 Main St",
            "--tax-rate",
            "8.25",
            "--tax-rounding",
            "per-line",
            "--cash-rounding",
            "none",
            "--time-zone",
            "America/New_York",
        ]);
        till.ok(&[
            "staff",
            "add",
            "--code",
            MANAGER,
            "--name",
            "Max Manager",
            "--role",
            "manager",
            "--new-pin",
            MANAGER_PIN,
        ]);
        till.ok(&[
            "staff",
            "add",
            "--code",
            CLERK,
            "--name",
            "Cara Clerk",
            "--role",
            "clerk",
            "--new-pin",
            CLERK_PIN,
            "--manager",
            MANAGER,
            "--manager-pin",
            MANAGER_PIN,
        ]);
        let catalog = till.dir.path().join("catalog");
        std::fs::create_dir(&catalog).unwrap();
        std::fs::write(
            catalog.join("accessories.csv"),
            "name,price,color\nUSB cable,1.99,black\nMouse,4.99,grey\nKeyboard,12.99,black\nOld scanner,,beige\n",
        )
        .unwrap();
        till.ok(&["import-catalog", catalog.to_str().unwrap()]);
        till.ok(&["shift", "open", "--staff", CLERK, "--float", "200.00"]);
        till
    }

    /// Makes a folder with no store file in it yet.
    pub fn empty() -> Till {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.sqlite");
        Till { dir, store }
    }

    /// Runs `giggatek --store FILE ARGS` with the staff PINs in the
    /// environment, as a script would pass them.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_giggatek"))
            .arg("--store")
            .arg(&self.store)
            .args(args)
            .env("GIGGATEK_PIN", CLERK_PIN)
            .env("GIGGATEK_MANAGER_PIN", MANAGER_PIN)
            .env_remove("GIGGATEK_STORE")
            .env_remove("GIGGATEK_LOG")
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Runs a command that must succeed.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "giggatek {args:?} failed: {}", run.stderr);
        run
    }

    /// Runs a command with `--json` that must succeed, and parses its output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        self.ok(&all).json()
    }

    /// Finds the SKU the import gave the product named `name`.
    pub fn sku(&self, name: &str) -> String {
        let found = self.json(&["product", "search", name, "--limit", "1"]);
        found[0]["sku"].as_str().unwrap().to_string()
    }

    /// Counts audit log entries, which every write adds to.
    pub fn audit_count(&self) -> usize {
        self.json(&["audit", "--limit", "1000"]).as_array().unwrap().len()
    }

    /// Returns the open shift's sale count from its X report.
    pub fn sale_count(&self) -> u64 {
        self.json(&["report"])["activity"]["sale_count"].as_u64().unwrap()
    }
}
