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

/// `html` with `<wbr>` between the phrases of the text in its headings, statements
/// and contents.
pub fn mark_headings(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut rest = html;
    while let Some((start, name)) = next_marked(rest) {
        let close = format!("</{name}>");
        let Some(open_end) = rest[start..].find('>').map(|e| start + e + 1) else {
            break;
        };
        let Some(end) = rest[open_end..].find(&close).map(|e| open_end + e) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        mark_text(&rest[open_end..end], &mut out);
        out.push_str(&close);
        rest = &rest[end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// Where the next marked element starts, and its name: the first `<` that opens one
/// (one pass over the text, so a whole-site print view costs its length, not its
/// length times its headings).
fn next_marked(html: &str) -> Option<(usize, &'static str)> {
    html.match_indices('<').find_map(|(at, _)| {
        let here = &html[at..];
        MARKED.iter().find_map(|&(open, name)| {
            let ends =
                open.ends_with('"') || matches!(here.as_bytes().get(open.len()), Some(b' ' | b'>'));
            (here.starts_with(open) && ends).then_some((at, name))
        })
    })
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
