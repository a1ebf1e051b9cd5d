//! Parsing the text values of the command line into domain types, with
//! messages that name the option and tell how to fix the value.

use giggatek_domain::{CardApproval, Discount, MAX_QUANTITY, Money, Percent, Tender};

use crate::error::CliError;

/// Parses an amount such as `19.99`; `option` names where it came from.
pub fn money(option: &str, text: &str) -> Result<Money, CliError> {
    Money::parse(text).map_err(|error| CliError::invalid(format!("{option}: {error}")))
}

/// Parses `CODE` or `CODE*QTY` into the code and the quantity.
pub fn item(text: &str) -> Result<(String, u32), CliError> {
    let (code, quantity) = match text.rsplit_once('*') {
        Some((code, quantity)) => (code.trim(), quantity_of("--item", text, quantity)?),
        None => (text.trim(), 1),
    };
    if code.is_empty() {
        return Err(CliError::invalid(format!(
            "--item \"{text}\" has no code: use CODE or CODE*QTY"
        )));
    }
    Ok((code.to_string(), quantity))
}

/// Parses `10%` as a percentage or `5.00` as an amount off.
pub fn discount(option: &str, text: &str) -> Result<Discount, CliError> {
    let text = text.trim();
    if text.ends_with('%') {
        let percent = Percent::parse(text).map_err(|error| CliError::invalid(format!("{option}: {error}")))?;
        Ok(Discount::Percent(percent))
    } else {
        Ok(Discount::Amount(money(option, text)?))
    }
}

/// Splits `LINE=VALUE` and checks that LINE is a line number from 1.
pub fn line_and_value<'a>(option: &str, text: &'a str) -> Result<(usize, &'a str), CliError> {
    let Some((line, value)) = text.split_once('=') else {
        return Err(CliError::invalid(format!(
            "{option} \"{text}\" is invalid: use LINE=VALUE, such as 1=10%"
        )));
    };
    match line.trim().parse::<usize>() {
        Ok(number) if number >= 1 => Ok((number, value.trim())),
        _ => Err(CliError::invalid(format!(
            "{option} \"{text}\" is invalid: the line number must be 1 or more"
        ))),
    }
}

/// Parses a `LINE=QTY` return line.
pub fn return_line(text: &str) -> Result<(u32, u32), CliError> {
    let (line, quantity) = line_and_value("--line", text)?;
    let line = u32::try_from(line)
        .map_err(|_| CliError::invalid(format!("--line \"{text}\" is invalid: the line number is too large")))?;
    Ok((line, quantity_of("--line", text, quantity)?))
}

/// Parses `AMOUNT:APPROVAL:LAST4` into a card tender.
pub fn card(text: &str) -> Result<Tender, CliError> {
    let parts: Vec<&str> = text.split(':').collect();
    let [amount, approval_code, last4] = parts.as_slice() else {
        return Err(CliError::invalid(format!(
            "--card \"{text}\" is invalid: use AMOUNT:APPROVAL:LAST4, such as 25.00:A1B2C3:4242"
        )));
    };
    let amount = money("--card", amount)?;
    let approval =
        CardApproval::parse(approval_code, last4).map_err(|error| CliError::invalid(format!("--card: {error}")))?;
    Ok(Tender::Card { amount, approval })
}

/// Parses `--card` and `--cash` options into tenders, cards first. An
/// empty list is for the caller to judge.
pub fn tenders(cards: &[String], cash: &[String]) -> Result<Vec<Tender>, CliError> {
    let mut list = Vec::new();
    for text in cards {
        list.push(card(text)?);
    }
    for text in cash {
        list.push(Tender::Cash {
            tendered: money("--cash", text)?,
        });
    }
    Ok(list)
}

/// Returns the client id from the command line, or a new time-ordered UUID.
pub fn client_id(from_command_line: Option<&str>) -> String {
    match from_command_line {
        Some(id) => id.to_string(),
        None => uuid::Uuid::now_v7().to_string(),
    }
}

fn quantity_of(option: &str, whole: &str, text: &str) -> Result<u32, CliError> {
    match text.trim().parse::<u32>() {
        Ok(quantity) if (1..=MAX_QUANTITY).contains(&quantity) => Ok(quantity),
        _ => Err(CliError::invalid(format!(
            "{option} \"{whole}\" has an invalid quantity: use a whole number from 1 to {MAX_QUANTITY}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_with_quantity() {
        let (code, quantity) = item("CPU-000001*3").unwrap();
        assert_eq!(code, "CPU-000001");
        assert_eq!(quantity, 3);
    }

    #[test]
    fn item_zero_quantity_is_invalid() {
        assert!(item("CPU-000001*0").is_err());
    }

    #[test]
    fn discount_percent_and_amount() {
        assert_eq!(
            discount("--cart-discount", "10%").unwrap(),
            Discount::Percent(Percent::from_millionths(100_000).unwrap())
        );
        assert_eq!(
            discount("--cart-discount", "5.00").unwrap(),
            Discount::Amount(Money::from_cents(500))
        );
    }

    #[test]
    fn amount_with_three_decimals_is_invalid() {
        let error = money("--cash", "12.345").unwrap_err();
        assert_eq!(
            error.message,
            "--cash: \"12.345\" is not an amount: use digits with at most two decimals, like 19.99"
        );
    }

    #[test]
    fn card_needs_three_parts() {
        assert!(card("25.00:A1B2C3").is_err());
        assert!(card("25.00:A1B2C3:4242").is_ok());
    }
}
