//! How people write phone numbers: the visual separators a dialer, a pasted web page or a `tel:` URI may put
//! between digits (spaces, dashes of every kind, dots, parentheses, slashes, the dialer's pause comma), and
//! taking them out. It does not decide what a number means; the dial plan and the DID parser do.

/// True for characters that only make a number easier to read and carry no meaning.
pub(crate) fn is_visual_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '(' | ')' | '/' | ',' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00a0}' | '\u{202f}'
        )
}

/// `text` without visual separators, or `None` when what is left is not a dial string: digits, `*` and `#`,
/// with an optional leading `+`.
pub(crate) fn dial_string(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !is_visual_separator(*c)).collect();
    let body = compact.strip_prefix('+').unwrap_or(&compact);
    let is_dial_string = !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '*' || c == '#');
    is_dial_string.then_some(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_of_every_kind_are_dropped() {
        assert_eq!(dial_string(" +1 (312) 555\u{2013}0100 ").as_deref(), Some("+13125550100"));
        assert_eq!(dial_string("9,911").as_deref(), Some("9911"));
        assert_eq!(dial_string("*67 555.0100").as_deref(), Some("*675550100"));
    }

    #[test]
    fn names_and_empty_text_are_not_dial_strings() {
        assert_eq!(dial_string("alice"), None);
        assert_eq!(dial_string(" - "), None);
        assert_eq!(dial_string("+"), None);
        assert_eq!(dial_string("91+1"), None);
    }
}
