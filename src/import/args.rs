//! The command line of `chapbook import`, as typed (clap), resolved into [`super::Request`].

use super::http::HttpOptions;
use super::{Filters, Request, SourceKind};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Where the blog comes from.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A WordPress export (Tools → Export, WXR 1.0–1.2), or a live site by its address.
    ///
    /// Keeps published posts with their approved comments, pingbacks and trackbacks; prints
    /// what it kept and what it left out, and why. The blog's own uploads are copied when
    /// its uploads folder (uploads/ or wp-content/uploads/) is beside the export; images of
    /// other sites stay links. Commenters' e-mail and IP addresses are never written.
    ///
    /// Given https://SITE, the site is fetched over its REST API (posts, pages with
    /// --include-pages, approved comments, authors with their bios, categories, tags, media),
    /// politely (--rate), into OUT/.chapbook-cache/http/HOST/, where an interrupted fetch
    /// resumes; the site's own images are downloaded (up to --max-image-size). Pingbacks,
    /// trackbacks and drafts are not given to visitors by the API.
    Wordpress {
        /// The export file (.xml), or the site's address (https://SITE).
        export: PathBuf,
        /// Where to write, and whether to overwrite edits.
        #[command(flatten)]
        common: CommonArgs,
        /// Which posts and comments to keep.
        #[command(flatten)]
        filters: FilterArgs,
        /// How a site given by its address is fetched.
        #[command(flatten)]
        http: HttpArgs,
    },
    /// An RSS 2.0 or Atom 1.0 feed saved on this computer, or fetched by its address.
    ///
    /// Atom threads (thr:in-reply-to) are kept; comment feeds named by `wfw:commentRss` or
    /// `rel="replies"` are read when given with --comments or found beside the feed. A feed
    /// given as https://… is fetched with the comment feeds it names, into
    /// OUT/.chapbook-cache/http/HOST/.
    Feed {
        /// The feed file, or its address (https://…).
        feed: PathBuf,
        /// Comment feeds (RSS or Atom) of the entries, saved beside the feed.
        #[arg(long = "comments", value_name = "FILE")]
        comments: Vec<PathBuf>,
        /// Where to write, and whether to overwrite edits.
        #[command(flatten)]
        common: CommonArgs,
        /// How a feed given by its address is fetched.
        #[command(flatten)]
        http: HttpArgs,
    },
    /// A static site's source folder: Jekyll, Hugo, Zola or Eleventy.
    ///
    /// The generator is found from its configuration file (_config.yml; hugo.toml or
    /// config.toml with baseURL; config.toml with base_url; eleventy.config.js). Posts keep
    /// their front matter (YAML or TOML); Liquid tags, Hugo shortcodes and kramdown attributes
    /// become figures, links and code blocks where their meaning is clear and are otherwise
    /// dropped, counted per kind. Images are copied from the site's folders. Staticman's
    /// comments (_data/comments/SLUG/) are read, and a Disqus export given with --comments.
    Site {
        /// The site's folder.
        dir: PathBuf,
        /// A Disqus export (XML) whose threads are matched to the posts by their address.
        #[arg(long = "comments", value_name = "DISQUS.xml")]
        comments: Vec<PathBuf>,
        /// Keep drafts (_drafts/, draft: true, published: false).
        #[arg(long)]
        drafts: bool,
        /// Keep posts dated after today.
        #[arg(long)]
        future: bool,
        /// Keep pages (files at the top of Hugo's or Zola's content/, Eleventy files that are
        /// not posts).
        #[arg(long)]
        include_pages: bool,
        /// Where to write, and whether to overwrite edits.
        #[command(flatten)]
        common: CommonArgs,
    },
    /// A Blogger export: Takeout's feed.atom, or the older Atom export (blog-*.xml).
    ///
    /// Published posts with their comments, threaded; drafts and pages left out unless asked.
    Blogger {
        /// The export file.
        export: PathBuf,
        /// Drafts and pages.
        #[command(flatten)]
        keep: KeepArgs,
        /// Where to write, and whether to overwrite edits.
        #[command(flatten)]
        common: CommonArgs,
    },
    /// A Ghost export (Settings → Labs → Export, a .json file).
    ///
    /// Published posts with their authors (and bios) and tags; content from HTML, mobiledoc
    /// or lexical. Pages and drafts left out unless asked.
    Ghost {
        /// The export file (.json).
        export: PathBuf,
        /// Drafts and pages.
        #[command(flatten)]
        keep: KeepArgs,
        /// Where to write, and whether to overwrite edits.
        #[command(flatten)]
        common: CommonArgs,
    },
}

/// Options of every import.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The book folder to write (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Overwrite files that were edited since the last import.
    #[arg(long)]
    pub force: bool,
}

/// How a live site or feed is fetched.
#[derive(Debug, Args)]
pub struct HttpArgs {
    /// Requests per second at most (a polite default; raise it only for your own site).
    #[arg(long, value_name = "N", default_value_t = 2.0, value_parser = parse_rate)]
    pub rate: f64,
    /// Retries of a request that met HTTP 429 or 5xx, a timeout or a broken connection
    /// (waiting 1 s, 2 s, 4 s, … or as long as the server's Retry-After says, up to 60 s).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// The largest image downloaded, in megabytes; a larger one stays a note in its entry.
    #[arg(long, value_name = "MB", default_value_t = 10)]
    pub max_image_size: u64,
    /// How long one request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
}

impl HttpArgs {
    fn options(&self) -> HttpOptions {
        HttpOptions {
            rate: self.rate,
            retries: self.retries,
            max_image_bytes: self.max_image_size.saturating_mul(1024 * 1024),
            timeout_seconds: self.timeout,
        }
    }
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 && r <= 1000.0 => Ok(r),
        _ => Err(format!(
            "`{text}` is not a rate; give requests per second, more than 0 (2, or 0.5)"
        )),
    }
}

/// Drafts and pages of a Blogger or Ghost export.
#[derive(Debug, Args)]
pub struct KeepArgs {
    /// Keep drafts (and Ghost's scheduled posts).
    #[arg(long)]
    pub drafts: bool,
    /// Keep pages.
    #[arg(long)]
    pub include_pages: bool,
}

/// Which posts and comments of a WordPress export to keep.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Keep posts in this category (name or slug; repeat for several).
    #[arg(long, value_name = "NAME")]
    pub category: Vec<String>,
    /// Keep posts with this tag (repeat for several).
    #[arg(long, value_name = "NAME")]
    pub tag: Vec<String>,
    /// Keep posts by this author (login or display name; repeat for several).
    #[arg(long, value_name = "LOGIN")]
    pub author: Vec<String>,
    /// Keep posts dated on or after this day (the site's local date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub since: Option<String>,
    /// Keep posts dated on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub until: Option<String>,
    /// Keep posts with these statuses (publish, draft, future, pending, private).
    #[arg(long, value_delimiter = ',', default_value = "publish")]
    pub status: Vec<String>,
    /// Import pages too.
    #[arg(long)]
    pub include_pages: bool,
    /// Import attachments as entries too.
    #[arg(long)]
    pub include_attachments: bool,
    /// Keep unapproved, spam and trashed comments too.
    #[arg(long)]
    pub include_unapproved: bool,
    /// Keep password-protected posts too.
    #[arg(long)]
    pub include_protected: bool,
    /// Keep items that have no wp:status or wp:post_type, or whose wp: prefix is bound to
    /// another namespace than WordPress's export namespace (read as published posts).
    #[arg(long)]
    pub include_unknown: bool,
}

/// A day of the calendar (`2024-03-31`), checked by jiff (`2024-02-30` is refused).
fn parse_day(text: &str) -> Result<String, String> {
    match text.parse::<jiff::civil::Date>() {
        Ok(day) if text.len() == 10 => Ok(day.to_string()),
        _ => Err(format!(
            "`{text}` is not a day of the calendar; write it as 2024-03-31"
        )),
    }
}

impl ImportCommand {
    /// The resolved request.
    pub fn request(self) -> Request {
        match self {
            ImportCommand::Wordpress {
                export,
                common,
                filters,
                http,
            } => Request {
                http: http.options(),
                kind: SourceKind::Wordpress,
                source: export,
                comment_feeds: Vec::new(),
                out: common.out,
                force: common.force,
                filters: Filters {
                    categories: filters.category,
                    tags: filters.tag,
                    authors: filters.author,
                    since: filters.since,
                    until: filters.until,
                    statuses: filters.status,
                    include_pages: filters.include_pages,
                    include_attachments: filters.include_attachments,
                    include_drafts: false,
                    include_future: false,
                    include_unapproved: filters.include_unapproved,
                    include_protected: filters.include_protected,
                    include_unknown: filters.include_unknown,
                },
            },
            ImportCommand::Feed {
                feed,
                comments,
                common,
                http,
            } => Request {
                http: http.options(),
                kind: SourceKind::Feed,
                source: feed,
                comment_feeds: comments,
                out: common.out,
                force: common.force,
                filters: Filters::default(),
            },
            ImportCommand::Site {
                dir,
                comments,
                drafts,
                future,
                include_pages,
                common,
            } => Request {
                http: HttpOptions::default(),
                kind: SourceKind::Site,
                source: dir,
                comment_feeds: comments,
                out: common.out,
                force: common.force,
                filters: Filters {
                    include_drafts: drafts,
                    include_future: future,
                    include_pages,
                    ..Filters::default()
                },
            },
            ImportCommand::Blogger {
                export,
                keep,
                common,
            } => simple(SourceKind::Blogger, export, keep, common),
            ImportCommand::Ghost {
                export,
                keep,
                common,
            } => simple(SourceKind::Ghost, export, keep, common),
        }
    }
}

fn simple(kind: SourceKind, source: PathBuf, keep: KeepArgs, common: CommonArgs) -> Request {
    Request {
        http: HttpOptions::default(),
        kind,
        source,
        comment_feeds: Vec::new(),
        out: common.out,
        force: common.force,
        filters: Filters {
            include_drafts: keep.drafts,
            include_pages: keep.include_pages,
            ..Filters::default()
        },
    }
}
