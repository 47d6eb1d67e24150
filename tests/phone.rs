//! Reading on a phone (390 px wide, headless Chromium): Japanese headings and
//! statements break between phrases, chart labels stay at least 12 px, and the
//! English search box's placeholder fits.

mod common;

use common::browser::{number, open_file, phone_width};
use std::path::Path;

fn open_at_phone_width(tab: &headless_chrome::Tab, page: &Path) {
    phone_width(tab);
    open_file(tab, page);
}

/// How many lines the first occurrence of `word` in an element matching `selector` spans.
fn lines_of(tab: &headless_chrome::Tab, selector: &str, word: &str) -> f64 {
    let script = format!(
        r#"(() => {{
  const word = {word:?};
  for (const element of document.querySelectorAll({selector:?})) {{
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    }}
  }}
  return -1;
}})()"#
    );
    number(tab, &script)
}

#[test]
fn japanese_headings_break_between_phrases_on_a_phone() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for (page, selector, word) in [
        ("ja/index.html", ".statement", "ともにはたらき"),
        ("ja/ideal.html", ".statement", "ともにはたらき"),
        ("ja/ranks/kakaricho.html", "h2", "カッツ・モデル"),
        ("ja/ranks/kakaricho.html", ".toc a", "標準職務遂行能力"),
        ("ja/ranks/kakaricho.html", "h2", "標準職務遂行能力"),
        ("ja/roles.html", "h1", "推進体制と"),
    ] {
        open_at_phone_width(&tab, &out.path().join(page));
        let lines = lines_of(&tab, selector, word);
        assert_eq!(
            lines, 1.0,
            "{page}: `{word}` in {selector} is broken over {lines} lines (-1: not found)"
        );
    }
}

#[test]
fn chart_labels_are_at_least_12_px_on_a_phone() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    let smallest = r#"Math.min(...[...document.querySelectorAll('svg.chart text')].map(t => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(t).fontSize) * scale;
}))"#;
    for page in [
        "ja/skills.html",
        "en/skills.html",
        "ja/ranks/kakaricho.html",
        "en/ranks/bucho.html",
        "ja/survey.html",
        "en/survey.html",
    ] {
        open_at_phone_width(&tab, &out.path().join(page));
        let px = number(&tab, smallest);
        assert!(
            px >= 12.0 && px.is_finite(),
            "{page}: a chart label is {px:.1} px on a phone"
        );
    }
}

#[test]
fn the_english_search_placeholder_fits_on_a_phone() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    let room = r#"(() => {
  const input = document.querySelector('#site-search');
  const style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.fontSize + ' ' + style.fontFamily;
  const text = context.measureText(input.placeholder).width;
  return input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - text;
})()"#;
    for page in ["en/index.html", "en/search.html", "ja/index.html"] {
        open_at_phone_width(&tab, &out.path().join(page));
        let left = number(&tab, room);
        assert!(
            left >= 0.0,
            "{page}: the search placeholder is cut off by {:.0} px",
            -left
        );
    }
}
