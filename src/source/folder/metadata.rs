//! The book's metadata from book.toml: title, identifier, dates (SOURCE_DATE_EPOCH).

use super::*;

impl Loader<'_> {
    pub(super) fn metadata(
        &mut self,
        config: &BookConfig,
        text: &str,
        lang: Lang,
        entries: &[Entry],
    ) -> Metadata {
        let file = Path::new("book.toml");
        let identifier = match &config.identifier {
            None => Identifier::Uuid(derived_uuid(&config.title)),
            Some(given) => {
                let value = given.get_ref().trim();
                let line = line_of(text, given.span().start);
                let looks_like_isbn = value.starts_with("urn:isbn:")
                    || value
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
                if let Some(uuid) = value.strip_prefix("urn:uuid:") {
                    Identifier::Uuid(uuid.to_ascii_lowercase())
                } else if looks_like_isbn {
                    match config::isbn13(value) {
                        Some(digits) => Identifier::Isbn13(digits),
                        None => {
                            self.diags.push(
                                Diagnostic::error(file, Some(line), format!("identifier `{value}` is not a valid ISBN-13 (wrong length, prefix or check digit)"))
                                    .with_hint("check the ISBN, or remove `identifier` to use a UUID derived from the title"),
                            );
                            Identifier::Uuid(derived_uuid(&config.title))
                        }
                    }
                } else if value.contains(':') {
                    Identifier::Uri(value.to_string())
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            file,
                            Some(line),
                            format!("identifier `{value}` is neither an ISBN-13 nor a URI"),
                        )
                        .with_hint("use an ISBN-13, urn:uuid:…, a DOI or URL, or remove the key"),
                    );
                    Identifier::Uuid(derived_uuid(&config.title))
                }
            }
        };
        let date = config
            .date
            .as_ref()
            .and_then(|d| match frontmatter::timestamp(d.get_ref()) {
                Ok(t) => Some(t.date),
                Err(message) => {
                    let line = line_of(text, d.span().start);
                    self.diags.push(
                        Diagnostic::error(file, Some(line), message)
                            .with_hint("write the date as 2026-11-28"),
                    );
                    None
                }
            });
        let epoch = config::source_date_epoch().unwrap_or_else(|problem| {
            self.diags.push(problem);
            None
        });
        let modified = (epoch.map(epoch_timestamp))
            .or_else(|| date.map(Timestamp::from_date))
            .or_else(|| {
                entries
                    .iter()
                    .filter_map(|e| e.date.clone())
                    .max()
                    .map(|t| Timestamp::from_date(t.date))
            })
            .unwrap_or_else(|| {
                self.diags.push(
                    Diagnostic::warning(
                        file,
                        None,
                        "the book has no date, nor has any entry: its files are stamped 1980-01-01",
                    )
                    .with_hint(
                        "add `date = 2026-01-01` (the publication date) to book.toml, or a `date` to the entries' front matter",
                    ),
                );
                Timestamp::from_date(Date {
                    year: 1980,
                    month: 1,
                    day: 1,
                })
            });
        let modified = Timestamp {
            time: Some(modified.time.unwrap_or((0, 0, 0))),
            offset: Some("Z".into()),
            ..modified
        };
        Metadata {
            title: super::super::titles::typographic(&config.title, &lang),
            subtitle: (config.subtitle.as_deref())
                .map(|s| super::super::titles::typographic(s, &lang)),
            lang,
            creators: config.authors.clone(),
            editors: config.editors.clone(),
            publisher: config.publisher.clone(),
            url: self.book_url.clone(),
            rights: config.rights.clone(),
            licence: config.licence.clone(),
            identifier,
            date,
            modified,
            description: config.description.clone(),
            subjects: config.subjects.clone(),
        }
    }
}

/// A UUID (version 5) derived from the title, so a book keeps its identifier between builds.
fn derived_uuid(title: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("chapbook:{title}").as_bytes(),
    )
    .to_string()
}

/// `SOURCE_DATE_EPOCH`'s seconds as a UTC timestamp.
fn epoch_timestamp(secs: i64) -> Timestamp {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    let time = (
        (rem / 3600) as u8,
        ((rem % 3600) / 60) as u8,
        (rem % 60) as u8,
    );
    Timestamp {
        date: Date { year, month, day },
        time: Some(time),
        offset: Some("Z".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_is_stable() {
        assert_eq!(derived_uuid("A"), derived_uuid("A"));
        assert_ne!(derived_uuid("A"), derived_uuid("B"));
    }
}
