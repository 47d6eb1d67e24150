//! The search tokeniser. `themes/default/static/search.js` splits queries with the same
//! rules, so the index and the query always split alike; the browser test compares
//! the two on the same strings.
//!
//! Text is first normalised, character by character: full-width letters, digits and
//! signs become ASCII, half-width katakana become full-width (with their voicing
//! marks joined), letters become lower case and lose the accents of Latin-1 and
//! Hepburn (`kachō` -> `kacho`). Then it splits into runs:
//!
//! - a run of letters and digits (not Japanese) is a **word**;
//! - a run of Japanese (kanji, hiragana, katakana) becomes its **character bigrams**
//!   plus its last character alone, so every character of the run starts a token
//!   and a query finds text inside longer words (`安全性` in `心理的安全性`);
//! - anything else separates.

/// What a token is, which decides how a query term matches the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Bigram,
    /// One Japanese character: a one-character run, or the last of a longer one.
    Char,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub kind: TokenKind,
}

/// A term of a query: matched exactly, or as the start of indexed terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub text: String,
    pub prefix: bool,
}

/// Half-width katakana and signs, U+FF61 to U+FF9F, as full-width characters.
const HALF_WIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";
/// Katakana that take the voicing mark (the voiced form is the next code point).
const VOICEABLE: &str = "カキクケコサシスセソタチツテトハヒフヘホ";
/// Katakana that take the semi-voicing mark (the semi-voiced form is two code points on).
const SEMI_VOICEABLE: &str = "ハヒフヘホ";
/// Accented Latin letters (after lower-casing) and the letters they fold to.
const ACCENTED: &str = "àáâãäåāèéêëēìíîïīòóôõöøōùúûüūýÿçñ";
const UNACCENTED: &str = "aaaaaaaeeeeeiiiiiooooooouuuuuyycn";

/// Is `c` written without spaces between words (kanji, kana, the long-vowel mark)?
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'          // 々 〆 〇
        | '\u{3041}'..='\u{309F}'        // hiragana
        | '\u{30A0}'..='\u{30FA}'        // katakana (not ・)
        | '\u{30FC}'..='\u{30FF}'        // ー and iteration marks
        | '\u{31F0}'..='\u{31FF}'        // small katakana extensions
        | '\u{3400}'..='\u{4DBF}'        // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'        // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'        // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}') // CJK extensions B and beyond
}

/// Is `c` part of a word (a letter or digit of a language written with spaces)?
pub fn is_word_char(c: char) -> bool {
    !is_japanese(c) && (c.is_alphabetic() || c.is_numeric())
}

/// The normalised form of `text` (see the module comment).
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = c as u32;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_japanese(c) {
            out.push(c);
        } else if (0xFF01..=0xFF5E).contains(&code) {
            push_lower(&mut out, char::from_u32(code - 0xFEE0).unwrap_or(c));
        } else if c == '\u{3000}' {
            out.push(' ');
        } else if (0xFF61..=0xFF9F).contains(&code) {
            push_half_width_kana(&mut out, code);
        } else {
            push_lower(&mut out, c);
        }
    }
    out
}

fn push_lower(out: &mut String, c: char) {
    for lower in c.to_lowercase() {
        match ACCENTED.chars().position(|a| a == lower) {
            Some(i) => out.extend(UNACCENTED.chars().nth(i)),
            None => out.push(lower),
        }
    }
}

/// Appends a half-width katakana as full-width, joining a voicing mark to the kana before it.
fn push_half_width_kana(out: &mut String, code: u32) {
    let offset = (code - 0xFF61) as usize;
    let Some(full) = HALF_WIDTH_KANA.chars().nth(offset) else {
        return;
    };
    let joined = match (full, out.chars().last()) {
        ('゛', Some('ウ')) => Some('ヴ'),
        ('゛', Some(last)) if VOICEABLE.contains(last) => char::from_u32(last as u32 + 1),
        ('゜', Some(last)) if SEMI_VOICEABLE.contains(last) => char::from_u32(last as u32 + 2),
        _ => None,
    };
    match joined {
        Some(joined) => {
            out.pop();
            out.push(joined);
        }
        None => out.push(full),
    }
}

/// The runs of already normalised `text`: words and Japanese runs, with which each is.
fn runs(text: &str) -> Vec<(&str, bool)> {
    let mut runs = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (at, c) in text.char_indices() {
        let japanese = is_japanese(c);
        let part_of_run = japanese || is_word_char(c);
        match start {
            Some((from, kind)) if !part_of_run || kind != japanese => {
                runs.push((&text[from..at], kind));
                start = part_of_run.then_some((at, japanese));
            }
            None if part_of_run => start = Some((at, japanese)),
            _ => {}
        }
    }
    if let Some((from, kind)) = start {
        runs.push((&text[from..], kind));
    }
    runs
}

/// Calls `emit` with every token of already normalised `text`, in order, as slices of it.
pub fn each_token<'t>(text: &'t str, mut emit: impl FnMut(&'t str, TokenKind)) {
    for (run, japanese) in runs(text) {
        if !japanese {
            emit(run, TokenKind::Word);
            continue;
        }
        let bounds: Vec<usize> = run
            .char_indices()
            .map(|(at, _)| at)
            .chain([run.len()])
            .collect();
        for window in bounds.windows(3) {
            emit(&run[window[0]..window[2]], TokenKind::Bigram);
        }
        if let [.., last, end] = bounds[..] {
            emit(&run[last..end], TokenKind::Char);
        }
    }
}

/// Every token of `text`, in order, as the index stores them.
pub fn tokens(text: &str) -> Vec<Token> {
    let normalised = normalise(text);
    let mut tokens = Vec::new();
    each_token(&normalised, |token, kind| {
        tokens.push(Token {
            text: token.to_string(),
            kind,
        })
    });
    tokens
}

/// The terms of a query, without repeats. A word of two or more characters with a
/// letter in it matches as a prefix (`harass` finds `harassment`); a Japanese run of
/// one character matches every bigram it starts; a longer run needs all its bigrams.
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let mut terms: Vec<QueryTerm> = Vec::new();
    let normalised = normalise(query);
    for (run, japanese) in runs(&normalised) {
        let chars: Vec<char> = run.chars().collect();
        let new_terms: Vec<QueryTerm> = if !japanese {
            let prefix = chars.len() >= 2 && chars.iter().any(|c| c.is_alphabetic());
            vec![QueryTerm {
                text: run.to_string(),
                prefix,
            }]
        } else if chars.len() == 1 {
            vec![QueryTerm {
                text: run.to_string(),
                prefix: true,
            }]
        } else {
            chars
                .windows(2)
                .map(|pair| QueryTerm {
                    text: pair.iter().collect(),
                    prefix: false,
                })
                .collect()
        };
        for term in new_terms {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    fn query(text: &str) -> Vec<(String, bool)> {
        query_terms(text)
            .into_iter()
            .map(|t| (t.text, t.prefix))
            .collect()
    }

    #[test]
    fn japanese_compounds_split_into_bigrams_and_a_last_character() {
        assert_eq!(
            texts("心理的安全性"),
            ["心理", "理的", "的安", "安全", "全性", "性"]
        );
        assert_eq!(texts("係長級職員"), ["係長", "長級", "級職", "職員", "員"]);
        assert_eq!(texts("市"), ["市"]);
    }

    #[test]
    fn every_bigram_of_a_query_is_inside_the_longer_word() {
        let indexed = texts("係長級職員の心理的安全性を確保する");
        for term in query_terms("安全性").iter().chain(&query_terms("係長")) {
            assert!(!term.prefix);
            assert!(indexed.contains(&term.text), "{} not indexed", term.text);
        }
        assert_eq!(
            query("安全性"),
            [("安全".into(), false), ("全性".into(), false)]
        );
    }

    #[test]
    fn one_japanese_character_matches_as_a_prefix() {
        assert_eq!(query("市"), [("市".into(), true)]);
        // The last character of a run is indexed alone, so it is found too.
        assert!(texts("地方公務員法第").contains(&"第".to_string()));
    }

    #[test]
    fn mixed_japanese_and_english_split_at_the_script_boundary() {
        assert_eq!(
            texts("職場研修（OJT）とDX推進"),
            ["職場", "場研", "研修", "修", "ojt", "と", "dx", "推進", "進"]
        );
        assert_eq!(
            query("OJT研修"),
            [("ojt".into(), true), ("研修".into(), false)]
        );
    }

    #[test]
    fn full_width_letters_and_digits_are_normalised() {
        assert_eq!(normalise("ＯＪＴ　２０２４年"), "ojt 2024年");
        assert_eq!(texts("ＤＸ"), texts("dx"));
        assert_eq!(query("１５"), [("15".into(), false)]);
    }

    #[test]
    fn half_width_katakana_become_full_width_with_voicing_joined() {
        assert_eq!(normalise("ﾊﾗｽﾒﾝﾄ"), "ハラスメント");
        assert_eq!(normalise("ｶﾞｲﾄﾞﾗｲﾝ"), "ガイドライン");
        assert_eq!(normalise("ﾎﾟｲﾝﾄ ｳﾞ"), "ポイント ヴ");
    }

    #[test]
    fn english_is_case_insensitive_and_words_match_as_prefixes() {
        assert_eq!(
            texts("Psychological SAFETY, staff's"),
            ["psychological", "safety", "staff", "s"]
        );
        assert_eq!(query("Harass"), [("harass".into(), true)]);
        assert_eq!(
            query("a 2024"),
            [("a".into(), false), ("2024".into(), false)]
        );
        assert_eq!(texts("kachō Café"), ["kacho", "cafe"]);
    }

    #[test]
    fn punctuation_and_repeats_are_dropped() {
        assert_eq!(query("「安全」・安全!"), [("安全".into(), false)]);
        assert!(query("<img src=x onerror=alert(1)>")
            .iter()
            .all(|(t, _)| t.chars().all(is_word_char)));
    }
}
