//! The one rule for ids: entry, comment and author ids in file names, XML ids and anchors.

/// A name safe in file names and XML ids: ASCII letters, digits and hyphens, starting with a
/// letter. Other characters become hyphens; an empty result becomes `entry`.
pub fn safe_id(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    match out.chars().next() {
        None => "entry".into(),
        Some(c) if c.is_ascii_digit() => format!("e-{out}"),
        Some(_) => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ascii_and_start_with_a_letter() {
        assert_eq!(safe_id("Hello, World!"), "hello-world");
        assert_eq!(safe_id("2026 review"), "e-2026-review");
        assert_eq!(safe_id("Қазақ тілі"), "entry");
    }
}
