//! Rounding of exact fractions of a cent, named at every call.

/// Divides `numerator / denominator` (both non-negative, denominator positive)
/// and rounds half-up to a whole number.
///
/// This is also the Streamlined Sales Tax rule: carry the tax to the third
/// decimal of a dollar (tenths of a cent) and round up when that digit is five
/// or more. For non-negative values the two agree, because the tenths digit is
/// five or more exactly when the fraction of a cent is one half or more.
pub fn div_round_half_up(numerator: i128, denominator: i128) -> i128 {
    if denominator <= 0 {
        return 0;
    }
    let numerator = numerator.max(0);
    (numerator * 2 + denominator) / (denominator * 2)
}

/// Divides and rounds down (toward zero for non-negative values).
pub fn div_floor(numerator: i128, denominator: i128) -> i128 {
    if denominator <= 0 {
        return 0;
    }
    numerator.max(0) / denominator
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_rounds_halves_up() {
        assert_eq!(div_round_half_up(1645, 10), 165);
        assert_eq!(div_round_half_up(1644, 10), 164);
        assert_eq!(div_round_half_up(145, 10), 15);
        assert_eq!(div_round_half_up(1_647_525, 10_000), 165);
        assert_eq!(div_round_half_up(0, 7), 0);
    }

    #[test]
    fn half_up_with_zero_denominator_is_zero() {
        assert_eq!(div_round_half_up(10, 0), 0);
        assert_eq!(div_floor(10, 0), 0);
    }
}
