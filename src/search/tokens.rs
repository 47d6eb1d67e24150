//! The search tokeniser, and how a query is read. `themes/default/static/search.js`
//! splits queries with the same rules and the same tables (`Tables`, which the index
//! carries, so the two can never disagree); the browser test compares the two on the
//! same strings.
//!
//! Text is first normalised, character by character: full-width letters, digits and
//! signs become ASCII, half-width katakana become full-width (with their voicing
//! marks joined), letters become lower case and lose the accents of Latin-1 and
//! Hepburn (`kachō` -> `kacho`), and the middle dot and long-vowel mark after a
//! katakana are dropped (`ワーク・ライフ・バランス` and `ワークライフバランス` are both
//! `ワクライフバランス`). Then it splits into runs:
//!
//! - a run of letters and digits (not Japanese) is a **word**, indexed by its Porter
//!   stem (`evaluations` -> `evalu`); words joined by a hyphen are indexed joined too
//!   (`well-being` gives `well`, `be` and `wellb`, the stem of `wellbeing`);
//! - a run of Japanese (kanji, hiragana, katakana) becomes its **character bigrams**
//!   plus its last character alone, so every character of the run starts a token
//!   and a query finds text inside longer words (`安全性` in `心理的安全性`);
//! - anything else separates.
//!
//! A query (`Query::parse`) is read as groups, one per word or Japanese run. English
//! words that carry no meaning in a question (`what`, `is`, `of`) are optional; a
//! Japanese run loses a question ending (`とは`, `について`, `を知りたい`, `ですか`) and
//! its bigrams are weighted: 4 for kanji and katakana, 2 for hiragana, 1 for a bigram
//! that crosses into a particle (`の`, `を`) or between hiragana and kanji, so the
//! query's meaning decides, and a page that has the query as a phrase (`係長の役割`)
//! still ranks above one that has its words apart.

use super::stem::{stem, stem_into};
use serde::Serialize;

/// What a token is, which decides how a query term matches the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// Two words joined by a hyphen, written as one (`wellbeing` for `well-being`).
    Compound,
    Bigram,
    /// A Japanese run of one character.
    Char,
    /// The last character of a longer Japanese run.
    Last,
}

impl TokenKind {
    /// Whether the token counts in the length of a title or heading: a query that is
    /// the whole title has one term per counted token.
    pub fn counts(self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Bigram | TokenKind::Char)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub kind: TokenKind,
}

/// A term of a query: matched exactly, or as the start of indexed terms; its weight
/// says how much of the query's meaning it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub text: String,
    pub prefix: bool,
    pub weight: u32,
}

/// One word or Japanese run of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The word or run as normalised (for a word: before stemming).
    pub text: String,
    pub japanese: bool,
    /// A word that carries no meaning (`what`, `of`): it need not be found.
    pub optional: bool,
    pub terms: Vec<QueryTerm>,
}

/// A query, read as groups (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub groups: Vec<Group>,
}

/// The tables both tokenisers use; the index carries them for search.js.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tables {
    pub half_width_kana: &'static str,
    pub voiceable: &'static str,
    pub semi_voiceable: &'static str,
    pub accented: &'static str,
    pub unaccented: &'static str,
    pub dropped_after_katakana: &'static str,
    pub endings: &'static [&'static str],
    pub particles: &'static str,
    pub stop_words: &'static [&'static str],
    pub step2: &'static [(&'static str, &'static str)],
    pub step3: &'static [(&'static str, &'static str)],
    pub step4: &'static [&'static str],
}

/// The tables of this tokeniser.
pub const TABLES: Tables = Tables {
    half_width_kana: HALF_WIDTH_KANA,
    voiceable: VOICEABLE,
    semi_voiceable: SEMI_VOICEABLE,
    accented: ACCENTED,
    unaccented: UNACCENTED,
    dropped_after_katakana: DROPPED_AFTER_KATAKANA,
    endings: ENDINGS,
    particles: PARTICLES,
    stop_words: STOP_WORDS,
    step2: super::stem::STEP2,
    step3: super::stem::STEP3,
    step4: super::stem::STEP4,
};

/// Half-width katakana and signs, U+FF61 to U+FF9F, as full-width characters.
const HALF_WIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";
/// Katakana that take the voicing mark (the voiced form is the next code point).
const VOICEABLE: &str = "カキクケコサシスセソタチツテトハヒフヘホ";
/// Katakana that take the semi-voicing mark (the semi-voiced form is two code points on).
const SEMI_VOICEABLE: &str = "ハヒフヘホ";
/// Accented Latin letters (after lower-casing) and the letters they fold to.
const ACCENTED: &str = "àáâãäåāèéêëēìíîïīòóôõöøōùúûüūýÿçñ";
const UNACCENTED: &str = "aaaaaaaeeeeeiiiiiooooooouuuuuyycn";
/// The middle dot and the long-vowel mark, dropped after a katakana: writers differ
/// on both (`ワーク・ライフ`, `ワークライフ`; `コンピュータ`, `コンピューター`).
const DROPPED_AFTER_KATAKANA: &str = "・ー";
/// Question endings a Japanese query run loses (the longest that fits, repeatedly).
const ENDINGS: &[&str] = &[
    "とはなんですか",
    "とは何ですか",
    "とはなにか",
    "とは何か",
    "とは何",
    "とは",
    "について知りたい",
    "について教えてください",
    "について教えて",
    "について",
    "を知りたい",
    "が知りたい",
    "を教えてください",
    "を教えて",
    "を調べたい",
    "ってなに",
    "って何",
    "って",
    "は何ですか",
    "はなんですか",
    "は何",
    "ですか",
    "ますか",
    "でしょうか",
    "のこと",
];
/// Particles: a hiragana among these, between two characters that are not hiragana
/// (`係長の役割`), joins words rather than carrying meaning.
const PARTICLES: &str = "のをがはにでとへもや";
/// English words that carry no meaning in a question: optional in a query.
const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "by", "can", "do", "does", "expected", "for",
    "from", "how", "i", "in", "into", "is", "it", "know", "me", "mean", "means", "my", "of", "on",
    "or", "our", "please", "required", "should", "tell", "that", "the", "their", "there", "this",
    "to", "want", "we", "what", "when", "where", "which", "who", "why", "with",
];

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

fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
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
        } else if is_japanese(c) || c == '・' {
            push_kana(&mut out, c);
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

/// Appends `c`, unless it is a middle dot or long-vowel mark after a katakana.
fn push_kana(out: &mut String, c: char) {
    if DROPPED_AFTER_KATAKANA.contains(c) && out.chars().last().is_some_and(is_katakana) {
        return;
    }
    out.push(c);
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
        None => push_kana(out, full),
    }
}

/// A run of already normalised text: a word or a Japanese run, and where it ends.
struct Run<'t> {
    text: &'t str,
    japanese: bool,
    end: usize,
}

/// The runs of already normalised `text`.
fn runs(text: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (at, c) in text.char_indices() {
        let japanese = is_japanese(c);
        let part_of_run = japanese || is_word_char(c);
        match start {
            Some((from, kind)) if !part_of_run || kind != japanese => {
                runs.push(Run {
                    text: &text[from..at],
                    japanese: kind,
                    end: at,
                });
                start = part_of_run.then_some((at, japanese));
            }
            None if part_of_run => start = Some((at, japanese)),
            _ => {}
        }
    }
    if let Some((from, kind)) = start {
        runs.push(Run {
            text: &text[from..],
            japanese: kind,
            end: text.len(),
        });
    }
    runs
}

/// Calls `emit` with every token of already normalised `text`, in order.
pub fn each_token(text: &str, mut emit: impl FnMut(&str, TokenKind)) {
    let runs = runs(text);
    let mut buffer = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        if !run.japanese {
            emit(stem_into(run.text, &mut buffer), TokenKind::Word);
            let next = runs.get(i + 1).filter(|next| {
                !next.japanese
                    && text[run.end..].starts_with('-')
                    && next.text.len() + 1 + run.end == next.end
            });
            if let Some(next) = next {
                emit(
                    &stem(&format!("{}{}", run.text, next.text)),
                    TokenKind::Compound,
                );
            }
            continue;
        }
        let bounds: Vec<usize> = run
            .text
            .char_indices()
            .map(|(at, _)| at)
            .chain([run.text.len()])
            .collect();
        for window in bounds.windows(3) {
            emit(&run.text[window[0]..window[2]], TokenKind::Bigram);
        }
        if let [.., last, end] = bounds[..] {
            let kind = if bounds.len() == 2 {
                TokenKind::Char
            } else {
                TokenKind::Last
            };
            emit(&run.text[last..end], kind);
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

/// `run` without the question endings it ends with (never to nothing).
fn without_endings(mut run: &str) -> &str {
    while let Some(ending) = ENDINGS
        .iter()
        .filter(|e| run.len() > e.len() && run.ends_with(*e))
        .max_by_key(|e| e.len())
    {
        run = &run[..run.len() - ending.len()];
    }
    run
}

/// The weighted bigrams of a Japanese query run (see the module comment).
fn japanese_terms(chars: &[char]) -> Vec<QueryTerm> {
    let particle = |i: usize| {
        PARTICLES.contains(chars[i])
            && (i == 0 || !is_hiragana(chars[i - 1]))
            && chars.get(i + 1).is_none_or(|&c| !is_hiragana(c))
    };
    (0..chars.len().saturating_sub(1))
        .map(|i| {
            let (a, b) = (is_hiragana(chars[i]), is_hiragana(chars[i + 1]));
            let weight = if !a && !b {
                4
            } else if a && b && !particle(i) && !particle(i + 1) {
                2
            } else {
                1
            };
            QueryTerm {
                text: chars[i..i + 2].iter().collect(),
                prefix: false,
                weight,
            }
        })
        .collect()
}

impl Group {
    /// A run of Japanese, without the endings of a question; a single character is
    /// looked for as the start of a term.
    fn japanese(whole: &str) -> Group {
        let kept = without_endings(whole);
        let chars: Vec<char> = kept.chars().collect();
        let terms = if chars.len() == 1 {
            vec![QueryTerm {
                text: kept.to_string(),
                prefix: true,
                weight: 4,
            }]
        } else {
            japanese_terms(&chars)
        };
        Group {
            text: kept.to_string(),
            japanese: true,
            optional: ENDINGS.contains(&whole),
            terms,
        }
    }

    /// A word of another script, stemmed; a stop word is optional.
    fn word(text: &str) -> Group {
        let prefix = text.chars().count() >= 2 && text.chars().any(char::is_alphabetic);
        let optional = STOP_WORDS.contains(&text);
        Group {
            text: text.to_string(),
            japanese: false,
            optional,
            terms: vec![QueryTerm {
                text: stem(text),
                prefix,
                weight: if optional { 1 } else { 4 },
            }],
        }
    }
}

impl Query {
    /// Reads `query` (see the module comment).
    pub fn parse(query: &str) -> Query {
        let normalised = normalise(query);
        let mut groups: Vec<Group> = Vec::new();
        for run in runs(&normalised) {
            let group = if run.japanese {
                Group::japanese(run.text)
            } else {
                Group::word(run.text)
            };
            if !groups
                .iter()
                .any(|g| g.terms == group.terms && g.optional == group.optional)
            {
                groups.push(group);
            }
        }
        // A query of nothing but such words is meant as it is.
        if groups.iter().all(|g| g.optional) {
            for group in &mut groups {
                group.optional = false;
            }
        }
        for group in &mut groups {
            let mut seen: Vec<QueryTerm> = Vec::new();
            group.terms.retain(|t| {
                let new = !seen
                    .iter()
                    .any(|s| s.text == t.text && s.prefix == t.prefix);
                if new {
                    seen.push(t.clone());
                }
                new
            });
        }
        Query { groups }
    }
}

/// The terms of a query, in order, without repeats.
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let mut terms: Vec<QueryTerm> = Vec::new();
    for term in Query::parse(query).groups.into_iter().flat_map(|g| g.terms) {
        if !terms
            .iter()
            .any(|t| t.text == term.text && t.prefix == term.prefix)
        {
            terms.push(term);
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

    fn weighted(text: &str) -> Vec<(String, u32)> {
        query_terms(text)
            .into_iter()
            .map(|t| (t.text, t.weight))
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
            ["psycholog", "safeti", "staff", "s"]
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

    #[test]
    fn english_words_are_stemmed_on_both_sides() {
        assert_eq!(texts("evaluations trainings"), ["evalu", "train"]);
        assert_eq!(
            query("Evaluation training"),
            [("evalu".into(), true), ("train".into(), true)]
        );
    }

    #[test]
    fn hyphenated_words_are_indexed_joined_too() {
        assert_eq!(texts("well-being"), ["well", "wellb", "be"]);
        assert_eq!(query("wellbeing"), [("wellb".into(), true)]);
        assert_eq!(query("well being"), query("well-being"));
    }

    #[test]
    fn middle_dots_and_long_vowel_marks_after_katakana_are_dropped() {
        assert_eq!(
            normalise("ワーク・ライフ・バランス"),
            normalise("ワークライフバランス")
        );
        assert_eq!(normalise("ﾜｰｸ･ﾗｲﾌ"), "ワクライフ");
        // Between kanji the dot still separates.
        assert_eq!(texts("主任・主査"), ["主任", "任", "主査", "査"]);
    }

    #[test]
    fn question_endings_are_dropped_and_particles_weigh_little() {
        assert_eq!(query("心理的安全性とは"), query("心理的安全性"));
        assert_eq!(query("働き方改革について"), query("働き方改革"));
        assert_eq!(query("研修を知りたい"), query("研修"));
        assert_eq!(
            weighted("係長の役割"),
            [
                ("係長".into(), 4),
                ("長の".into(), 1),
                ("の役".into(), 1),
                ("役割".into(), 4)
            ]
        );
        assert_eq!(weighted("やりがい")[0], ("やり".into(), 2));
        // A query of nothing but an ending is kept as it is.
        assert_eq!(query("とは"), [("とは".into(), false)]);
    }

    #[test]
    fn question_words_are_optional() {
        let query = Query::parse("what is expected of a 係長");
        let optional: Vec<(&str, bool)> = query
            .groups
            .iter()
            .map(|g| (g.text.as_str(), g.optional))
            .collect();
        assert_eq!(
            optional,
            [
                ("what", true),
                ("is", true),
                ("expected", true),
                ("of", true),
                ("a", true),
                ("係長", false)
            ]
        );
        assert!(Query::parse("what is").groups.iter().all(|g| !g.optional));
    }
}
