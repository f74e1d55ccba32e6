//! Phone numbers, normalised once so that search and dedup compare like with like.

/// Keeps a leading `+` and the digits; accepts 7 to 15 digits (E.164 allows at most 15).
/// `+998 (90) 123-45-67` becomes `+998901234567`.
pub fn normalize(input: &str) -> Option<String> {
    let t = input.trim();
    if t.is_empty() {
        return None;
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'))
    {
        return None;
    }
    let plus = t.starts_with('+');
    if t.chars().skip(1).any(|c| c == '+') {
        return None;
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    Some(if plus { format!("+{digits}") } else { digits })
}

/// The digits of a search term, when it looks like (part of) a phone number.
pub fn search_digits(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| c.is_ascii_digit()).collect();
    let only_phone_chars = input
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    (only_phone_chars && digits.len() >= 5).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_common_spellings() {
        assert_eq!(
            normalize("+998 (90) 123-45-67").as_deref(),
            Some("+998901234567")
        );
        assert_eq!(normalize("0501234567").as_deref(), Some("0501234567"));
        assert_eq!(
            normalize("+380.50.123.45.67").as_deref(),
            Some("+380501234567")
        );
    }

    #[test]
    fn rejects_what_is_not_a_phone() {
        for bad in [
            "",
            "abc",
            "12345",
            "+1+2345678",
            "1234567890123456",
            "050 123 45 6x",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    #[test]
    fn search_digits_only_for_phone_like_terms() {
        assert_eq!(search_digits("123-45").as_deref(), Some("12345"));
        assert_eq!(search_digits("R-1024"), None);
        assert_eq!(search_digits("1024"), None);
    }
}
