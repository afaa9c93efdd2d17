//! Site import benchmark: a generated Jekyll site of 1,000 posts (YAML front matter, Liquid
//! figures, `post_url` links, highlight blocks, kramdown attributes) with 720 Staticman
//! comments in threads, as the test blog had, imported into a fresh book folder five
//! times through the library, as `chapbook import site` does. Prints the median time; the
//! budget is 2 seconds.
//!
//! Run with `cargo bench --bench import_site` (POSTS=n and COMMENTS=n change the size).

#[path = "common/imports.rs"]
mod imports;

use chapbook::import::SourceKind;
use imports::{env_number, report, time_imports};
use std::time::Duration;

/// The budget for 1,000 posts and 720 comments in a release build.
const BUDGET: Duration = Duration::from_secs(2);

fn main() {
    let posts: usize = env_number("POSTS", 1_000);
    let comments: usize = env_number("COMMENTS", 720);
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = dir.path().join("site");
    make_site(&site, posts, comments);
    let times = time_imports(SourceKind::Site, &site, dir.path(), posts);
    report(
        &format!("import site: {posts} posts, {comments} Staticman comments"),
        &times,
        BUDGET,
    );
}

fn write(path: &std::path::Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn make_site(site: &std::path::Path, posts: usize, comments: usize) {
    write(
        &site.join("_config.yml"),
        "title: Bench\nurl: https://bench.example.org\nauthor:\n  name: &n Ann\n  bio: Writes.\nname: *n\n",
    );
    write(
        &site.join("assets/images/a.png"),
        "not really a png, but a file",
    );
    for p in 0..posts {
        let day = 1 + p % 28;
        let month = 1 + (p / 28) % 12;
        let name = format!("2020-{month:02}-{day:02}-post-{p}");
        let previous = if p > 0 {
            format!(
                "2020-{:02}-{:02}-post-{}",
                1 + ((p - 1) / 28) % 12,
                1 + (p - 1) % 28,
                p - 1
            )
        } else {
            name.clone()
        };
        let body = format!(
            "---\ntitle: \"Post {p}: a title\"\ntags: [one, two]\ncategories:\n  - News\nlang: en\n---\n\
             An opening paragraph with *emphasis* and [a link to the last post]({{% post_url {previous} %}}).\n\n\
             {{% include figure image_path=\"/assets/images/a.png\" alt=\"A\" caption=\"A caption\" %}}\n\n\
             {{% highlight ruby %}}\nputs {p}\n{{% endhighlight %}}\n\nA notice.\n{{: .notice}}\n\n{}\n",
            "Some more words in a paragraph of ordinary prose. ".repeat(20)
        );
        write(&site.join(format!("_posts/{name}.md")), &body);
    }
    // Three comments a post on the first posts; every comment after the first round answers
    // the one a round before it, on the same post.
    let round = (comments / 3).clamp(1, posts);
    for c in 0..comments {
        let post = c % round;
        let reply = if c >= round {
            format!("c{}", c - round)
        } else {
            String::new()
        };
        write(
            &site.join(format!("_data/comments/post-{post}/comment-{c:06}.yml")),
            &format!(
                "_id: c{c}\nreplying_to_uid: '{reply}'\nmessage: \"Comment {c} with **Markdown**.\"\nname: Reader {c}\nemail: 0cc175b9c0f1b6a831c399e269772661\nurl: ''\ndate: '2021-01-01T10:00:00.000Z'\n"
            ),
        );
    }
}
