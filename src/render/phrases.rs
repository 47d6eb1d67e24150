//! Japanese headings and statements that break between phrases, never inside a word:
//! `<wbr>` where a phrase ends, and the stylesheet's `word-break: keep-all` leaves
//! those the only places to break, in every browser.
//!
//! A phrase ends where a run of kana after a word (its particles and endings: の, に,
//! られる) meets the next word (kanji, katakana, Latin), after 、 and 。, and around
//! brackets. Words written only in kana (ともにはたらき) and katakana compounds
//! (カッツ・モデル) are never cut. BudouX, which Chromium's `word-break: auto-phrase`
//! uses, cuts ともには｜たらき, so headings do not rely on it.

/// The elements whose text is marked: how each opens, and its name.
const MARKED: [(&str, &str); 7] = [
    ("<h1", "h1"),
    ("<h2", "h2"),
    ("<h3", "h3"),
    ("<h4", "h4"),
    ("<p class=\"statement\"", "p"),
    // The entries of the page's contents and of the print view's contents.
    ("<li class=\"toc-", "li"),
    ("<li class=\"contents-", "li"),
];

/// Whether pages in `lang` get `<wbr>` between the phrases of their headings (Japanese).
pub fn marks_phrases(lang: &str) -> bool {
    lang == "ja" || lang.starts_with("ja-")
}

/// `html` with `<wbr>` between the phrases of the text in its headings, statements
/// and contents. One pass: where each kind of element next opens is remembered until
/// it is passed (a 27 MB print view has tens of thousands of headings and perhaps
/// no statement, which must not be looked for again after each heading).
pub fn mark_headings(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut done = 0;
    let mut next: Vec<Option<usize>> = MARKED
        .iter()
        .map(|&(open, _)| next_open(html, 0, open))
        .collect();
    loop {
        for (k, at) in next.iter_mut().enumerate() {
            if at.is_some_and(|at| at < done) {
                *at = next_open(html, done, MARKED[k].0);
            }
        }
        let Some((k, start)) = next
            .iter()
            .enumerate()
            .filter_map(|(k, at)| at.map(|at| (k, at)))
            .min_by_key(|&(_, at)| at)
        else {
            break;
        };
        let name = MARKED[k].1;
        let close = format!("</{name}>");
        let Some(open_end) = html[start..].find('>').map(|e| start + e + 1) else {
            break;
        };
        let Some(end) = html[open_end..].find(&close).map(|e| open_end + e) else {
            break;
        };
        out.push_str(&html[done..open_end]);
        mark_text(&html[open_end..end], &mut out);
        out.push_str(&close);
        done = end + close.len();
    }
    out.push_str(&html[done..]);
    out
}

/// Where the element opened by `open` next starts at or after `from`.
fn next_open(html: &str, from: usize, open: &str) -> Option<usize> {
    let mut from = from;
    while let Some(at) = html[from..].find(open).map(|a| from + a) {
        let next = html.as_bytes().get(at + open.len());
        if matches!(next, Some(b' ' | b'>')) || open.ends_with('"') {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// Copies `inner` (a heading's content) to `out`, text between tags cut into phrases.
fn mark_text(inner: &str, out: &mut String) {
    let mut rest = inner;
    while !rest.is_empty() {
        let text_end = rest.find('<').unwrap_or(rest.len());
        phrases(&rest[..text_end], out);
        rest = &rest[text_end..];
        let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
        out.push_str(&rest[..tag_end]);
        rest = &rest[tag_end..];
    }
}

/// Escaped text with `<wbr>` between its phrases; character references stay whole.
fn phrases(text: &str, out: &mut String) {
    let mut phrase = String::new();
    let mut previous: Option<char> = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            let end = rest.find(';').map_or(rest.len(), |e| e + 1);
            phrase.push_str(&rest[..end]);
            rest = &rest[end..];
            previous = None;
            continue;
        }
        if previous.is_some_and(|p| phrase_ends_between(p, c)) {
            push_phrase(&phrase, out);
            out.push_str("<wbr>");
            phrase.clear();
        }
        phrase.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    push_phrase(&phrase, out);
}

/// The longest phrase kept on one line whatever the width (a longer one may wrap).
const UNBROKEN: usize = 16;

/// A phrase, kept whole (`<span class="nobr">`) when a browser could otherwise break
/// inside it even with `keep-all`: after ・ or a closing bracket, before an opening one.
fn push_phrase(phrase: &str, out: &mut String) {
    let chars: Vec<char> = phrase.chars().collect();
    let breakable = chars.len() <= UNBROKEN
        && chars.iter().enumerate().any(|(i, &c)| {
            let kind = kind(c);
            (i + 1 < chars.len() && (c == '・' || matches!(kind, Kind::Close | Kind::Stop)))
                || (i > 0 && kind == Kind::Open)
        });
    if breakable {
        out.push_str("<span class=\"nobr\">");
        out.push_str(phrase);
        out.push_str("</span>");
    } else {
        out.push_str(phrase);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hiragana,
    /// Kanji, katakana, Latin letters and digits: what starts a word.
    Word,
    Open,
    Close,
    /// 、 。 ！ ？ and their kin.
    Stop,
    Other,
}

fn kind(c: char) -> Kind {
    match c {
        '\u{3041}'..='\u{309f}' => Kind::Hiragana,
        '（' | '「' | '『' | '【' | '〔' | '［' | '〈' | '《' => Kind::Open,
        '）' | '」' | '』' | '】' | '〕' | '］' | '〉' | '》' => Kind::Close,
        '、' | '。' | '，' | '．' | '！' | '？' => Kind::Stop,
        '\u{30a0}'..='\u{30ff}'
        | '\u{3400}'..='\u{9fff}'
        | '々'
        | '〆'
        | '\u{ff10}'..='\u{ff5a}' => Kind::Word,
        c if c.is_ascii_alphanumeric() => Kind::Word,
        _ => Kind::Other,
    }
}

/// Whether a phrase ends between `before` and `after`.
fn phrase_ends_between(before: char, after: char) -> bool {
    matches!(
        (kind(before), kind(after)),
        (Kind::Hiragana, Kind::Word | Kind::Open)
            | (Kind::Stop, Kind::Hiragana | Kind::Word | Kind::Open)
            | (Kind::Close, Kind::Word | Kind::Open)
            | (Kind::Word, Kind::Open)
    )
}

#[cfg(test)]
mod tests {
    use super::mark_headings;

    #[test]
    fn headings_break_between_phrases_only() {
        let html = "<p>本文はそのまま</p><h2 id=\"x\">ともにはたらき、ともに成長する<a class=\"anchor\" href=\"#x\">#</a></h2>";
        let marked = mark_headings(html);
        assert!(
            marked.starts_with("<p>本文はそのまま</p><h2 id=\"x\">"),
            "{marked}"
        );
        assert!(marked.contains("<wbr>"), "{marked}");
        assert!(
            marked.contains("<h2 id=\"x\">ともにはたらき、<wbr>ともに<wbr>成長する<a"),
            "{marked}"
        );
        assert!(
            marked.ends_with("<a class=\"anchor\" href=\"#x\">#</a></h2>"),
            "{marked}"
        );
        assert_eq!(marked.replace("<wbr>", ""), html);
    }

    #[test]
    fn words_stay_whole() {
        for (heading, phrases) in [
            (
                "求められる能力の割合（カッツ・モデル）",
                "求められる|能力の|割合|<span class=\"nobr\">（カッツ・モデル）</span>",
            ),
            (
                "職員のウェルビーイングの実現に向けた職場環境整備",
                "職員の|ウェルビーイングの|実現に|向けた|職場環境整備",
            ),
            (
                "主体的な成長への取組・貢献意欲の向上",
                "主体的な|成長への|<span class=\"nobr\">取組・貢献意欲の</span>|向上",
            ),
        ] {
            let marked = mark_headings(&format!("<h2>{heading}</h2>"));
            assert_eq!(
                marked,
                format!("<h2>{}</h2>", phrases.replace('|', "<wbr>"))
            );
        }
    }

    #[test]
    fn english_and_references_are_left_whole() {
        let html = "<h1>Skills &amp; ranks</h1><h3>研修&amp;育成</h3><header>x</header><p class=\"statement\">市民の信頼に応え、ともにはたらき</p>";
        let marked = mark_headings(html);
        assert!(marked.starts_with("<h1>Skills &amp; ranks</h1>"));
        assert!(marked.contains("&amp;"));
        assert!(
            marked.ends_with(">市民の<wbr>信頼に<wbr>応え、<wbr>ともにはたらき</p>"),
            "{marked}"
        );
        assert_eq!(marked.replace("<wbr>", ""), html);
    }
}
