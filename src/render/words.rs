//! The interface words (`strings.yaml`) as the template context entry `words`, made
//! once per language and template with only the words that template reads: a page's
//! context then copies the handful its templates use, not all hundred-odd. Copying
//! every word into every page's context was a fifth of a 10,000-page build's time,
//! most of it in the allocator, and grew faster than the site.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use tera::Context;

/// One language's words, ready for each template.
pub struct TemplateWords {
    /// Template name -> a context holding `words` with the words it reads.
    by_template: HashMap<String, Context>,
    /// Every word, for a template not in `by_template`.
    all: Context,
}

impl TemplateWords {
    /// The words of one language (`strings`) for each of the theme's `templates`
    /// (name -> source).
    pub fn new(
        strings: &BTreeMap<String, String>,
        templates: &BTreeMap<String, String>,
    ) -> TemplateWords {
        let context = |words: &BTreeMap<&String, &String>| {
            let mut context = Context::new();
            context.insert("words", words);
            context
        };
        let by_template = templates
            .iter()
            .filter_map(|(name, source)| {
                let read = words_read(source)?;
                let words = strings
                    .iter()
                    .filter(|(key, _)| read.contains(key.as_str()))
                    .collect();
                Some((name.clone(), context(&words)))
            })
            .collect();
        TemplateWords {
            by_template,
            all: context(&strings.iter().collect()),
        }
    }

    /// The words of each language (`strings`, one map per language) for `templates`.
    pub fn per_language(
        strings: &[BTreeMap<String, String>],
        templates: &BTreeMap<String, String>,
    ) -> Vec<TemplateWords> {
        strings
            .iter()
            .map(|strings| TemplateWords::new(strings, templates))
            .collect()
    }

    /// A context with the words the template `name` reads (all of them when that
    /// cannot be told from its source).
    pub fn for_template(&self, name: &str) -> &Context {
        self.by_template.get(name).unwrap_or(&self.all)
    }
}

/// The keys of the words `source` reads as `words.KEY`, or `None` when it uses
/// `words` in any other way (`words[key]`, `{% set w = words %}`, a filter) or can
/// reach another template (`include`, `extends`, `import`), which may read any.
fn words_read(source: &str) -> Option<BTreeSet<&str>> {
    if ["include", "extends", "import"]
        .iter()
        .any(|tag| source.contains(tag))
    {
        return None;
    }
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut read = BTreeSet::new();
    for (at, _) in source.match_indices("words") {
        let before = source[..at].chars().next_back();
        if before.is_some_and(ident) || before == Some('.') {
            continue; // part of another name (`keywords`, `x.words`)
        }
        let after = &source[at + "words".len()..];
        if after.starts_with(ident) {
            continue; // `words_count`
        }
        let key = after.strip_prefix('.')?;
        let end = key.find(|c: char| !ident(c)).unwrap_or(key.len());
        if end == 0 {
            return None;
        }
        read.insert(&key[..end]);
    }
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_gets_the_words_it_reads() {
        let read = words_read("<p>{{ words.home }} {{ words.print_link | upper }}</p>");
        assert_eq!(read, Some(BTreeSet::from(["home", "print_link"])));
        assert_eq!(
            words_read("<p>{{ keywords }} {{ page.words }}</p>"),
            Some(BTreeSet::new())
        );
    }

    #[test]
    fn a_template_that_uses_words_otherwise_gets_them_all() {
        for source in [
            "{{ words[key] }}",
            "{% set w = words %}{{ w.home }}",
            "{{ words | length }}",
            "{% include \"x.html\" %}",
            "{{ words. }}",
        ] {
            assert_eq!(words_read(source), None, "{source}");
        }
    }

    #[test]
    fn each_template_renders_with_its_words_and_an_unknown_one_with_all() {
        let strings = BTreeMap::from([
            ("home".to_string(), "ホーム".to_string()),
            ("search".to_string(), "検索".to_string()),
        ]);
        let templates = BTreeMap::from([
            ("a.html".to_string(), "{{ words.home }}".to_string()),
            ("b.html".to_string(), "{{ words[k] }}".to_string()),
        ]);
        let words = TemplateWords::new(&strings, &templates);
        let json = |name: &str| words.for_template(name).clone().into_json().to_string();
        assert_eq!(json("a.html"), r#"{"words":{"home":"ホーム"}}"#);
        assert_eq!(
            json("b.html"),
            r#"{"words":{"home":"ホーム","search":"検索"}}"#
        );
        assert_eq!(json("c.html"), json("b.html"));
    }
}
