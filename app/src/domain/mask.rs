//! Personal data is masked before it reaches a log line.

/// `+998901234567` → `+99890*****67`.
pub fn phone(p: &str) -> String {
    let chars: Vec<char> = p.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let keep_head = chars.len().min(6) - 2;
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - keep_head - 2))
}

/// `dispatcher@demo.local` → `d*********@demo.local`.
pub fn email(e: &str) -> String {
    match e.split_once('@') {
        Some((local, domain)) => {
            let mut chars = local.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            format!("{first}{}@{domain}", "*".repeat(chars.count()))
        }
        None => "*".repeat(e.chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_middle_of_a_phone() {
        assert_eq!(phone("+998901234567"), "+998*******67");
        assert_eq!(phone("12345"), "*****");
    }

    #[test]
    fn masks_the_local_part_of_an_email() {
        assert_eq!(email("dispatcher@demo.local"), "d*********@demo.local");
        assert_eq!(email("nonsense"), "********");
    }
}
