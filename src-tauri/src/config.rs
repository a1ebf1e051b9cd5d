//! Where the terminal keeps its store file, its log and its printed receipts.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Environment variable naming the store file when `--store` is not given.
pub const STORE_ENV: &str = "GIGGATEK_STORE";

/// Environment variable with a `tracing` filter for the log file, such as `debug`.
pub const LOG_ENV: &str = "GIGGATEK_LOG";

/// File name of the store inside the app data folder.
const STORE_FILE_NAME: &str = "terminal.sqlite";

/// Paths the terminal uses, all fixed at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub store: PathBuf,
    pub log_file: PathBuf,
    /// Folder that receives each printed receipt as thermal text and PDF.
    pub receipts: PathBuf,
}

impl Paths {
    /// Resolves the paths: the store from `--store FILE`, else from
    /// [`STORE_ENV`], else `terminal.sqlite` in `app_data`. The log and the
    /// receipts always live in `app_data`.
    pub fn resolve(args: &[OsString], store_env: Option<OsString>, app_data: &Path) -> Paths {
        let store = store_argument(args)
            .or_else(|| store_env.filter(|value| !value.is_empty()).map(PathBuf::from))
            .unwrap_or_else(|| app_data.join(STORE_FILE_NAME));
        Paths {
            store,
            log_file: app_data.join("terminal.log"),
            receipts: app_data.join("receipts"),
        }
    }
}

/// Finds `--store FILE` or `--store=FILE` among the command-line arguments.
fn store_argument(args: &[OsString]) -> Option<PathBuf> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--store" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(value) = arg.to_str().and_then(|text| text.strip_prefix("--store=")) {
            return Some(PathBuf::from(value));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn store_argument_wins_over_env() {
        let paths = Paths::resolve(
            &args(&["app", "--store", "/tmp/a.sqlite"]),
            Some("/tmp/b.sqlite".into()),
            Path::new("/data"),
        );
        assert_eq!(paths.store, PathBuf::from("/tmp/a.sqlite"));
    }

    #[test]
    fn store_argument_with_equals() {
        let paths = Paths::resolve(&args(&["app", "--store=/tmp/a.sqlite"]), None, Path::new("/data"));
        assert_eq!(paths.store, PathBuf::from("/tmp/a.sqlite"));
    }

    #[test]
    fn store_env_used_without_argument() {
        let paths = Paths::resolve(&args(&["app"]), Some("/tmp/b.sqlite".into()), Path::new("/data"));
        assert_eq!(paths.store, PathBuf::from("/tmp/b.sqlite"));
    }

    #[test]
    fn store_defaults_to_app_data() {
        let paths = Paths::resolve(&args(&["app"]), Some("".into()), Path::new("/data"));
        assert_eq!(paths.store, PathBuf::from("/data/terminal.sqlite"));
        assert_eq!(paths.log_file, PathBuf::from("/data/terminal.log"));
        assert_eq!(paths.receipts, PathBuf::from("/data/receipts"));
    }
}
