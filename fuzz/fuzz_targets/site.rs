//! A static site's folder (a configuration chosen by the first byte, then a post, a
//! Staticman comment and a Disqus export separated by NUL bytes) into a book folder's files:
//! any bytes must give files or diagnostics, never a panic or a hang, and only safe names.
#![no_main]

use chapbook::import::{Filters, site, write};
use libfuzzer_sys::fuzz_target;

const CONFIGS: [(&str, &str, &str); 4] = [
    ("_config.yml", "title: T\nurl: https://a.org\nauthor:\n  name: A\n  email: a@b.org\n", "_posts/2020-01-01-p.md"),
    ("hugo.toml", "title = \"T\"\nbaseURL = \"https://a.org/\"\n", "content/post/p.md"),
    ("config.toml", "title = \"T\"\nbase_url = \"https://a.org\"\n", "content/blog/p.md"),
    (".eleventy.js", "module.exports = {};\n", "posts/p.md"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let (config, text, post) = CONFIGS[usize::from(first) % CONFIGS.len()];
    let mut parts = rest.splitn(3, |&b| b == 0);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let put = |rel: &str, bytes: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    put(config, text.as_bytes());
    put(post, parts.next().unwrap_or_default());
    put("content/.keep", b"");
    put("_data/comments/p/comment-1.yml", parts.next().unwrap_or_default());
    let disqus = dir.path().join("disqus.xml");
    std::fs::write(&disqus, parts.next().unwrap_or_default()).unwrap();
    let filters = Filters { include_drafts: true, include_future: true, include_pages: true, ..Filters::default() };
    if let Ok((book, _report)) = site::read(&root, &filters, &[disqus])
        && let Ok(files) = write::render(&book, &root)
    {
        for (name, bytes) in &files {
            assert!(!name.contains("..") && !name.starts_with('/'), "unsafe file name {name:?}");
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("a@b.org"), "an e-mail address reached {name}");
        }
    }
});
