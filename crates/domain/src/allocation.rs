//! The one routine that splits an amount into parts: tax shares, cart
//! discounts spread over lines, refunds and instalments all go through it.

use crate::money::Money;

/// Splits `total` in proportion to `weights` so the parts sum to `total`
/// exactly.
///
/// # Properties
/// - The parts always sum to `total`.
/// - Each part is the floor of its exact share or one cent more; the cents
///   left after flooring go to the parts with the largest remainders, and on
///   equal remainders to the earliest part.
/// - A negative `total` or negative weights are treated as zero, so no part is
///   ever negative. With all weights zero the split is even.
pub fn allocate(total: Money, weights: &[i64]) -> Vec<Money> {
    let count = weights.len();
    if count == 0 {
        return Vec::new();
    }
    let total_cents = i128::from(total.cents().max(0));
    let clean: Vec<i128> = weights.iter().map(|w| i128::from((*w).max(0))).collect();
    let weight_sum: i128 = clean.iter().sum();
    let (weights, weight_sum) = if weight_sum == 0 {
        (vec![1_i128; count], i128::try_from(count).unwrap_or(i128::MAX))
    } else {
        (clean, weight_sum)
    };

    let mut parts: Vec<i128> = Vec::with_capacity(count);
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(count);
    for (index, weight) in weights.iter().enumerate() {
        let exact = total_cents * weight;
        parts.push(exact / weight_sum);
        remainders.push((exact % weight_sum, index));
    }
    let assigned: i128 = parts.iter().sum();
    let mut leftover = total_cents - assigned;
    // Largest remainder first; the stable sort keeps earlier parts first on ties.
    remainders.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    for (_, index) in remainders {
        if leftover <= 0 {
            break;
        }
        if let Some(part) = parts.get_mut(index) {
            *part += 1;
            leftover -= 1;
        }
    }
    parts
        .into_iter()
        .map(|cents| Money::from_cents(i64::try_from(cents).unwrap_or(0)))
        .collect()
}

/// Splits `total` into `count` equal parts, the extra cents going to the
/// earliest parts: $1,000.00 over 3 is 333.34, 333.33, 333.33.
pub fn split_evenly(total: Money, count: usize) -> Vec<Money> {
    allocate(total, &vec![1; count])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cents(parts: &[Money]) -> Vec<i64> {
        parts.iter().map(|m| m.cents()).collect()
    }

    #[test]
    fn split_evenly_puts_extra_cents_first() {
        assert_eq!(
            cents(&split_evenly(Money::from_cents(100_000), 3)),
            vec![33_334, 33_333, 33_333]
        );
        let weekly = split_evenly(Money::from_cents(124_999), 52);
        assert_eq!(weekly.iter().filter(|m| m.cents() == 2404).count(), 43);
        assert_eq!(weekly.iter().filter(|m| m.cents() == 2403).count(), 9);
        assert_eq!(weekly.first().map(|m| m.cents()), Some(2404));
        assert_eq!(weekly.last().map(|m| m.cents()), Some(2403));
    }

    #[test]
    fn allocate_follows_weights() {
        assert_eq!(cents(&allocate(Money::from_cents(100), &[1, 1, 2])), vec![25, 25, 50]);
        assert_eq!(
            cents(&allocate(Money::from_cents(165), &[199, 499, 1299])),
            vec![17, 41, 107]
        );
        assert_eq!(cents(&allocate(Money::from_cents(10), &[0, 0])), vec![5, 5]);
        assert!(allocate(Money::from_cents(10), &[]).is_empty());
    }

    proptest! {
        #[test]
        fn allocate_conserves_total(total in 0_i64..1_000_000_000, weights in proptest::collection::vec(0_i64..10_000_000, 1..40)) {
            let parts = allocate(Money::from_cents(total), &weights);
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().map(|m| m.cents()).sum::<i64>(), total);
            prop_assert!(parts.iter().all(|m| !m.is_negative()));
        }
    }
}
