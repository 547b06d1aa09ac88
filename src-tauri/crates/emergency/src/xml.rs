//! Escaping text for XML element content and attribute values. The PIDF-LO carries what people typed (street
//! names, building names, "Smith & Sons"), so every value goes through here; characters XML 1.0 cannot carry at
//! all (most control characters) become a space rather than making the whole document unparseable at a PSAP.

/// `text` safe inside an XML element or a quoted attribute: `&`, `<`, `>`, `"` and `'` become entity
/// references, and characters XML 1.0 forbids become a space.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// The XML 1.0 `Char` production: tab, newline, carriage return, and everything from U+0020 except the
/// surrogates (which a Rust `char` cannot be) and U+FFFE / U+FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_special_characters_become_entities() {
        assert_eq!(
            escape_xml(r#"Smith & Sons <"Annex"> 'B'"#),
            "Smith &amp; Sons &lt;&quot;Annex&quot;&gt; &apos;B&apos;"
        );
    }

    #[test]
    fn forbidden_control_characters_become_spaces_and_the_rest_passes() {
        assert_eq!(escape_xml("Floor\u{0}3\u{1b}\tÉtage ✓"), "Floor 3 \tÉtage ✓");
    }
}
