//! Helpers shared by the PDF tests: poppler's tools and the workspace root.

#![allow(dead_code, reason = "each test file uses a different part of the helpers")]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs a poppler tool, failing the test with the install hint when the
/// tool is missing rather than passing without checking anything.
pub fn poppler(tool: &str, args: &[&Path]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|error| {
        panic!("{tool} could not be run ({error}): install Debian's poppler-utils, which these tests need")
    });
    assert!(
        output.status.success(),
        "{tool} failed with {}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("poppler writes UTF-8")
}
