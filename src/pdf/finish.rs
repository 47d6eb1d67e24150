//! Making a browser's PDF the same bytes for the same site, and giving it its title,
//! author and subject.
//!
//! Chromium writes the time of printing as the PDF's creation and modification dates
//! (the only part that changes from one print to the next; it writes no document id).
//! Each date is overwritten in place with the date of the policy's current revision,
//! in the same shape and length, so no byte offset in the file moves. The title,
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

/// The browser's PDF with fixed dates and this metadata; an error names what in the
/// browser's file could not be read.
pub fn finish(mut pdf: Vec<u8>, meta: &Metadata) -> Result<Vec<u8>, String> {
    let date = pdf_date(meta.date);
    fix_dates(&mut pdf, &date);
    let trailer_at = rfind(&pdf, b"trailer").ok_or("it has no trailer")?;
    let startxref_at = rfind(&pdf, b"startxref").ok_or("it has no startxref")?;
    let trailer = String::from_utf8_lossy(&pdf[trailer_at..startxref_at]).to_string();
    let size: u64 = value_after(&trailer, "/Size")
        .and_then(|s| s.parse().ok())
        .ok_or("its trailer has no /Size")?;
    let root = value_after(&trailer, "/Root").ok_or("its trailer has no /Root")?;
    let previous: u64 = String::from_utf8_lossy(&pdf[startxref_at + 9..])
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or("its startxref has no offset")?;
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

    const PRINTED: &str = "%PDF-1.4\n1 0 obj\n<</Title (x)\n/CreationDate (D:20261202011018+00'00')\n/ModDate (D:20261202011018+00'00')>>\nendobj\n2 0 obj\n<</Type /Catalog>>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000100 00000 n \ntrailer\n<</Size 3\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n130\n%%EOF";

    fn meta() -> Metadata<'static> {
        Metadata {
            title: "小山市人材育成基本方針",
            author: "小山市",
            subject: None,
            date: Some("2026-11-23"),
        }
    }

    #[test]
    fn dates_become_the_revision_date_in_place() {
        let out = finish(PRINTED.as_bytes().to_vec(), &meta()).expect("finish");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with(&PRINTED[..20]));
        assert_eq!(
            text.matches("(D:20261123000000+00'00')").count(),
            4,
            "{text}"
        );
        assert!(!text.contains("20261202"));
    }

    #[test]
    fn metadata_is_added_as_an_incremental_update() {
        let out = finish(PRINTED.as_bytes().to_vec(), &meta()).expect("finish");
        let text = String::from_utf8(out.clone()).expect("utf-8");
        let update = &text[PRINTED.len()..];
        assert!(
            update.contains("3 0 obj\n<</Title <FEFF5C0F5C715E02"),
            "{update}"
        );
        assert!(update.contains("/Author <FEFF5C0F5C715E02>"));
        assert!(update.contains("<</Size 4\n/Root 2 0 R\n/Info 3 0 R\n/Prev 130>>"));
        let info_at = PRINTED.len() + 1;
        assert!(update.contains(&format!("3 1\n{info_at:010} 00000 n \n")));
        let xref_at = text.rfind("xref\n3 1").expect("xref");
        assert!(text.ends_with(&format!("startxref\n{xref_at}\n%%EOF\n")));
        assert_eq!(
            out,
            finish(PRINTED.as_bytes().to_vec(), &meta()).expect("again")
        );
    }

    #[test]
    fn a_file_without_a_trailer_is_refused() {
        assert!(finish(b"%PDF-1.4\n".to_vec(), &meta()).is_err());
    }
}
