//! Store-assigned SKUs and EAN-13 barcodes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An EAN-13 barcode with a valid check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(try_from = "String", into = "String")]
pub struct Ean13(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    #[error("\"{0}\" is not an EAN-13 barcode: expected 13 digits")]
    NotThirteenDigits(String),
    #[error("\"{0}\" has a wrong check digit: the last digit should be {1}")]
    CheckDigit(String, u32),
    #[error("product number {0} is too large for an in-store barcode")]
    NumberTooLarge(u64),
}

/// Computes the EAN-13 check digit of the first twelve digits: weights 1 and 3
/// alternate from the left, and the check digit brings the sum to a multiple of 10.
pub fn ean13_check_digit(first_twelve: &[u32; 12]) -> u32 {
    let sum: u32 = first_twelve
        .iter()
        .enumerate()
        .map(|(index, digit)| if index % 2 == 0 { *digit } else { digit * 3 })
        .sum();
    (10 - sum % 10) % 10
}

impl Ean13 {
    /// Checks a scanned or typed barcode.
    pub fn parse(text: &str) -> Result<Ean13, BarcodeError> {
        let trimmed = text.trim();
        let digits: Vec<u32> = trimmed.chars().filter_map(|c| c.to_digit(10)).collect();
        if trimmed.chars().count() != 13 || digits.len() != 13 {
            return Err(BarcodeError::NotThirteenDigits(trimmed.to_string()));
        }
        let mut first = [0_u32; 12];
        for (slot, digit) in first.iter_mut().zip(&digits) {
            *slot = *digit;
        }
        let expected = ean13_check_digit(&first);
        if digits.last() != Some(&expected) {
            return Err(BarcodeError::CheckDigit(trimmed.to_string(), expected));
        }
        Ok(Ean13(trimmed.to_string()))
    }

    /// Builds the in-store barcode of a product number: the GS1 prefix 20
    /// (reserved for numbers a store assigns itself), ten digits of the
    /// number, and the check digit.
    pub fn in_store(product_number: u64) -> Result<Ean13, BarcodeError> {
        if product_number >= 10_000_000_000 {
            return Err(BarcodeError::NumberTooLarge(product_number));
        }
        let body = format!("20{product_number:010}");
        let mut first = [0_u32; 12];
        for (slot, digit) in first.iter_mut().zip(body.chars().filter_map(|c| c.to_digit(10))) {
            *slot = digit;
        }
        Ok(Ean13(format!("{body}{}", ean13_check_digit(&first))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ean13 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Ean13 {
    type Error = BarcodeError;

    fn try_from(text: String) -> Result<Ean13, BarcodeError> {
        Ean13::parse(&text)
    }
}

impl From<Ean13> for String {
    fn from(code: Ean13) -> String {
        code.0
    }
}

/// The store's SKU for a product number: `GG` and seven digits.
pub fn sku_for(product_number: u64) -> String {
    format!("GG{product_number:07}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ean13_codes_check() {
        assert!(Ean13::parse("4006381333931").is_ok());
        assert!(Ean13::parse("5901234123457").is_ok());
        assert_eq!(
            Ean13::parse("4006381333932"),
            Err(BarcodeError::CheckDigit("4006381333932".to_string(), 1))
        );
        assert!(Ean13::parse("400638133393").is_err());
        assert!(Ean13::parse("40063813339３1").is_err());
    }

    #[test]
    fn in_store_codes_are_valid() {
        let code = Ean13::in_store(1).unwrap();
        assert_eq!(code.as_str(), "2000000000015");
        assert_eq!(Ean13::parse(code.as_str()), Ok(code));
        assert_eq!(Ean13::in_store(66_778).unwrap().as_str().len(), 13);
        assert!(Ean13::in_store(10_000_000_000).is_err());
        assert_eq!(sku_for(42), "GG0000042");
    }
}
