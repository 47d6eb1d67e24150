//! Fingerprints of inputs: a 64-bit hash of the text and values something is made
//! from, so serve can tell which pages an edit changed without rendering them again.
//! Fingerprints are only compared within one run of the program.

use std::fmt::{self, Debug, Write as _};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Collects values into one fingerprint.
#[derive(Debug, Clone, Default)]
pub struct Digest(DefaultHasher);

impl Digest {
    pub fn new() -> Self {
        Digest::default()
    }

    pub fn add<T: Hash + ?Sized>(&mut self, value: &T) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    /// Adds a value by its `Debug` form, which names every field: for model types
    /// that cannot derive `Hash` (they hold fractional numbers).
    pub fn add_debug<T: Debug + ?Sized>(&mut self, value: &T) -> &mut Self {
        // Writing into a hasher cannot fail.
        let _ = write!(Feed(&mut self.0), "{value:?}");
        self.add(&0xffu8)
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// The fingerprint of one text.
pub fn of_str(text: &str) -> u64 {
    Digest::new().add(text).finish()
}

/// Formatted text straight into the hasher, without building the string.
struct Feed<'a>(&'a mut DefaultHasher);

impl fmt::Write for Feed<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.write(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_equal_fingerprints_and_a_change_shows() {
        assert_eq!(of_str("人材育成"), of_str("人材育成"));
        assert_ne!(of_str("人材育成"), of_str("人材育成。"));
        let mut a = Digest::new();
        a.add("ab").add("c");
        let mut b = Digest::new();
        b.add("a").add("bc");
        assert_ne!(a.finish(), b.finish(), "boundaries between values count");
        let mut x = Digest::new();
        x.add_debug(&(1.5f64, "x"));
        let mut y = Digest::new();
        y.add_debug(&(1.25f64, "x"));
        assert_ne!(x.finish(), y.finish());
    }
}
