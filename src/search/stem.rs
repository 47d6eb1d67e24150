//! The Porter stemmer (M. F. Porter, 1980, as in his reference C version), so that
//! `evaluations`, `evaluation` and `evaluated` index and search as one term (`evalu`).
//! `themes/default/static/search.js` runs the same algorithm on queries; the browser
//! test compares the two on every word of the bundled site.
//!
//! Written here rather than taken from a crate because the very same steps must run in
//! the browser: the two copies are short and checked against each other.

/// The stem of `word` (lower-case ASCII letters; anything else, and words of two
/// letters or fewer, are returned as they are).
pub fn stem(word: &str) -> String {
    let mut buffer = Vec::new();
    stem_into(word, &mut buffer).to_string()
}

/// The stem of `word`, made in `buffer` (reused from word to word, so indexing a
/// site allocates nothing per word).
pub(super) fn stem_into<'b>(word: &'b str, buffer: &'b mut Vec<u8>) -> &'b str {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word;
    }
    buffer.clear();
    buffer.extend_from_slice(word.as_bytes());
    let mut w = Word(buffer);
    w.step1ab();
    if w.0.len() > 1 {
        w.step1c();
        w.replace_first(STEP2, 0);
        w.replace_first(STEP3, 0);
        w.step4();
        w.step5();
    }
    // Only ASCII letters were written, so this never falls back.
    std::str::from_utf8(w.0).unwrap_or(word)
}

pub(super) const STEP2: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
];

pub(super) const STEP3: &[(&str, &str)] = &[
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

pub(super) const STEP4: &[&str] = &[
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
    "ism", "ate", "iti", "ous", "ive", "ize",
];

struct Word<'b>(&'b mut Vec<u8>);

impl Word<'_> {
    /// Is the letter at `i` a consonant (`y` is one at the start or after a vowel)?
    fn consonant(&self, i: usize) -> bool {
        match self.0[i] {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !self.consonant(i - 1),
            _ => true,
        }
    }

    /// The number of vowel-consonant sequences in the first `len` letters.
    fn measure(&self, len: usize) -> usize {
        let mut count = 0;
        let mut i = 0;
        while i < len && self.consonant(i) {
            i += 1;
        }
        loop {
            while i < len && !self.consonant(i) {
                i += 1;
            }
            if i >= len {
                return count;
            }
            while i < len && self.consonant(i) {
                i += 1;
            }
            count += 1;
        }
    }

    fn vowel_in(&self, len: usize) -> bool {
        (0..len).any(|i| !self.consonant(i))
    }

    /// Do the first `len` letters end in a double consonant?
    fn double_consonant(&self, len: usize) -> bool {
        len >= 2 && self.0[len - 1] == self.0[len - 2] && self.consonant(len - 1)
    }

    /// Do the first `len` letters end consonant-vowel-consonant, the last not w, x or y?
    fn cvc(&self, len: usize) -> bool {
        len >= 3
            && self.consonant(len - 1)
            && !self.consonant(len - 2)
            && self.consonant(len - 3)
            && !matches!(self.0[len - 1], b'w' | b'x' | b'y')
    }

    fn ends(&self, suffix: &str) -> bool {
        self.0.ends_with(suffix.as_bytes())
    }

    /// The length of the word without `suffix` (which it ends with).
    fn stem_len(&self, suffix: &str) -> usize {
        self.0.len() - suffix.len()
    }

    fn set_end(&mut self, suffix: &str, with: &str) {
        let len = self.stem_len(suffix);
        self.0.truncate(len);
        self.0.extend_from_slice(with.as_bytes());
    }

    fn step1ab(&mut self) {
        if self.ends("sses") {
            self.set_end("sses", "ss");
        } else if self.ends("ies") {
            self.set_end("ies", "i");
        } else if self.ends("s") && !self.ends("ss") {
            self.0.pop();
        }
        if self.ends("eed") {
            if self.measure(self.stem_len("eed")) > 0 {
                self.0.pop();
            }
            return;
        }
        let Some(suffix) = ["ed", "ing"].into_iter().find(|s| self.ends(s)) else {
            return;
        };
        if !self.vowel_in(self.stem_len(suffix)) {
            return;
        }
        self.set_end(suffix, "");
        if self.ends("at") || self.ends("bl") || self.ends("iz") {
            self.0.push(b'e');
        } else if self.double_consonant(self.0.len()) {
            if !matches!(self.0.last(), Some(b'l' | b's' | b'z')) {
                self.0.pop();
            }
        } else if self.measure(self.0.len()) == 1 && self.cvc(self.0.len()) {
            self.0.push(b'e');
        }
    }

    fn step1c(&mut self) {
        if self.ends("y") && self.vowel_in(self.0.len() - 1) {
            let last = self.0.len() - 1;
            self.0[last] = b'i';
        }
    }

    /// Replaces the first of `rules` the word ends with, if what comes before it
    /// measures more than `min`.
    fn replace_first(&mut self, rules: &[(&str, &str)], min: usize) {
        if let Some((suffix, with)) = rules.iter().find(|(s, _)| self.ends(s)) {
            if self.measure(self.stem_len(suffix)) > min {
                self.set_end(suffix, with);
            }
        }
    }

    fn step4(&mut self) {
        let Some(suffix) = STEP4.iter().find(|s| self.ends(s)) else {
            return;
        };
        let len = self.stem_len(suffix);
        if *suffix == "ion" && !(len > 0 && matches!(self.0[len - 1], b's' | b't')) {
            return;
        }
        if self.measure(len) > 1 {
            self.0.truncate(len);
        }
    }

    fn step5(&mut self) {
        let len = self.0.len();
        if self.ends("e") {
            let m = self.measure(len - 1);
            if m > 1 || (m == 1 && !self.cvc(len - 1)) {
                self.0.pop();
            }
        }
        if self.ends("ll") && self.measure(len) > 1 {
            self.0.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn plurals_and_endings_share_a_stem() {
        for group in [
            &["evaluation", "evaluations", "evaluated", "evaluating"][..],
            &["training", "trainings", "trained", "train"],
            &["harassment", "harass", "harassed"],
            &["skill", "skills"],
            &["policy", "policies"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(stems.iter().all(|s| s == &stems[0]), "{group:?}: {stems:?}");
        }
    }

    #[test]
    fn the_published_examples_give_the_published_stems() {
        for (word, expected) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("generalization", "gener"),
            ("electrical", "electr"),
            ("adjustable", "adjust"),
            ("controlling", "control"),
            ("rate", "rate"),
            ("is", "is"),
            ("kacho2", "kacho2"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }
}
