//! Differences between two sequences (characters, words, paragraphs), with the
//! `similar` crate's Myers algorithm, bounded: Myers costs about (N + M) × D, so a
//! changed stretch of more than [`LIMIT`] elements on both sides together is shown as
//! replaced whole instead of compared element by element. The result depends only on
//! the input (no deadline), so the same texts always give the same comparison.

use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::hash::Hash;

/// The longest changed stretch (old and new together) compared element by element.
pub const LIMIT: usize = 20_000;

/// The operations that turn `old` into `new`.
pub fn ops<T: Hash + Eq + Ord>(old: &[T], new: &[T]) -> Vec<DiffOp> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let rest = (old.len() - prefix).min(new.len() - prefix);
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take(rest)
        .take_while(|(a, b)| a == b)
        .count();
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    if (old_end - prefix) + (new_end - prefix) <= LIMIT {
        return capture_diff_slices(Algorithm::Myers, old, new);
    }
    let mut ops = Vec::with_capacity(3);
    if prefix > 0 {
        ops.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: prefix,
        });
    }
    ops.push(DiffOp::Replace {
        old_index: prefix,
        old_len: old_end - prefix,
        new_index: prefix,
        new_len: new_end - prefix,
    });
    if suffix > 0 {
        ops.push(DiffOp::Equal {
            old_index: old_end,
            new_index: new_end,
            len: suffix,
        });
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_changes_are_found_element_by_element() {
        let ops = ops(&['a', 'b', 'c'], &['a', 'X', 'c']);
        let changed: Vec<_> = ops
            .iter()
            .filter(|op| !matches!(op, DiffOp::Equal { .. }))
            .collect();
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].old_range(), 1..2);
    }

    #[test]
    fn a_huge_change_is_one_replacement_keeping_the_common_ends() {
        let old: Vec<char> = "前前"
            .chars()
            .chain(std::iter::repeat_n('x', 3_000_000))
            .collect();
        let new: Vec<char> = "前前y".chars().collect();
        let ops = ops(&old, &new);
        assert_eq!(ops.len(), 2, "{ops:?}");
        assert_eq!(ops[1].old_range(), 2..old.len());
        assert_eq!(ops[1].new_range(), 2..3);
    }
}
