//! Names rewritten for a thermal printer's Latin code page.
//!
//! Receipt printers print from a single-byte code page (PC437 by default)
//! that lacks most accented letters and every CJK character, so names on
//! the thermal receipt go through [`thermal_name`], which follows one rule:
//!
//! 1. A name written in a non-Latin script with a Latin form in parentheses
//!    prints as that Latin form: `山田 花子 (Hanako Yamada)` prints as
//!    `Hanako Yamada`.
//! 2. Latin letters with diacritics print as their base letters, and the
//!    ligatures and letters with no base letter as their usual spelling:
//!    `Zoë Ångström` prints as `Zoe Angstrom`, `ß` as `ss`, `Æ` as `AE`.
//! 3. Curly quotes and dashes print as their ASCII forms.
//! 4. Any other character prints as `?`, so a missing letter is visible
//!    instead of printing as a wrong one.
//!
//! The PDF keeps names exactly as written.

/// Letters with diacritics, each followed by the ASCII text it prints as.
const FOLDS: &[(&str, &str)] = &[
    ("ÀÁÂÃÄÅĀĂĄ", "A"),
    ("àáâãäåāăą", "a"),
    ("ÇĆĈĊČ", "C"),
    ("çćĉċč", "c"),
    ("ĎĐÐ", "D"),
    ("ďđð", "d"),
    ("ÈÉÊËĒĔĖĘĚ", "E"),
    ("èéêëēĕėęě", "e"),
    ("ĜĞĠĢ", "G"),
    ("ĝğġģ", "g"),
    ("ĤĦ", "H"),
    ("ĥħ", "h"),
    ("ÌÍÎÏĨĪĬĮİ", "I"),
    ("ìíîïĩīĭįı", "i"),
    ("Ĵ", "J"),
    ("ĵ", "j"),
    ("Ķ", "K"),
    ("ķĸ", "k"),
    ("ĹĻĽĿŁ", "L"),
    ("ĺļľŀł", "l"),
    ("ÑŃŅŇŊ", "N"),
    ("ñńņňŉŋ", "n"),
    ("ÒÓÔÕÖØŌŎŐ", "O"),
    ("òóôõöøōŏő", "o"),
    ("ŔŖŘ", "R"),
    ("ŕŗř", "r"),
    ("ŚŜŞŠ", "S"),
    ("śŝşšſ", "s"),
    ("ŢŤŦ", "T"),
    ("ţťŧ", "t"),
    ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
    ("ùúûüũūŭůűų", "u"),
    ("Ŵ", "W"),
    ("ŵ", "w"),
    ("ÝŶŸ", "Y"),
    ("ýÿŷ", "y"),
    ("ŹŻŽ", "Z"),
    ("źżž", "z"),
    ("Æ", "AE"),
    ("æ", "ae"),
    ("Œ", "OE"),
    ("œ", "oe"),
    ("ß", "ss"),
    ("Þ", "Th"),
    ("þ", "th"),
    ("Ĳ", "IJ"),
    ("ĳ", "ij"),
    ("‘’‚′", "'"),
    ("“”„″", "\""),
    ("‐‑‒–—―", "-"),
    ("\u{a0}", " "),
];

/// Rewrites `name` for the thermal receipt by the rule in the module
/// documentation.
pub fn thermal_name(name: &str) -> String {
    if !is_latin(name)
        && let Some(latin) = parenthesized(name)
        && is_latin(latin)
    {
        return fold(latin.trim());
    }
    fold(name)
}

/// True when every character is ASCII or has a fold in [`FOLDS`].
fn is_latin(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii() || fold_char(c).is_some())
}

/// The text inside the last pair of parentheses, when there is one.
fn parenthesized(text: &str) -> Option<&str> {
    let open = text.rfind('(')?;
    let inner = text.get(open + 1..)?;
    let close = inner.find(')')?;
    inner.get(..close).filter(|latin| !latin.trim().is_empty())
}

fn fold_char(c: char) -> Option<&'static str> {
    FOLDS.iter().find(|(from, _)| from.contains(c)).map(|(_, to)| *to)
}

fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            folded.push(c);
        } else if let Some(replacement) = fold_char(c) {
            folded.push_str(replacement);
        } else {
            folded.push('?');
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_to_base_letters() {
        assert_eq!(thermal_name("Zoë Ångström"), "Zoe Angstrom");
        assert_eq!(thermal_name("Sofá Ñandú 3-plazas"), "Sofa Nandu 3-plazas");
        assert_eq!(thermal_name("Straße Æble Łódź"), "Strasse AEble Lodz");
    }

    #[test]
    fn cjk_name_prints_latin_form() {
        assert_eq!(thermal_name("山田 花子 (Hanako Yamada)"), "Hanako Yamada");
    }

    #[test]
    fn cjk_without_latin_form_prints_marks() {
        assert_eq!(thermal_name("山田 花子"), "?? ??");
    }

    #[test]
    fn latin_name_keeps_parentheses() {
        assert_eq!(thermal_name("Ana (Annie) Núñez"), "Ana (Annie) Nunez");
    }
}
