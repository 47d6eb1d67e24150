//! The rule for page file names, where they enter (the loader and `new page`): each
//! part of a page's path is ASCII letters, digits, `-` and `_`, starting with a letter
//! or digit, and not a name the site uses itself. Such names are safe in web
//! addresses, on Windows shares and on Macs; anything else gets a suggestion.

/// Why a part of a page name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// Empty, `.`/`..`, or a character outside ASCII letters, digits, `-`, `_`.
    Unsafe,
    /// A name the site's own pages use (`index`, `print`, `search`, `404`, …).
    Reserved,
}

/// Checks one part of a page path (`handbook`, `ojt`); `top` for the first part,
/// where the built-in pages' names are reserved. `_index` (a section's own page) is
/// allowed as a last part and checked by the caller.
pub fn check_part(part: &str, top: bool) -> Result<(), NameProblem> {
    let safe = part
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !safe {
        return Err(NameProblem::Unsafe);
    }
    let lower = part.to_ascii_lowercase();
    if lower == "index" || (top && crate::kinds::is_reserved(&lower)) {
        return Err(NameProblem::Reserved);
    }
    Ok(())
}

/// A safe name for `part`: lowercase ASCII words joined by `-`; a name with no
/// ASCII letters or digits (Japanese) becomes `page`; a reserved one gets `-page`.
pub fn suggest_part(part: &str, top: bool) -> String {
    let mut slug = String::new();
    for c in part.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        slug = "page".to_string();
    }
    if check_part(&slug, top) == Err(NameProblem::Reserved) {
        slug.push_str("-page");
    }
    slug
}

/// [`suggest_part`] for every part of `name` (`Handbook/On the Job` ->
/// `handbook/on-the-job`).
pub fn suggest(name: &str) -> String {
    name.split('/')
        .filter(|part| !part.is_empty())
        .enumerate()
        .map(|(i, part)| suggest_part(part, i == 0))
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks every part of a page key (`handbook/ojt`, `handbook/_index`).
pub fn check(key: &str) -> Result<(), NameProblem> {
    let parts: Vec<&str> = key.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() && i > 0 && *part == "_index" {
            continue;
        }
        check_part(part, i == 0)?;
    }
    Ok(())
}

/// The key as it would be on a file system that ignores case (Windows, macOS).
pub fn folded(key: &str) -> String {
    key.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_pass_and_unsafe_ones_are_refused() {
        for good in [
            "training",
            "handbook/ojt",
            "handbook/_index",
            "r2-plan",
            "Training",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        for bad in [
            "a#b", "x y", ".hidden", "-x", "研修", "a/b c", "", "a//b", "&#39;",
        ] {
            assert_eq!(check(bad), Err(NameProblem::Unsafe), "{bad}");
        }
        for reserved in ["index", "print", "search", "404", "handbook/index", "Index"] {
            assert_eq!(check(reserved), Err(NameProblem::Reserved), "{reserved}");
        }
        assert_eq!(check("handbook/print"), Ok(()));
    }

    #[test]
    fn suggestions_are_safe() {
        assert_eq!(suggest("Training Plan"), "training-plan");
        assert_eq!(suggest("a#b"), "a-b");
        assert_eq!(suggest(".hidden"), "hidden");
        assert_eq!(suggest("研修計画"), "page");
        assert_eq!(suggest("index"), "index-page");
        assert_eq!(suggest("handbook/On the Job"), "handbook/on-the-job");
        for name in ["Training Plan", "a#b", ".hidden", "研修", "print", "x__y"] {
            assert_eq!(check(&suggest(name)), Ok(()), "{name}");
        }
    }
}
