//! A live WordPress site over its REST API (`/wp-json/wp/v2/`, or `?rest_route=` when the
//! site has no pretty permalinks) → a WXR export in the cache folder, with the site's own
//! images beside it under `uploads/`, for [`crate::import::wordpress::read`].
//!
//! The export is written as WordPress's `export_wp()` writes one (posts, pages and media in
//! the order of their ids, comments in the order of theirs), so that the book has the same
//! file names, threads and authors as one imported from the site's own export. What the REST
//! API does not give a visitor is said in the report: pingbacks and trackbacks (it lists
//! comments only), unapproved comments, drafts, and logins (an author's `slug` stands in).

use super::client::{Client, FetchError, MAX_PAGE_BYTES, Page};
use super::{Address, Fetched, Misses, failed};
use crate::diag::Diagnostic;
use crate::import::html::{self, Resolver};
use crate::import::{Report, Request, slug, xml};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

/// At most this many pages of 100 are read of one list.
const MAX_LIST_PAGES: u32 = 10_000;

const NOT_WORDPRESS: &str = "if it is a WordPress site whose REST API is switched off or blocked, export it from wp-admin (Tools → Export) and run `chapbook import wordpress EXPORT.xml`";

/// How the site's routes are addressed.
enum Api {
    /// `SITE/wp-json/ROUTE?QUERY`.
    Pretty(String),
    /// `SITE/?rest_route=ROUTE&QUERY` (a site without pretty permalinks).
    Plain(String),
}

impl Api {
    fn url(&self, route: &str, query: &str) -> String {
        match self {
            Api::Pretty(base) if query.is_empty() => format!("{base}/wp-json{route}"),
            Api::Pretty(base) => format!("{base}/wp-json{route}?{query}"),
            Api::Plain(base) if query.is_empty() => format!("{base}/?rest_route={route}"),
            Api::Plain(base) => format!("{base}/?rest_route={route}&{query}"),
        }
    }
}

/// Fetches the site at `site` into the client's cache folder and writes its export there.
pub(super) fn fetch(
    client: &mut Client,
    site: &Address,
    request: &Request,
    report: &mut Report,
) -> Result<Fetched, Vec<Diagnostic>> {
    let base = format!("{}{}", site.origin(), site.rest.trim_end_matches('/'));
    let (api, index) = discover(client, &base)?;
    let filters = &request.filters;
    let mut after = String::new();
    if let Some(since) = &filters.since {
        after = format!("&after={since}T00:00:00");
    }
    let list = |client: &mut Client, route: &str, extra: &str| {
        list(client, &api, route, &format!("orderby=id&order=asc{extra}"))
    };
    let posts = list(client, "/wp/v2/posts", &after).map_err(|d| vec![d])?;
    let pages = if filters.include_pages {
        list(client, "/wp/v2/pages", &after).map_err(|d| vec![d])?
    } else {
        Vec::new()
    };
    // Lists a visitor may be refused (a security plugin hides users) are warnings.
    let comments = list_plain(client, &api, "/wp/v2/comments", report);
    let users = list_plain(client, &api, "/wp/v2/users", report);
    let categories = list_plain(client, &api, "/wp/v2/categories", report);
    let tags = list_plain(client, &api, "/wp/v2/tags", report);
    let media = list_plain(client, &api, "/wp/v2/media", report);
    report.left_out.push(
        "pingbacks and trackbacks: the REST API lists only comments to a visitor (export the site from wp-admin to keep them)".into(),
    );
    let language = feed_language(client, &base);
    let mut items: Vec<&Value> = posts.iter().chain(&pages).chain(&media).collect();
    items.sort_by_key(|v| id(v));
    let site_info = Site {
        title: text(&index["name"]),
        description: text(&index["description"]),
        home: text(&index["home"]),
        url: text(&index["url"]),
        language,
    };
    let names = Names {
        users: users.iter().map(|u| (id(u), u)).collect(),
        categories: terms(&categories),
        tags: terms(&tags),
    };
    let mut by_post: HashMap<u64, Vec<&Value>> = HashMap::new();
    for c in &comments {
        by_post.entry(num(&c["post"])).or_default().push(c);
    }
    let export = write_export(&site_info, &names, &items, &by_post, &api);
    // The site's own hosts: the one asked, and those its index names (`https://` where
    // `http://` was typed, `www.`).
    let own: Vec<Address> = [site_info.url.as_str(), site_info.home.as_str()]
        .iter()
        .filter_map(|u| Address::parse(u).ok())
        .chain([site.clone()])
        .collect();
    download_images(client, &own, &items, request, report);
    client.write("export.xml", export.as_bytes()).map_err(|e| {
        vec![
            Diagnostic::error(&request.out, None, e.reason())
                .with_hint("check that the book folder can be written"),
        ]
    })?;
    Ok(Fetched {
        source: client.cache_dir().join("export.xml"),
        comment_feeds: Vec::new(),
    })
}

/// The site's index (`/wp-json/`, then `?rest_route=/`), or an error saying what each answered.
fn discover(client: &mut Client, base: &str) -> Result<(Api, Value), Vec<Diagnostic>> {
    let mut tried = Vec::new();
    for api in [Api::Pretty(base.to_string()), Api::Plain(base.to_string())] {
        let url = api.url("/", "");
        match client.get(&url, MAX_PAGE_BYTES) {
            Ok(page) => {
                let json: Option<Value> = serde_json::from_slice(&page.body).ok();
                let wordpress = json.as_ref().is_some_and(|j| {
                    j["namespaces"]
                        .as_array()
                        .is_some_and(|n| n.iter().any(|v| v == "wp/v2"))
                });
                if page.status == 200 && wordpress {
                    return Ok((api, json.unwrap_or_default()));
                }
                tried.push(format!("{url} gave {}", what_it_was(&page, json.is_some())));
            }
            Err(e @ FetchError::Scheme(_)) => {
                return Err(vec![failed(&url, &e, "give an http or https address")]);
            }
            Err(e @ FetchError::Cache(_)) => {
                return Err(vec![failed(
                    &url,
                    &e,
                    "check that the book folder can be written",
                )]);
            }
            Err(e) => tried.push(format!("{url}: {}", e.reason())),
        }
    }
    Err(vec![
        Diagnostic::error(
            base,
            None,
            format!(
                "{base} does not answer as a WordPress site with its REST API on ({})",
                tried.join("; ")
            ),
        )
        .with_hint(NOT_WORDPRESS),
    ])
}

fn what_it_was(page: &Page, json: bool) -> String {
    match (page.status, json) {
        (200, true) => "JSON without the `wp/v2` namespace (not WordPress's REST API)".into(),
        (200, false) => format!(
            "a page that is not JSON ({})",
            if page.content_type.is_empty() {
                "no content type"
            } else {
                page.content_type.as_str()
            }
        ),
        (status, _) => format!("HTTP {status}"),
    }
}

/// Every item of a list, page after page (`X-WP-TotalPages`).
fn list(
    client: &mut Client,
    api: &Api,
    route: &str,
    query: &str,
) -> Result<Vec<Value>, Diagnostic> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let url = api.url(route, &format!("per_page=100&page={page}&{query}"));
        let answer = client.get(&url, MAX_PAGE_BYTES).map_err(|e| {
            failed(
                &url,
                &e,
                "try again later: the fetch resumes from the cache folder",
            )
        })?;
        let json: Value = serde_json::from_slice(&answer.body).unwrap_or_default();
        if answer.status != 200 {
            let code = json["code"].as_str().unwrap_or_default();
            // Asking one page past the end (a list that shrank meanwhile) ends the list.
            if answer.status == 400 && code == "rest_post_invalid_page_number" {
                break;
            }
            return Err(Diagnostic::error(
                &url,
                None,
                format!(
                    "GET {url}: the server answered HTTP {} {code}",
                    answer.status
                ),
            )
            .with_hint(NOT_WORDPRESS));
        }
        let Some(array) = json.as_array() else {
            return Err(Diagnostic::error(
                &url,
                None,
                format!("GET {url}: the answer is not a JSON list"),
            )
            .with_hint(NOT_WORDPRESS));
        };
        items.extend(array.iter().cloned());
        let total = answer.total_pages.unwrap_or(1).min(MAX_LIST_PAGES);
        if page >= total || array.is_empty() {
            break;
        }
        page += 1;
    }
    Ok(items)
}

/// A list the book can do without (authors' pages, terms): a warning when it is refused.
fn list_plain(client: &mut Client, api: &Api, route: &str, report: &mut Report) -> Vec<Value> {
    list(client, api, route, "orderby=id&order=asc").unwrap_or_else(|d| {
        report.warnings.push(Diagnostic {
            severity: crate::diag::Severity::Warning,
            ..d
        });
        Vec::new()
    })
}

/// The site's language, from its RSS feed's `<language>` (the REST API gives it only to
/// administrators).
fn feed_language(client: &mut Client, base: &str) -> Option<String> {
    let page = client
        .get(&format!("{base}/?feed=rss2"), MAX_PAGE_BYTES)
        .ok()?;
    let text = String::from_utf8(page.body).ok()?;
    let doc = xml::parse(&text).ok()?;
    doc.root.child("", "channel")?.child_text("", "language")
}

struct Site {
    title: String,
    description: String,
    home: String,
    url: String,
    language: Option<String>,
}

struct Names<'a> {
    users: HashMap<u64, &'a Value>,
    categories: HashMap<u64, (String, String)>,
    tags: HashMap<u64, (String, String)>,
}

fn terms(list: &[Value]) -> HashMap<u64, (String, String)> {
    list.iter()
        .map(|t| (id(t), (text(&t["name"]), text(&t["slug"]))))
        .collect()
}

fn id(v: &Value) -> u64 {
    num(&v["id"])
}

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.get("rendered").map(text).unwrap_or_default(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// `2024-03-01T10:00:00` → `2024-03-01 10:00:00`, as WXR writes dates.
fn wxr_date(v: &Value) -> String {
    text(v).replacen('T', " ", 1)
}

/// Text inside CDATA (a `]]>` in it split across two sections).
fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

/// Writes the export: the channel, the authors, then each item with its comments.
fn write_export(
    site: &Site,
    names: &Names,
    items: &[&Value],
    comments: &HashMap<u64, Vec<&Value>>,
    api: &Api,
) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n",
        "<!-- Written by chapbook from the site's REST API; each item names the address it came from. -->\n",
        "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" ",
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" ",
        "xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" ",
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" ",
        "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
    ));
    let mut field = |out: &mut String, name: &str, value: &str| {
        out.push_str(&format!("\t<{name}>{}</{name}>\n", cdata(value)));
    };
    field(&mut out, "title", &site.title);
    field(&mut out, "link", &site.home);
    field(&mut out, "description", &site.description);
    if let Some(language) = &site.language {
        field(&mut out, "language", language);
    }
    field(&mut out, "wp:wxr_version", "1.2");
    field(&mut out, "wp:base_site_url", &site.url);
    field(&mut out, "wp:base_blog_url", &site.home);
    let mut users: Vec<(&u64, &&Value)> = names.users.iter().collect();
    users.sort_by_key(|(id, _)| **id);
    for (uid, user) in users {
        out.push_str("\t<wp:author>\n");
        field(&mut out, "wp:author_id", &uid.to_string());
        field(&mut out, "wp:author_login", &login(names, *uid));
        field(&mut out, "wp:author_display_name", &text(&user["name"]));
        field(
            &mut out,
            "wp:author_description",
            &text(&user["description"]),
        );
        out.push_str("\t</wp:author>\n");
    }
    for item in items {
        write_item(&mut out, item, names, comments, api, &mut field);
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// A login for user `id`: WordPress's `user_nicename` (`slug`), which the REST API gives in
/// place of the login it keeps private.
fn login(names: &Names, id: u64) -> String {
    names
        .users
        .get(&id)
        .map(|u| text(&u["slug"]))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("user-{id}"))
}

fn write_item(
    out: &mut String,
    item: &Value,
    names: &Names,
    comments: &HashMap<u64, Vec<&Value>>,
    api: &Api,
    field: &mut dyn FnMut(&mut String, &str, &str),
) {
    let kind = text(&item["type"]);
    let route = match kind.as_str() {
        "attachment" => "/wp/v2/media",
        "page" => "/wp/v2/pages",
        _ => "/wp/v2/posts",
    };
    let pid = id(item);
    out.push_str(&format!(
        "\t<!-- {} -->\n\t<item>\n",
        api.url(&format!("{route}/{pid}"), "")
            .replace("--", "%2D%2D")
    ));
    field(out, "title", &text(&item["title"]));
    field(out, "link", &text(&item["link"]));
    field(out, "dc:creator", &login(names, num(&item["author"])));
    field(out, "guid", &text(&item["guid"]));
    let content = if item["content"]["protected"].as_bool() == Some(true) {
        String::new()
    } else if kind == "attachment" {
        text(&item["description"])
    } else {
        text(&item["content"])
    };
    field(out, "content:encoded", &content);
    field(out, "excerpt:encoded", &text(&item["excerpt"]));
    field(out, "wp:post_id", &pid.to_string());
    field(out, "wp:post_date", &wxr_date(&item["date"]));
    field(out, "wp:post_date_gmt", &wxr_date(&item["date_gmt"]));
    field(out, "wp:post_name", &text(&item["slug"]));
    field(out, "wp:status", &text(&item["status"]));
    field(
        out,
        "wp:post_parent",
        &num(&item["post"]).max(num(&item["parent"])).to_string(),
    );
    field(out, "wp:post_type", &kind);
    if item["content"]["protected"].as_bool() == Some(true) {
        // The REST API hides the password; any text marks the post as protected.
        field(out, "wp:post_password", "(protected)");
    }
    if kind == "attachment" {
        field(out, "wp:attachment_url", &text(&item["source_url"]));
    }
    for (domain, list, known) in [
        ("category", &item["categories"], &names.categories),
        ("post_tag", &item["tags"], &names.tags),
    ] {
        for term in list.as_array().into_iter().flatten() {
            if let Some((name, nicename)) = known.get(&num(term)) {
                out.push_str(&format!(
                    "\t<category domain=\"{domain}\" nicename=\"{}\">{}</category>\n",
                    attribute(nicename),
                    cdata(name)
                ));
            }
        }
    }
    for c in comments.get(&pid).into_iter().flatten() {
        out.push_str("\t<wp:comment>\n");
        field(out, "wp:comment_id", &id(c).to_string());
        field(out, "wp:comment_author", &text(&c["author_name"]));
        field(out, "wp:comment_author_url", &text(&c["author_url"]));
        field(out, "wp:comment_date", &wxr_date(&c["date"]));
        field(out, "wp:comment_date_gmt", &wxr_date(&c["date_gmt"]));
        field(out, "wp:comment_content", &text(&c["content"]));
        field(out, "wp:comment_approved", "1");
        let kind = text(&c["type"]);
        field(
            out,
            "wp:comment_type",
            if kind == "comment" { "" } else { &kind },
        );
        field(out, "wp:comment_parent", &num(&c["parent"]).to_string());
        out.push_str("\t</wp:comment>\n");
    }
    out.push_str("\t</item>\n");
}

fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Image addresses the HTML converter asks for, collected without converting anything.
#[derive(Default)]
struct Collect(Vec<String>);

impl Resolver for Collect {
    fn image(&mut self, src: &str) -> Option<String> {
        if !self.0.iter().any(|s| s == src) {
            self.0.push(src.to_string());
        }
        None
    }
    fn gallery(&self, _ids: &str) -> Vec<String> {
        Vec::new()
    }
}

/// Downloads the site's own uploads that the kept items show into `uploads/` of the cache
/// folder, each under the size limit; an image elsewhere stays a link (the reader of the
/// export warns about those), and one that cannot be had is a warning naming its address.
fn download_images(
    client: &mut Client,
    own: &[Address],
    items: &[&Value],
    request: &Request,
    report: &mut Report,
) {
    let mut collect = Collect::default();
    for item in items {
        let content = text(&item["content"]);
        let input = html::Input {
            html: &content,
            autop: false,
            footnotes: &[],
            base: None,
        };
        html::to_markdown(&input, &mut collect);
    }
    let mut done = HashSet::new();
    let mut misses = Misses::default();
    for src in collect.0 {
        let Some(relative) = upload_path(own, &src) else {
            continue;
        };
        if !done.insert(relative.clone()) || client.has(&relative) {
            continue;
        }
        // An image in the cache is not asked for again; a new one is always fetched.
        let answer = client.fetch(&src, request.http.max_image_bytes);
        if let Some(body) = misses.body(answer, &src)
            && let Err(e) = client.write(&relative, &body)
        {
            misses.add(e.reason(), &src);
        }
    }
    misses.warn(
        "image(s) of the site",
        "each stays a note in its entry; raise --max-image-size, or download it into the book's images/ by hand",
        report,
    );
}

/// `uploads/PATH` for an image of the site's own uploads (`/wp-content/uploads/PATH` on its
/// host and port), the path percent-decoded as the reader of the export looks for it; never
/// a path out of that folder.
fn upload_path(own: &[Address], src: &str) -> Option<String> {
    let address = Address::parse(src).ok()?;
    if !own.iter().any(|site| site.same_host(&address)) {
        return None;
    }
    let path = address.rest.split('?').next()?;
    let (_, under) = path.split_once("/wp-content/uploads/")?;
    let decoded = slug::percent_decode(under);
    let plain = Path::new(&decoded)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (plain && !decoded.is_empty() && !decoded.contains(['\\', '\0']))
        .then(|| format!("uploads/{decoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_only_the_sites_own_and_stay_inside_the_folder() {
        let site = Address::parse("http://127.0.0.1:8080").unwrap();
        let up = |s: &str| upload_path(std::slice::from_ref(&site), s);
        assert_eq!(
            up("http://127.0.0.1:8080/wp-content/uploads/2024/01/a%20b.png?x=1").as_deref(),
            Some("uploads/2024/01/a b.png")
        );
        assert_eq!(up("http://127.0.0.1:9999/wp-content/uploads/a.png"), None);
        assert_eq!(up("https://cdn.example.org/wp-content/uploads/a.png"), None);
        assert_eq!(
            up("http://127.0.0.1:8080/wp-content/uploads/%2e%2e/x.png"),
            None
        );
        assert_eq!(
            up("http://127.0.0.1:8080/wp-content/uploads/../../x.png"),
            None
        );
        assert_eq!(up("http://127.0.0.1:8080/images/a.png"), None);
    }

    #[test]
    fn routes_with_and_without_pretty_permalinks() {
        let pretty = Api::Pretty("https://b.example".into());
        assert_eq!(
            pretty.url("/wp/v2/posts", "page=2"),
            "https://b.example/wp-json/wp/v2/posts?page=2"
        );
        let plain = Api::Plain("http://127.0.0.1:8080".into());
        assert_eq!(
            plain.url("/wp/v2/posts", "page=2"),
            "http://127.0.0.1:8080/?rest_route=/wp/v2/posts&page=2"
        );
    }

    #[test]
    fn cdata_survives_its_own_terminator() {
        let text = "a ]]> b";
        let doc = xml::parse(&format!("<r>{}</r>", cdata(text))).unwrap();
        assert_eq!(doc.root.text(), text);
    }
}
