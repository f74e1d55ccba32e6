//! Request numbers as people say them: `R-1024`.

pub const PREFIX: &str = "R-";

pub fn format(number: i64) -> String {
    format!("{PREFIX}{number}")
}

/// Reads `R-1024`, `r1024`, `#1024` or `1024`.
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = t
        .strip_prefix("R-")
        .or_else(|| t.strip_prefix("r-"))
        .or_else(|| t.strip_prefix('R'))
        .or_else(|| t.strip_prefix('r'))
        .or_else(|| t.strip_prefix('#'))
        .unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n: &i64| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(format(1024), "R-1024");
        for text in ["R-1024", "r-1024", "R1024", "#1024", " 1024 "] {
            assert_eq!(parse(text), Some(1024), "{text}");
        }
        for text in ["", "R-", "leak", "10 24", "R-0", "-5"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
