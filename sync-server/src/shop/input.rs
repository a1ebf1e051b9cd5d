//! Input rules that every text field of the shop's API shares: no control
//! characters, and email addresses that the shop's mail can send to.

use giggatek_mail::EmailAddress;
use serde_json::Value;

use crate::shop::error::ShopError;

/// Parses an email address the shop stores or mails to, with the mail
/// crate's rule, so every address the shop accepts is one its mail can
/// use. Returns the trimmed address.
pub fn parse_email(field: &str, text: &str) -> Result<EmailAddress, ShopError> {
    EmailAddress::parse(text).map_err(|error| ShopError::invalid(field, format!("{error}: use name@example.com")))
}

/// Finds the first string in `value`, key or value, that contains a control
/// character, and returns its path in the form serde_path_to_error gives,
/// such as `items[0].name`, or `body` for a key at the top level.
///
/// Every control character (Unicode category Cc: U+0000 to U+001F, U+007F
/// and U+0080 to U+009F) counts, tab, CR and LF included, because no field
/// of the shop's API is multi-line text. PostgreSQL cannot store U+0000 at
/// all, and CR or LF in a name or an address could end a mail header line.
pub fn control_character_path(value: &Value) -> Option<String> {
    find_control_character(value, ".").map(|path| if path == "." { "body".to_owned() } else { path })
}

fn find_control_character(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(text) if has_control_character(text) => Some(path.to_owned()),
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            let item_path = if path == "." {
                format!("[{index}]")
            } else {
                format!("{path}[{index}]")
            };
            find_control_character(item, &item_path)
        }),
        Value::Object(fields) => fields.iter().find_map(|(key, field)| {
            if has_control_character(key) {
                return Some(path.to_owned());
            }
            let field_path = if path == "." {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            find_control_character(field, &field_path)
        }),
        _ => None,
    }
}

/// Checks whether `text` contains a control character (Unicode category Cc).
pub fn has_control_character(text: &str) -> bool {
    text.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn control_characters_are_found_by_path() {
        let cases = [
            (json!({"name": "nul\u{0}byte"}), Some("name")),
            (json!({"name": "two\r\nlines"}), Some("name")),
            (json!({"name": "tab\there"}), Some("name")),
            (json!({"name": "c1\u{85}next line"}), Some("name")),
            (
                json!({"items": [{"sku": "ok"}, {"sku": "bad\u{7f}"}]}),
                Some("items[1].sku"),
            ),
            (json!({"outer": {"inner": "x\u{1b}[31m"}}), Some("outer.inner")),
            (json!({"bad\u{0}key": 1}), Some("body")),
            (json!({"outer": {"bad\u{0}key": 1}}), Some("outer")),
            (json!(["a", "b\nc"]), Some("[1]")),
            (json!({"name": "Núñez, Lucía 李"}), None),
            (json!({"count": 3, "flag": true, "none": null}), None),
        ];
        for (value, expected) in cases {
            assert_eq!(control_character_path(&value).as_deref(), expected, "{value}");
        }
    }

    #[test]
    fn emails_follow_the_mail_rule() {
        assert_eq!(
            parse_email("email", " Lucia@Example.com ")
                .map(|email| email.to_string())
                .ok(),
            Some("Lucia@Example.com".to_owned())
        );
        for bad in [
            "Evil\r\nBcc: x@example.net",
            "a@b",
            "<x@example.net>",
            "not-an-email",
            "",
            "a b@example.com",
        ] {
            let error = parse_email("email", bad);
            assert!(
                matches!(&error, Err(ShopError::Invalid { field, .. }) if field == "email"),
                "{bad:?}: {error:?}"
            );
        }
    }
}
