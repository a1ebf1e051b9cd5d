//! Reading request bodies: JSON errors that name the field, and prices
//! read exactly from their decimal text.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use giggatek_domain::Money;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::shop::error::ShopError;
use crate::shop::input::{control_character_path, has_control_character};

/// The largest JSON body the shop accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON body; a syntax error is a 400, and a wrong or missing field, or
/// a string with a control character, a 422 naming the field's path, such
/// as `items[0].quantity`.
#[derive(Debug, Clone)]
pub struct ShopJson<T>(pub T);

impl<S, T> FromRequest<S> for ShopJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ShopError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| ShopError::BadRequest(rejection.body_text()))?;
        if bytes.len() > MAX_BODY_BYTES {
            return Err(ShopError::BadRequest(format!(
                "the body is {} bytes, more than the {MAX_BODY_BYTES} allowed",
                bytes.len()
            )));
        }
        parse_body(&bytes).map(ShopJson)
    }
}

/// Query parameters; a wrong or unknown value, or one with a control
/// character, is a 422 naming the parameter.
#[derive(Debug, Clone)]
pub struct ShopQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ShopQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        if let Some((name, _)) = form_urlencoded::parse(query.as_bytes())
            .find(|(name, value)| has_control_character(name) || has_control_character(value))
        {
            return Err(ShopError::invalid(
                name.into_owned(),
                "control characters, line breaks and tabs included, are not allowed",
            ));
        }
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ShopQuery)
            .map_err(|error| {
                let path = error.path().to_string();
                let message = error.into_inner().to_string();
                ShopError::invalid(field_of(&path, &message), message)
            })
    }
}

/// Parses a JSON body with the errors [`ShopJson`] gives. A string with a
/// control character anywhere in the body, NUL included, is a 422 naming
/// its path (see [`control_character_path`]), whether or not `T` reads it.
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ShopError> {
    let untyped: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| ShopError::BadRequest(format!("the body is not valid JSON: {error}")))?;
    if let Some(field) = control_character_path(&untyped) {
        return Err(ShopError::invalid(
            field,
            "control characters (U+0000 to U+001F, U+007F to U+009F), line breaks and tabs included, are not allowed",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_data() {
            let message = strip_position(&inner.to_string());
            ShopError::invalid(field_of(&path, &message), message)
        } else {
            ShopError::BadRequest(format!("the body is not valid JSON: {inner}"))
        }
    })?;
    deserializer
        .end()
        .map_err(|error| ShopError::BadRequest(format!("the body is not valid JSON: {error}")))?;
    Ok(value)
}

/// Names the field an error is about: serde reports a missing field
/// against its parent, so the name is taken from the message then.
fn field_of(path: &str, message: &str) -> String {
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match (path, missing) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "body".to_owned(),
        (parent, Some(name)) => format!("{parent}.{name}"),
        (path, None) => path.to_owned(),
    }
}

/// Drops serde_json's " at line 1 column 20" suffix, which the field path
/// already replaces.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// Reads a price given as a JSON string (`"19.99"`) or a JSON number
/// (`19.99`) exactly, from its decimal text, never through `f64`: 19.99
/// becomes 1999 cents. At most two decimals; negatives and exponents are
/// rejected.
pub fn deserialize_price<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    let text = raw.get();
    let decimal = if text.starts_with('"') {
        serde_json::from_str::<String>(text).map_err(D::Error::custom)?
    } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        text.to_owned()
    } else {
        return Err(D::Error::custom(format!(
            "expected a price such as 19.99 or \"19.99\", found {text}"
        )));
    };
    Money::parse(&decimal).map_err(D::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Priced {
        #[serde(deserialize_with = "deserialize_price")]
        price: Money,
    }

    fn price_of(body: &str) -> Result<Money, ShopError> {
        parse_body::<Priced>(body.as_bytes()).map(|priced| priced.price)
    }

    #[test]
    fn price_numbers_are_exact() {
        assert_eq!(price_of(r#"{"price": 19.99}"#).ok(), Some(Money::from_cents(1999)));
        assert_eq!(price_of(r#"{"price": 8.29}"#).ok(), Some(Money::from_cents(829)));
        assert_eq!(price_of(r#"{"price": 4.56}"#).ok(), Some(Money::from_cents(456)));
        assert_eq!(price_of(r#"{"price": 2}"#).ok(), Some(Money::from_cents(200)));
    }

    #[test]
    fn price_strings_are_exact() {
        assert_eq!(price_of(r#"{"price": "19.99"}"#).ok(), Some(Money::from_cents(1999)));
        assert_eq!(price_of(r#"{"price": "0.10"}"#).ok(), Some(Money::from_cents(10)));
    }

    #[test]
    fn bad_prices_name_the_field() {
        for body in [
            r#"{"price": 1.999}"#,
            r#"{"price": -5}"#,
            r#"{"price": 1e3}"#,
            r#"{"price": true}"#,
            r#"{"price": "abc"}"#,
        ] {
            let error = price_of(body);
            assert!(
                matches!(&error, Err(ShopError::Invalid { field, .. }) if field == "price"),
                "{body}: {error:?}"
            );
        }
    }

    #[test]
    fn syntax_error_is_bad_request() {
        assert!(matches!(price_of(r#"{"price": "#), Err(ShopError::BadRequest(_))));
        assert!(matches!(price_of(r#"{"price": 1} x"#), Err(ShopError::BadRequest(_))));
    }

    #[test]
    fn control_character_is_invalid() {
        let error = price_of(r#"{"price": "1\u0000"}"#);
        assert!(
            matches!(&error, Err(ShopError::Invalid { field, .. }) if field == "price"),
            "{error:?}"
        );
        let unread = price_of(r#"{"price": 1, "note": "a\r\nb"}"#);
        assert!(
            matches!(&unread, Err(ShopError::Invalid { field, .. }) if field == "note"),
            "{unread:?}"
        );
    }

    #[test]
    fn missing_field_is_invalid() {
        let error = price_of("{}");
        assert!(
            matches!(&error, Err(ShopError::Invalid { field, .. }) if field == "price"),
            "{error:?}"
        );
    }
}
