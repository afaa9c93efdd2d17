//! Import benchmark: a generated WordPress export of 1,000 posts with 10,000 comments
//! (threaded replies, pingbacks, trackbacks, Gutenberg blocks and classic auto-paragraphs),
//! imported into a fresh book folder five times through the library, as `chapbook import
//! wordpress` does. Prints the export's size and the median time; the budget is 2 seconds.
//!
//! Run with `cargo bench --bench import` (POSTS=n and COMMENTS=n change the size).

#[path = "common/imports.rs"]
mod imports;

use chapbook::import::SourceKind;
use imports::{env_number, report, time_imports};
use std::fmt::Write as _;
use std::time::Duration;

/// The issue's budget for 1,000 posts and 10,000 comments in a release build.
const BUDGET: Duration = Duration::from_secs(2);

fn main() {
    let posts: usize = env_number("POSTS", 1_000);
    let comments: usize = env_number("COMMENTS", 10_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let export = dir.path().join("export.xml");
    let text = make_export(posts, comments);
    std::fs::write(&export, &text).expect("write the export");
    let times = time_imports(SourceKind::Wordpress, &export, dir.path(), posts);
    report(
        &format!(
            "import: {posts} posts, {comments} comments, export {:.1} MB",
            text.len() as f64 / 1e6
        ),
        &times,
        BUDGET,
    );
}

fn make_export(posts: usize, comments: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Benchmark blog</title><link>https://bench.example.org</link><description>Generated</description><language>en</language>
<wp:wxr_version>1.2</wp:wxr_version>
"#,
    );
    for a in 0..20 {
        let _ = writeln!(
            s,
            "<wp:author><wp:author_login><![CDATA[author{a}]]></wp:author_login><wp:author_email><![CDATA[author{a}@mail.example]]></wp:author_email><wp:author_display_name><![CDATA[Author {a}]]></wp:author_display_name></wp:author>"
        );
    }
    let per_post = comments / posts.max(1);
    let mut extra = comments % posts.max(1);
    let mut comment_id = 1;
    for p in 0..posts {
        let day = 1 + p % 28;
        let month = 1 + (p / 28) % 12;
        let body = if p % 2 == 0 {
            format!(
                "<!-- wp:paragraph -->\n<p>Post {p} opens with <strong>bold</strong> words and a <a href=\"https://example.org/{p}?a=1&amp;b=2\">link</a>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:list -->\n<ul><li>one</li><li>two <em>items</em></li></ul>\n<!-- /wp:list -->\n\n<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>A quotation in post {p}.</p></blockquote>\n<!-- /wp:quote -->"
            )
        } else {
            format!(
                "Post {p} is a classic one.\nIt has a line break.\n\nAnd a second paragraph with [caption id=\"x\"]<img src=\"https://bench.example.org/wp-content/uploads/i{p}.jpg\" alt=\"Picture {p}\" /> A caption[/caption] and <code>code</code>.\n\n<table><tr><th>A</th><th>B</th></tr><tr><td>{p}</td><td>2</td></tr></table>"
            )
        };
        let _ = write!(
            s,
            "<item><title><![CDATA[Post number {p}]]></title><link>https://bench.example.org/post-{p}/</link><dc:creator><![CDATA[author{}]]></dc:creator>\
<category domain=\"category\" nicename=\"c{}\"><![CDATA[Category {}]]></category><category domain=\"post_tag\" nicename=\"t{}\"><![CDATA[tag {}]]></category>\
<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_id>{}</wp:post_id><wp:post_date><![CDATA[2024-{month:02}-{day:02} 10:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2024-{month:02}-{day:02} 05:00:00]]></wp:post_date_gmt>\
<wp:post_name><![CDATA[post-{p}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type><wp:post_password><![CDATA[]]></wp:post_password>",
            p % 20,
            p % 7,
            p % 7,
            p % 11,
            p % 11,
            p + 1
        );
        s.push('\n');
        let mut n = per_post;
        if extra > 0 {
            n += 1;
            extra -= 1;
        }
        for c in 0..n {
            // Every third comment replies to the one before it: threads several deep.
            let parent = if c % 3 == 2 { comment_id - 1 } else { 0 };
            let kind = match c % 10 {
                7 => "pingback",
                8 => "trackback",
                _ => "",
            };
            let _ = write!(
                s,
                "<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author><![CDATA[Reader {c}]]></wp:comment_author><wp:comment_author_email><![CDATA[reader{comment_id}@mail.example]]></wp:comment_author_email><wp:comment_author_url>https://reader{c}.example/</wp:comment_author_url><wp:comment_author_IP><![CDATA[192.0.2.{}]]></wp:comment_author_IP><wp:comment_date><![CDATA[2024-{month:02}-{day:02} 12:00:00]]></wp:comment_date><wp:comment_date_gmt><![CDATA[2024-{month:02}-{day:02} 07:00:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[Comment {comment_id} on post {p}: I *agree*.\n\nA second paragraph, with a <a href=\"https://example.org/\">link</a>.]]></wp:comment_content><wp:comment_approved><![CDATA[{}]]></wp:comment_approved><wp:comment_type><![CDATA[{kind}]]></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>",
                comment_id % 250,
                if comment_id % 50 == 0 { "0" } else { "1" }
            );
            s.push('\n');
            comment_id += 1;
        }
        s.push_str("</item>\n");
    }
    s.push_str("</channel>\n</rss>\n");
    s
}
