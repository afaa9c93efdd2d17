//! Which posts the filters keep, and why the others are left out.

use super::authors::clean_login;
use super::{DC, Importer};
use crate::import::xml::{Element, WP};

impl Importer<'_> {
    /// Why a post of the right type is left out, if it is.
    pub(super) fn filtered_out(&self, item: &Element, kind: &str, status: &str) -> Option<String> {
        let f = self.filters;
        let statuses: Vec<&str> = if f.statuses.is_empty() {
            vec!["publish"]
        } else {
            f.statuses.iter().map(String::as_str).collect()
        };
        if !statuses.iter().any(|s| s.eq_ignore_ascii_case(status)) && kind != "attachment" {
            return Some(format!(
                "{kind} with status `{status}` (keep with --status {status})"
            ));
        }
        let password = item.child_text(WP, "post_password").unwrap_or_default();
        if !password.is_empty() && !f.include_protected {
            return Some(format!(
                "password-protected {kind} (keep with --include-protected)"
            ));
        }
        let terms = |domain: &str| -> Vec<(String, String)> {
            item.children_named("", "category")
                .filter(|c| c.attr("domain").unwrap_or("category") == domain)
                .map(|c| {
                    (
                        c.text().trim().to_lowercase(),
                        c.attr("nicename").unwrap_or_default().to_lowercase(),
                    )
                })
                .collect()
        };
        let matches = |wanted: &[String], have: &[(String, String)]| {
            wanted.iter().any(|w| {
                let w = w.to_lowercase();
                have.iter().any(|(name, nice)| *name == w || *nice == w)
            })
        };
        if !f.categories.is_empty() && !matches(&f.categories, &terms("category")) {
            return Some(format!(
                "{kind} not in category {}",
                f.categories.join(" or ")
            ));
        }
        if !f.tags.is_empty() && !matches(&f.tags, &terms("post_tag")) {
            return Some(format!("{kind} without tag {}", f.tags.join(" or ")));
        }
        if !f.authors.is_empty() {
            let login = clean_login(&item.child_text(DC, "creator").unwrap_or_default());
            let display = self
                .authors
                .get(&login.to_lowercase())
                .map(|a| a.name.to_lowercase())
                .unwrap_or_default();
            let mut have = vec![(login.to_lowercase(), display)];
            have.extend(terms("author"));
            if !matches(&f.authors, &have) {
                return Some(format!("{kind} not by {}", f.authors.join(" or ")));
            }
        }
        let day = item
            .child_text(WP, "post_date")
            .and_then(|d| d.get(..10).map(str::to_string))
            .unwrap_or_default();
        if let Some(since) = &f.since
            && day.as_str() < since.as_str()
        {
            return Some(format!("{kind} dated before {since}"));
        }
        if let Some(until) = &f.until
            && day.as_str() > until.as_str()
        {
            return Some(format!("{kind} dated after {until}"));
        }
        None
    }
}
