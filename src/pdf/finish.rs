//! Making a browser's PDF the same bytes for the same site, and giving it its title,
//! author and subject.
//!
//! Chromium writes the time of printing as the PDF's creation and modification dates,
//! and, on a busy computer, may write the same objects in another order (it writes
//! them as its threads finish them; it writes no document id). So the objects are first
//! put in the order of their numbers, with a cross-reference table to match, and each
//! date is overwritten in place with the date of the policy's current revision, in the
//! same shape and length, so no byte offset in the file moves. The title,
//! author and subject are then added as a PDF incremental update: a new information
//! dictionary, a cross-reference section for it and a trailer pointing back to the
//! browser's, appended after the browser's last byte (ISO 32000-1, 7.5.6).

/// What the PDF says about itself.
pub struct Metadata<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: Option<&'a str>,
    /// `YYYY-MM-DD`: the date of the current revision; `None` gives 2000-01-01.
    pub date: Option<&'a str>,
}

/// The PDF date for `YYYY-MM-DD` at midnight UTC: `D:20261123000000+00'00'`.
fn pdf_date(date: Option<&str>) -> String {
    let digits: String = date
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let day = if digits.len() == 8 {
        digits.as_str()
    } else {
        "20000101"
    };
    format!("D:{day}000000+00'00'")
}

/// Overwrites every `/CreationDate (…)` and `/ModDate (…)` with `date`, keeping each
/// one's length: each digit becomes the digit at the same place in `date` (or 0).
fn fix_dates(pdf: &mut [u8], date: &str) {
    for key in [&b"/CreationDate ("[..], &b"/ModDate ("[..]] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key) {
            let start = from + at + key.len();
            let end = pdf[start..]
                .iter()
                .position(|&b| b == b')')
                .map_or(pdf.len(), |p| start + p);
            for (i, byte) in pdf[start..end].iter_mut().enumerate() {
                if byte.is_ascii_digit() {
                    *byte = date
                        .as_bytes()
                        .get(i)
                        .copied()
                        .filter(u8::is_ascii_digit)
                        .unwrap_or(b'0');
                }
            }
            from = end;
        }
    }
}

/// The tagged-PDF structure ids Chromium takes from its DOM node numbers
/// (`/ID (node00000366)`): a busy machine can number the nodes one apart between two
/// prints of the same page. Each id becomes its rank among the ids (same width, same
/// order, so the sorted ID tree and every byte offset stay valid).
fn renumber_node_ids(pdf: &mut [u8]) {
    const KEY: &[u8] = b"(node";
    const DIGITS: usize = 8;
    let places: Vec<usize> = (0..pdf.len().saturating_sub(KEY.len() + DIGITS))
        .filter(|&at| {
            pdf[at..].starts_with(KEY)
                && pdf[at + KEY.len()..at + KEY.len() + DIGITS]
                    .iter()
                    .all(u8::is_ascii_digit)
                && pdf.get(at + KEY.len() + DIGITS) == Some(&b')')
        })
        .map(|at| at + KEY.len())
        .collect();
    let mut ids: Vec<&[u8]> = places.iter().map(|&at| &pdf[at..at + DIGITS]).collect();
    ids.sort_unstable();
    ids.dedup();
    let rank: std::collections::HashMap<Vec<u8>, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.to_vec(), i + 1))
        .collect();
    for at in places {
        let new = format!("{:0width$}", rank[&pdf[at..at + DIGITS]], width = DIGITS);
        pdf[at..at + DIGITS].copy_from_slice(new.as_bytes());
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A PDF text string in UTF-16BE with its byte-order mark, as hex: `<FEFF…>`.
fn text_string(text: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in text.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

/// The number after `key` in `dictionary` (`/Size 3872`), and for `/Root 2441 0 R`
/// the whole reference.
fn value_after<'a>(dictionary: &'a str, key: &str) -> Option<&'a str> {
    let rest = dictionary.split_once(key)?.1.trim_start();
    let end = rest.find(['/', '>']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// The offset `startxref` gives, and where the word `startxref` is.
fn start_of_xref(pdf: &[u8]) -> Result<(usize, usize), String> {
    let at = rfind(pdf, b"startxref").ok_or("it has no startxref")?;
    let offset = String::from_utf8_lossy(&pdf[at + 9..])
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or("its startxref has no offset")?;
    Ok((offset, at))
}

/// `(object number, offset)` of every object in use, from a classic cross-reference
/// table (`xref`, subsections of `first count`, 20-byte entries, then `trailer`).
fn objects(pdf: &[u8], xref: usize) -> Result<Vec<(u64, usize)>, String> {
    let table = pdf.get(xref..).ok_or("its startxref points past its end")?;
    let text =
        String::from_utf8_lossy(&table[..find(table, b"trailer").ok_or("it has no trailer")?])
            .to_string();
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some("xref") {
        return Err("its cross-references are not a table".into());
    }
    let mut found = Vec::new();
    while let Some(header) = lines.next() {
        let numbers: Vec<u64> = header
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [first, count] = numbers[..] else {
            return Err(format!("its cross-reference table has `{header}`"));
        };
        for number in first..first + count {
            let entry = lines
                .next()
                .ok_or("its cross-reference table is cut short")?;
            let fields: Vec<&str> = entry.split_whitespace().collect();
            if let [offset, _, "n"] = fields[..] {
                let offset = offset
                    .parse()
                    .map_err(|_| format!("a bad offset `{offset}`"))?;
                found.push((number, offset));
            }
        }
    }
    Ok(found)
}

/// The same PDF with its objects in the order of their numbers and a table to match.
fn in_number_order(pdf: &[u8]) -> Result<Vec<u8>, String> {
    let (xref, startxref_at) = start_of_xref(pdf)?;
    let mut objects = objects(pdf, xref)?;
    let mut by_offset: Vec<usize> = objects.iter().map(|&(_, at)| at).collect();
    by_offset.push(xref);
    by_offset.sort_unstable();
    if by_offset.windows(2).any(|w| w[0] == w[1]) || by_offset.last() != Some(&xref) {
        return Err("its cross-reference table does not match its objects".into());
    }
    let span = |at: usize| {
        let end = by_offset[by_offset.partition_point(|&o| o <= at)];
        &pdf[at..end]
    };
    objects.sort_unstable();
    let mut out = pdf[..by_offset[0]].to_vec();
    let mut entries = Vec::with_capacity(objects.len());
    for &(number, at) in &objects {
        entries.push((number, out.len()));
        out.extend_from_slice(span(at));
    }
    let size = objects.last().map_or(1, |&(n, _)| n + 1);
    if entries.len() as u64 + 1 != size {
        return Err("its objects are not numbered 1 to N".into());
    }
    let table_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for (_, at) in &entries {
        out.extend_from_slice(format!("{at:010} 00000 n \n").as_bytes());
    }
    let trailer_at = xref + find(&pdf[xref..], b"trailer").ok_or("it has no trailer")?;
    out.extend_from_slice(&pdf[trailer_at..startxref_at]);
    out.extend_from_slice(format!("startxref\n{table_at}\n%%EOF").as_bytes());
    Ok(out)
}

/// The browser's PDF in a fixed order, with fixed dates and this metadata; an error
/// names what in the browser's file could not be read.
pub fn finish(pdf: Vec<u8>, meta: &Metadata) -> Result<Vec<u8>, String> {
    let mut pdf = in_number_order(&pdf)?;
    let date = pdf_date(meta.date);
    fix_dates(&mut pdf, &date);
    renumber_node_ids(&mut pdf);
    let (previous, startxref_at) = start_of_xref(&pdf)?;
    let trailer_at = rfind(&pdf, b"trailer").ok_or("it has no trailer")?;
    let trailer = String::from_utf8_lossy(&pdf[trailer_at..startxref_at]).to_string();
    let size: u64 = value_after(&trailer, "/Size")
        .and_then(|s| s.parse().ok())
        .ok_or("its trailer has no /Size")?;
    let root = value_after(&trailer, "/Root").ok_or("its trailer has no /Root")?;
    if !pdf.ends_with(b"\n") {
        pdf.push(b'\n');
    }
    let info_at = pdf.len();
    let mut info = format!(
        "{size} 0 obj\n<</Title {}\n/Author {}\n",
        text_string(meta.title),
        text_string(meta.author)
    );
    if let Some(subject) = meta.subject {
        info.push_str(&format!("/Subject {}\n", text_string(subject)));
    }
    info.push_str(&format!(
        "/Creator (policy-site)\n/Producer (Chromium via policy-site)\n/CreationDate ({date})\n/ModDate ({date})>>\nendobj\n"
    ));
    pdf.extend_from_slice(info.as_bytes());
    let xref_at = pdf.len();
    let update = format!(
        "xref\n{size} 1\n{info_at:010} 00000 n \ntrailer\n<</Size {}\n/Root {root}\n/Info {size} 0 R\n/Prev {previous}>>\nstartxref\n{xref_at}\n%%EOF\n",
        size + 1
    );
    pdf.extend_from_slice(update.as_bytes());
    Ok(pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_ids_are_renumbered_by_rank() {
        let mut one =
            b"/ID (node00000366)>> /Names [(node00000366) 1 0 R (node00000370) 2 0 R]".to_vec();
        let mut two =
            b"/ID (node00000367)>> /Names [(node00000367) 1 0 R (node00000371) 2 0 R]".to_vec();
        renumber_node_ids(&mut one);
        renumber_node_ids(&mut two);
        assert_eq!(one, two);
        assert!(String::from_utf8_lossy(&one).contains("(node00000001) 1 0 R (node00000002)"));
    }

    /// A PDF as Chromium writes it: object 2 before object 1, the time as its dates.
    fn printed() -> Vec<u8> {
        let header = "%PDF-1.4\n";
        let two = "2 0 obj\n<</Type /Catalog>>\nendobj\n";
        let one = "1 0 obj\n<</Title (x)\n/CreationDate (D:20261202011018+00'00')\n/ModDate (D:20261202011018+00'00')>>\nendobj\n";
        let (two_at, one_at) = (header.len(), header.len() + two.len());
        let xref_at = one_at + one.len();
        format!("{header}{two}{one}xref\n0 3\n0000000000 65535 f \n{one_at:010} 00000 n \n{two_at:010} 00000 n \ntrailer\n<</Size 3\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n{xref_at}\n%%EOF").into_bytes()
    }

    fn meta() -> Metadata<'static> {
        Metadata {
            title: "小山市人材育成基本方針",
            author: "小山市",
            subject: None,
            date: Some("2026-11-23"),
        }
    }

    #[test]
    fn objects_are_put_in_number_order() {
        let out = finish(printed(), &meta()).expect("finish");
        let text = String::from_utf8(out).expect("utf-8");
        let (one, two) = (
            text.find("1 0 obj").expect("1"),
            text.find("2 0 obj").expect("2"),
        );
        assert!(one < two, "{text}");
        assert!(
            text.contains(&format!(
                "xref\n0 3\n0000000000 65535 f \n{one:010} 00000 n \n{two:010} 00000 n \ntrailer"
            )),
            "{text}"
        );
        let table = text.find("xref\n0 3").expect("table");
        assert!(text.contains(&format!("startxref\n{table}\n%%EOF")));
    }

    #[test]
    fn dates_become_the_revision_date_in_place() {
        let out = finish(printed(), &meta()).expect("finish");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("%PDF-1.4\n1 0 obj"));
        assert_eq!(
            text.matches("(D:20261123000000+00'00')").count(),
            4,
            "{text}"
        );
        assert!(!text.contains("20261202"));
    }

    #[test]
    fn metadata_is_added_as_an_incremental_update() {
        let out = finish(printed(), &meta()).expect("finish");
        let text = String::from_utf8(out.clone()).expect("utf-8");
        let original = printed().len();
        let update = &text[original..];
        assert!(
            update.contains("3 0 obj\n<</Title <FEFF5C0F5C715E02"),
            "{update}"
        );
        assert!(update.contains("/Author <FEFF5C0F5C715E02>"));
        let table = text.find("xref\n0 3").expect("the browser's table");
        let trailer = format!("<</Size 4\n/Root 2 0 R\n/Info 3 0 R\n/Prev {table}>>");
        assert!(update.contains(&trailer), "{update}");
        let info_at = original + 1;
        assert!(update.contains(&format!("3 1\n{info_at:010} 00000 n \n")));
        let xref_at = text.rfind("xref\n3 1").expect("xref");
        assert!(text.ends_with(&format!("startxref\n{xref_at}\n%%EOF\n")));
        assert_eq!(out, finish(printed(), &meta()).expect("again"));
    }

    #[test]
    fn a_file_without_a_trailer_is_refused() {
        assert!(finish(b"%PDF-1.4\n".to_vec(), &meta()).is_err());
    }
}
