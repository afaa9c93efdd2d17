//! The one date reader of the importers: RFC 3339 (Atom, `dc:date`), RFC 822 (RSS `pubDate`)
//! and WordPress's site-local and GMT `YYYY-MM-DD HH:MM:SS`, each into the RFC 3339 text an
//! entry's front matter holds.
//!
//! The calendar and the offsets are jiff's: a day the month does not have (`2024-02-31`) is an
//! error, never moved to another day. The forms are read as leniently as exports write them
//! (a missing day of the week, two-digit years, no seconds). A time zone RFC 822 does not
//! name (`ALMT`) is not guessed: the date and the time are kept as the source wrote them,
//! without an offset, and the caller warns.

use super::xml::Pos;
use crate::diag::Diagnostic;
use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::Pieces;
use std::fmt;
use std::path::Path;

/// Why a date was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not written in the form expected (`yesterday`).
    Form {
        /// The form, for the message (`RFC 822, as Tue, 10 Jun 2003 04:00:00 GMT`).
        expected: &'static str,
    },
    /// A day the month does not have (31 February).
    NoSuchDay {
        /// The year as written.
        year: i16,
        /// The month, 1–12.
        month: i8,
        /// The day as written.
        day: i8,
    },
    /// A month other than 1–12, or a year jiff cannot hold.
    NoSuchMonth,
    /// A time of day that does not exist (`25:00`).
    NoSuchTime,
    /// An offset from UTC beyond ±25:59 (`+9900`).
    NoSuchOffset,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Form { expected } => write!(f, "is not a date in the form {expected}"),
            DateError::NoSuchDay { year, month, day } => {
                let days = Date::new(*year, *month, 1).map_or(0, |d| d.days_in_month());
                let name = MONTHS[usize::try_from(*month - 1).unwrap_or(0)];
                write!(f, "is not a date: {name} {year} has {days} days, not {day}")
            }
            DateError::NoSuchMonth => write!(f, "is not a date: no such month or year"),
            DateError::NoSuchTime => write!(f, "is not a time of day"),
            DateError::NoSuchOffset => write!(f, "has an offset from UTC beyond ±25:59"),
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date read from a source, as an entry's front matter writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// RFC 3339 (`2003-06-10T04:00:00Z`), or a local date and time without an offset when the
    /// source's time zone is not known.
    pub text: String,
    /// A time zone the source named that is not one of RFC 822's, so was dropped (`ALMT`).
    pub unknown_zone: Option<String>,
}

/// A civil date and time, checked against the calendar; `second` may be 60 (a leap second,
/// which RFC 822 and RFC 3339 allow and jiff does not hold).
fn civil(year: i64, month: i64, day: i64, time: (i64, i64, i64)) -> Result<DateTime, DateError> {
    let year = i16::try_from(year).map_err(|_| DateError::NoSuchMonth)?;
    let month = i8::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or(DateError::NoSuchMonth)?;
    Date::new(year, month, 1).map_err(|_| DateError::NoSuchMonth)?;
    let no_such_day = DateError::NoSuchDay {
        year,
        month,
        day: i8::try_from(day).unwrap_or(i8::MAX),
    };
    let day = i8::try_from(day).map_err(|_| no_such_day.clone())?;
    let date = Date::new(year, month, day).map_err(|_| no_such_day)?;
    let (h, m, s) = time;
    let part = |v: i64| i8::try_from(v).map_err(|_| DateError::NoSuchTime);
    let second = if s == 60 { 59 } else { s };
    let time =
        Time::new(part(h)?, part(m)?, part(second)?, 0).map_err(|_| DateError::NoSuchTime)?;
    Ok(date.to_datetime(time))
}

/// `2003-06-10T04:00:00`, with the leap second as written.
fn format_civil(dt: DateTime, second: i64) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        second
    )
}

/// An Atom or Dublin Core date (RFC 3339 or an ISO 8601 date), checked and kept as written
/// when the front matter can read it as written; else written out in full
/// (`2024-03-01T10:00Z` → `2024-03-01T10:00:00Z`).
pub fn rfc3339(text: &str) -> Result<String, DateError> {
    let text = text.trim();
    let form = DateError::Form {
        expected: "RFC 3339, as 2003-12-13T18:30:02Z",
    };
    let pieces = Pieces::parse(text).map_err(|_| match numbers_of_iso_date(text) {
        Some((y, m, d)) => civil(y, m, d, (0, 0, 0)).err().unwrap_or(form.clone()),
        None => form.clone(),
    })?;
    if pieces.time_zone_annotation().is_some() {
        return Err(form);
    }
    if text.parse::<toml::value::Datetime>().is_ok() {
        return Ok(text.to_string());
    }
    let date = pieces.date();
    let Some(time) = pieces.time() else {
        return Ok(format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        ));
    };
    let dt = date.to_datetime(time);
    let offset = match pieces.to_numeric_offset() {
        Some(o) => format_offset(o.seconds()),
        None if pieces.offset().is_some() => "Z".to_string(),
        None => String::new(),
    };
    let fraction = match time.subsec_nanosecond() {
        0 => String::new(),
        n => format!(".{:09}", n).trim_end_matches('0').to_string(),
    };
    Ok(format!(
        "{}{fraction}{offset}",
        format_civil(dt, i64::from(time.second()))
    ))
}

/// The year, month and day of a text that starts `YYYY-MM-DD`, for naming a day the month does
/// not have (jiff's parser only says that it failed).
fn numbers_of_iso_date(text: &str) -> Option<(i64, i64, i64)> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// `Z`, or `+05:00`.
fn format_offset(seconds: i32) -> String {
    if seconds == 0 {
        return "Z".to_string();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The zones RFC 822 names, with their offsets in hours; `UTC`, which it does not name, is
/// read as what everyone means by it.
const ZONES: &[(&str, i32)] = &[
    ("UT", 0),
    ("GMT", 0),
    ("UTC", 0),
    ("Z", 0),
    ("EST", -5),
    ("EDT", -4),
    ("CST", -6),
    ("CDT", -5),
    ("MST", -7),
    ("MDT", -6),
    ("PST", -8),
    ("PDT", -7),
];

/// An RSS date (RFC 822: `Tue, 10 Jun 2003 04:00:00 GMT`) as RFC 3339. The day of the week
/// is optional and not checked; a two-digit year is 1950–2049; the seconds are optional; a
/// missing zone is read as GMT. A zone RFC 822 does not name, or a military letter other
/// than `Z` (whose meaning RFC 2822 §4.3 calls unpredictable), gives the local date and time
/// without an offset, and names the zone in [`Stamp::unknown_zone`].
pub fn rfc822(text: &str) -> Result<Stamp, DateError> {
    let form = DateError::Form {
        expected: "RFC 822, as Tue, 10 Jun 2003 04:00:00 GMT",
    };
    let text = text.trim();
    let text = text.split_once(',').map_or(text, |(_, rest)| rest).trim();
    let mut parts = text.split_whitespace();
    let number = |part: Option<&str>| part.and_then(|p| p.parse::<i64>().ok());
    let day = number(parts.next()).ok_or(form.clone())?;
    let month = parts.next().ok_or(form.clone())?.to_ascii_lowercase();
    let month = MONTHS
        .iter()
        .position(|m| month.len() >= 3 && m.to_ascii_lowercase().starts_with(&month[..3]))
        .ok_or(form.clone())?;
    let year = match number(parts.next()).ok_or(form.clone())? {
        y @ 0..=49 => 2000 + y,
        y @ 50..=99 => 1900 + y,
        y => y,
    };
    let mut clock = parts.next().unwrap_or("00:00:00").split(':');
    let h = number(clock.next()).ok_or(form.clone())?;
    let mi = number(Some(clock.next().unwrap_or("0"))).ok_or(form.clone())?;
    let s = number(Some(clock.next().unwrap_or("0"))).ok_or(form.clone())?;
    let dt = civil(year, month as i64 + 1, day, (h, mi, s))?;
    let local = format_civil(dt, s);
    let zone = parts.next().unwrap_or("GMT");
    let upper = zone.to_ascii_uppercase();
    let offset = if let Some((_, hours)) = ZONES.iter().find(|(z, _)| *z == upper) {
        format_offset(hours * 3600)
    } else if let Some(digits) = zone.strip_prefix(['+', '-'])
        && digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        let hours: i32 = digits[..2].parse().unwrap_or(99);
        let minutes: i32 = digits[2..].parse().unwrap_or(99);
        if hours > 25 || minutes > 59 {
            return Err(DateError::NoSuchOffset);
        }
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        format_offset(sign * (hours * 3600 + minutes * 60))
    } else if zone.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(Stamp {
            text: local,
            unknown_zone: Some(zone.to_string()),
        });
    } else {
        return Err(form);
    };
    Ok(Stamp {
        text: format!("{local}{offset}"),
        unknown_zone: None,
    })
}

/// A WordPress date (`2013-01-10 20:15:40`, the site's local time or GMT); `Ok(None)` for
/// WordPress's "no date", `0000-00-00 00:00:00` (drafts carry it as their GMT date).
pub fn wordpress(text: &str) -> Result<Option<(DateTime, i64)>, DateError> {
    let text = text.trim();
    if text.starts_with("0000-00-00") {
        return Ok(None);
    }
    let form = DateError::Form {
        expected: "YYYY-MM-DD HH:MM:SS",
    };
    let (d, t) = text.split_once([' ', 'T']).unwrap_or((text, "00:00:00"));
    let mut dp = d.split('-').map(|x| x.parse::<i64>().ok());
    let mut next = || dp.next().flatten().ok_or(form.clone());
    let (y, m, day) = (next()?, next()?, next()?);
    let mut tp = t.split(':').map(|x| x.parse::<i64>().ok());
    let mut part = || tp.next().flatten().unwrap_or(0);
    let (h, mi, s) = (part(), part(), part());
    if y == 0 {
        return Err(DateError::NoSuchMonth);
    }
    Ok(Some((civil(y, m, day, (h, mi, s))?, s)))
}

/// A post's or comment's date as RFC 3339: the site's local time with its offset when both
/// the local and the GMT dates are given (their difference), else the one given (the GMT one
/// with `Z`).
pub fn site_time(local: Option<(DateTime, i64)>, gmt: Option<(DateTime, i64)>) -> Option<String> {
    match (local, gmt) {
        (Some((l, ls)), Some((g, _))) => {
            let offset = l.duration_since(g).as_secs();
            // WordPress's offsets are whole minutes and within ±18 hours; another
            // difference means one of the two dates is wrong, and the local one is kept.
            if offset.abs() < 18 * 3600 && offset % 60 == 0 {
                let offset = i32::try_from(offset).unwrap_or(0);
                Some(format!("{}{}", format_civil(l, ls), format_offset(offset)))
            } else {
                Some(format_civil(l, ls))
            }
        }
        (None, Some((g, gs))) => Some(format!("{}Z", format_civil(g, gs))),
        (Some((l, ls)), None) => Some(format_civil(l, ls)),
        (None, None) => None,
    }
}

/// A warning for a date that was not read: the entry or comment is imported without it.
pub fn not_a_date(file: &Path, pos: Pos, what: &str, text: &str, error: &DateError) -> Diagnostic {
    Diagnostic::warning(
        file,
        Some(pos.line),
        format!(
            "line {}, column {}: {what} `{}` {error}; it is imported without this date",
            pos.line,
            pos.column,
            text.trim()
        ),
    )
    .with_hint("correct the date in the source, or write it in the entry's front matter")
}

/// A warning for a time zone that is not one of RFC 822's: its date and time were kept,
/// without an offset.
pub fn unknown_zone(file: &Path, pos: Pos, what: &str, text: &str, zone: &str) -> Diagnostic {
    Diagnostic::warning(
        file,
        Some(pos.line),
        format!(
            "line {}, column {}: {what} `{}`: the time zone `{zone}` is not one RFC 822 names (UT, GMT, EST, EDT, CST, CDT, MST, MDT, PST, PDT, Z, or an offset such as +0600); the date and time are kept as written, without a time zone",
            pos.line,
            pos.column,
            text.trim()
        ),
    )
    .with_hint("give the offset as a number in the source (`+0600`), or add it to the entry's date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wp(local: &str, gmt: &str) -> Option<String> {
        site_time(wordpress(local).unwrap(), wordpress(gmt).unwrap())
    }

    #[test]
    fn wordpress_dates_carry_the_site_offset() {
        assert_eq!(
            wp("2013-01-10 20:15:40", "2013-01-10 15:15:40").as_deref(),
            Some("2013-01-10T20:15:40+05:00")
        );
        assert_eq!(
            wp("2013-01-10 20:15:40", "0000-00-00 00:00:00").as_deref(),
            Some("2013-01-10T20:15:40")
        );
        assert_eq!(
            wp("2013-01-10 10:00:00", "2013-01-10 10:00:00").as_deref(),
            Some("2013-01-10T10:00:00Z")
        );
        assert_eq!(
            wp("2013-01-01 00:30:00", "2012-12-31 20:00:00").as_deref(),
            Some("2013-01-01T00:30:00+04:30")
        );
        assert_eq!(wp("0000-00-00 00:00:00", "0000-00-00 00:00:00"), None);
    }

    #[test]
    fn a_day_the_month_does_not_have_is_an_error() {
        let error = wordpress("2024-02-31 10:00:00").unwrap_err();
        assert_eq!(
            error,
            DateError::NoSuchDay {
                year: 2024,
                month: 2,
                day: 31
            }
        );
        assert_eq!(
            error.to_string(),
            "is not a date: February 2024 has 29 days, not 31"
        );
        assert!(wordpress("2023-02-29 10:00:00").is_err());
        assert!(wordpress("2024-02-29 10:00:00").unwrap().is_some());
        assert_eq!(
            rfc822("Sat, 31 Feb 2024 10:00:00 GMT").unwrap_err(),
            DateError::NoSuchDay {
                year: 2024,
                month: 2,
                day: 31
            }
        );
        assert_eq!(
            rfc3339("2024-02-31T10:00:00Z").unwrap_err(),
            DateError::NoSuchDay {
                year: 2024,
                month: 2,
                day: 31
            }
        );
        assert_eq!(wordpress("2024-13-01").unwrap_err(), DateError::NoSuchMonth);
        assert_eq!(
            wordpress("2024-01-01 24:00:00").unwrap_err(),
            DateError::NoSuchTime
        );
    }

    #[test]
    fn rss_dates() {
        let ok = |text: &str| rfc822(text).unwrap();
        assert_eq!(
            ok("Tue, 10 Jun 2003 04:00:00 GMT").text,
            "2003-06-10T04:00:00Z"
        );
        assert_eq!(
            ok("Fri, 13 Jan 2023 18:22:21 +0500").text,
            "2023-01-13T18:22:21+05:00"
        );
        assert_eq!(ok("13 Jan 23 18:22 EST").text, "2023-01-13T18:22:00-05:00");
        assert_eq!(
            ok("Mon, 1 Jan 2024 00:00:00 Z").text,
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(
            ok("Mon, 1 Jan 2024 00:00:00 ut").text,
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(
            ok("Mon, 1 Jan 2024 00:00:00 -0000").text,
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(
            ok("Mon, 1 Jan 2024 09:30:00 PDT").text,
            "2024-01-01T09:30:00-07:00"
        );
        // The day of the week is not checked (feeds get it wrong).
        assert_eq!(
            ok("Sun, 10 Jun 2003 04:00:00 GMT").text,
            "2003-06-10T04:00:00Z"
        );
        assert!(matches!(rfc822("yesterday"), Err(DateError::Form { .. })));
        assert_eq!(
            rfc822("Tue, 10 Jun 2003 04:00:00 +9900").unwrap_err(),
            DateError::NoSuchOffset
        );
    }

    #[test]
    fn a_zone_rfc_822_does_not_name_is_dropped_and_named() {
        assert_eq!(
            rfc822("Tue, 10 Jun 2003 04:00:00 ALMT").unwrap(),
            Stamp {
                text: "2003-06-10T04:00:00".into(),
                unknown_zone: Some("ALMT".into())
            }
        );
        // Military letters other than Z are unreliable (RFC 2822 §4.3).
        assert_eq!(
            rfc822("Tue, 10 Jun 2003 04:00:00 A")
                .unwrap()
                .unknown_zone
                .as_deref(),
            Some("A")
        );
    }

    #[test]
    fn atom_dates_are_kept_as_written() {
        for text in [
            "2003-12-13T18:30:02Z",
            "2003-12-13T18:30:02.25+01:00",
            "2024-03-01",
            "2024-03-01T10:00:00",
        ] {
            assert_eq!(rfc3339(text).as_deref(), Ok(text));
        }
        // Forms the front matter would not read are written out in full.
        assert_eq!(
            rfc3339("20240301T100000+0500").as_deref(),
            Ok("2024-03-01T10:00:00+05:00")
        );
        assert!(rfc3339("last Tuesday").is_err());
        assert!(rfc3339("2024-03-01T10:00:00Z[Asia/Almaty]").is_err());
    }
}
