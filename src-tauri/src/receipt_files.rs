//! Printed receipts kept as files: the thermal text and the PDF.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The two files written for one printed receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedReceipt {
    pub text_file: PathBuf,
    /// `None` when no PDF was given.
    pub pdf_file: Option<PathBuf>,
}

/// Writes `<receipt number>.txt` and, when given, `.pdf` into `folder`,
/// creating it. A reprint replaces the files. Each file is written under a
/// temporary name first and renamed, so a reader never sees half a receipt.
pub fn save(folder: &Path, receipt_number: &str, text: &str, pdf: Option<&[u8]>) -> io::Result<SavedReceipt> {
    let stem = file_stem(receipt_number)?;
    fs::create_dir_all(folder)?;
    let text_file = folder.join(format!("{stem}.txt"));
    write_replacing(&text_file, text.as_bytes())?;
    let pdf_file = match pdf {
        Some(bytes) => {
            let path = folder.join(format!("{stem}.pdf"));
            write_replacing(&path, bytes)?;
            Some(path)
        }
        None => None,
    };
    Ok(SavedReceipt { text_file, pdf_file })
}

/// Checks that a receipt number is safe as a file name: capital letters,
/// digits and dashes, as in `S01-T01-000042`.
fn file_stem(receipt_number: &str) -> io::Result<&str> {
    let safe = !receipt_number.is_empty()
        && receipt_number.len() <= 64
        && receipt_number
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if safe {
        Ok(receipt_number)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("receipt number {receipt_number:?} cannot be used as a file name"),
        ))
    }
}

fn write_replacing(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    fs::write(&partial, contents)?;
    fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_writes_both_files() {
        let folder = tempfile::tempdir().unwrap();
        let receipts = folder.path().join("receipts");
        let saved = save(&receipts, "S01-T01-000001", "TOTAL 30.61\n", Some(b"%PDF-1.7")).unwrap();
        assert_eq!(saved.text_file, receipts.join("S01-T01-000001.txt"));
        assert_eq!(saved.pdf_file, Some(receipts.join("S01-T01-000001.pdf")));
        assert_eq!(fs::read_to_string(&saved.text_file).unwrap(), "TOTAL 30.61\n");
        assert_eq!(fs::read(receipts.join("S01-T01-000001.pdf")).unwrap(), b"%PDF-1.7");
    }

    #[test]
    fn reprint_replaces_files() {
        let folder = tempfile::tempdir().unwrap();
        save(folder.path(), "S01-T01-000001", "first", Some(b"1")).unwrap();
        let saved = save(folder.path(), "S01-T01-000001", "second", Some(b"2")).unwrap();
        assert_eq!(fs::read_to_string(&saved.text_file).unwrap(), "second");
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 2);
    }

    #[test]
    fn path_in_number_is_rejected() {
        let folder = tempfile::tempdir().unwrap();
        let error = save(folder.path(), "../S01-T01-000001", "x", None).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }
}
