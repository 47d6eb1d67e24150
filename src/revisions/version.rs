//! Version names and dates: `1.10` sorts after `1.9` (numbers compare as numbers,
//! other parts as text), and a date is a real calendar day written `YYYY-MM-DD`.

use std::cmp::Ordering;

/// Compares two version names part by part (`.`, `-` separate parts): numeric parts
/// as numbers, others as text; a name that is a prefix of the other sorts first.
pub fn compare(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<String> { v.split(['.', '-']).map(str::to_string).collect() };
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    pa.len().cmp(&pb.len())
}

/// Whether `version` can name a record file: letters, digits, `.`, `-`, `_`, and
/// it starts with a letter or digit.
pub fn is_valid_name(version: &str) -> bool {
    version
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && version.len() <= 40
}

/// `Some((year, month, day))` when `date` is a real day written `YYYY-MM-DD`.
pub fn parse_date(date: &str) -> Option<(u32, u32, u32)> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &date[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year > 0 && (1..=days).contains(&day)).then_some((year, month, day))
}

/// A date as a reader of `lang` writes it: `2027-04-01` in Japanese (as the policy
/// does), `1 April 2027` in English.
pub fn display_date(date: &str, lang: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match parse_date(date) {
        Some((year, month, day)) if lang == "en" => {
            format!("{day} {} {year}", MONTHS[month as usize - 1])
        }
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_as_numbers_part_by_part() {
        assert_eq!(compare("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare("1.0", "1.0.1"), Ordering::Less);
        assert_eq!(compare("2", "1.9"), Ordering::Greater);
        assert_eq!(compare("1.1", "1.1"), Ordering::Equal);
    }

    #[test]
    fn only_real_days_are_dates() {
        assert_eq!(parse_date("2027-04-01"), Some((2027, 4, 1)));
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(parse_date("2027-02-29"), None);
        assert_eq!(parse_date("2027-13-01"), None);
        assert_eq!(parse_date("2027/04/01"), None);
        assert_eq!(parse_date("April 1"), None);
        assert_eq!(display_date("2027-04-01", "en"), "1 April 2027");
        assert_eq!(display_date("2027-04-01", "ja"), "2027-04-01");
    }

    #[test]
    fn version_names_are_safe_file_names() {
        assert!(is_valid_name("1.1"));
        assert!(is_valid_name("2027-rc1"));
        assert!(!is_valid_name("../x"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("1 1"));
    }
}
