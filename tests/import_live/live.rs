//! The harness of `tests/import_live.rs`: a private MariaDB and PHP's built-in server running
//! Debian's WordPress on 127.0.0.1, a small HTTP server for the error cases, and a reader of
//! the book folders an import writes.

use crate::common::{copy_dir, strict};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Debian's WordPress.
const WORDPRESS: &str = "/usr/share/wordpress";

/// A running WordPress: its database server, its web server and the ids `fill.php` made.
pub struct WordPress {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    dir: tempfile::TempDir,
    db: Child,
    web: Option<Child>,
    ids: serde_json::Value,
}

fn harness(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/live-wordpress")
        .join(name)
}

/// The first of `names` found on the PATH or in /usr/sbin.
fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    dirs.extend(["/usr/sbin", "/usr/bin", "/sbin"].map(PathBuf::from));
    names
        .iter()
        .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

fn run(command: &mut Command, what: &str) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl WordPress {
    /// Starts MariaDB and WordPress and fills the site, or says why it cannot (and fails
    /// under `CHAPBOOK_STRICT=1`).
    pub fn start() -> Option<WordPress> {
        let php = program(&["php"]);
        let mariadbd = program(&["mariadbd", "mysqld"]);
        let install_db = program(&["mariadb-install-db", "mysql_install_db"]);
        let client = program(&["mariadb", "mysql"]);
        let mysqli = php.as_ref().is_some_and(|php| {
            Command::new(php)
                .args([
                    "-r",
                    "exit(extension_loaded('mysqli') && function_exists('imagepng') ? 0 : 1);",
                ])
                .status()
                .is_ok_and(|s| s.success())
        });
        let package = Path::new(WORDPRESS).join("wp-settings.php").is_file();
        let (Some(php), Some(mariadbd), Some(install_db), Some(client), true, true) =
            (php, mariadbd, install_db, client, mysqli, package)
        else {
            let message = "the live WordPress test needs Debian's wordpress, mariadb-server, php-cli, php-mysql and php-gd (.ci/run installs them)";
            assert!(!strict(), "{message} (CHAPBOOK_STRICT=1)");
            eprintln!("SKIPPED: {message}");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("db");
        let socket = dir.path().join("db.sock");
        let user = run(Command::new("id").arg("-un"), "id -un");
        run(
            Command::new(&install_db)
                .arg("--no-defaults")
                .arg(format!("--datadir={}", data.display()))
                .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
                .arg(format!("--user={}", user.trim())),
            "mariadb-install-db",
        );
        let db = Command::new(&mariadbd)
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!(
                "--pid-file={}",
                dir.path().join("db.pid").display()
            ))
            .arg(format!(
                "--log-error={}",
                dir.path().join("db.err").display()
            ))
            .args(["--skip-networking", "--innodb-buffer-pool-size=16M"])
            .arg(format!("--user={}", user.trim()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mariadbd");
        let mut wp = WordPress {
            url: String::new(),
            dir,
            db,
            web: None,
            ids: serde_json::Value::Null,
        };
        wait_for("MariaDB", || {
            Command::new(&client)
                .arg("--no-defaults")
                .arg(format!("--socket={}", socket.display()))
                .args([
                    "-u",
                    "root",
                    "-e",
                    "CREATE DATABASE IF NOT EXISTS wordpress",
                ])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        });
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        wp.url = format!("http://127.0.0.1:{port}");
        std::fs::create_dir_all(wp.dir.path().join("content/wp-content")).unwrap();
        let env = [
            ("CHAPBOOK_WP_SOCKET", socket.display().to_string()),
            ("CHAPBOOK_WP_ROOT", WORDPRESS.to_string()),
            (
                "CHAPBOOK_WP_DIR",
                wp.dir.path().join("content").display().to_string(),
            ),
            ("CHAPBOOK_WP_URL", wp.url.clone()),
        ];
        let ids = run(
            Command::new(&php)
                .arg(harness("fill.php"))
                .envs(env.clone()),
            "fill.php",
        );
        wp.ids = serde_json::from_str(ids.trim()).expect("fill.php prints its ids");
        let web = Command::new(&php)
            .args(["-S", &format!("127.0.0.1:{port}"), "-t", WORDPRESS])
            .arg(harness("router.php"))
            .envs(env)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start php -S");
        wp.web = Some(web);
        wait_for("PHP's server", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        Some(wp)
    }

    /// Writes the site's WXR export with `export_wp()` to `path`, its uploads beside it.
    pub fn export(&self, path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let socket = self.dir.path().join("db.sock");
        run(
            Command::new("php")
                .arg(harness("export.php"))
                .arg(path)
                .env("CHAPBOOK_WP_SOCKET", socket)
                .env("CHAPBOOK_WP_ROOT", WORDPRESS)
                .env("CHAPBOOK_WP_DIR", self.dir.path().join("content"))
                .env("CHAPBOOK_WP_URL", &self.url),
            "export.php",
        );
        copy_dir(
            &self.dir.path().join("content/wp-content/uploads"),
            &path.parent().unwrap().join("uploads"),
        );
    }

    /// How many approved comments (not pingbacks) the site has.
    pub fn approved_comments(&self) -> usize {
        self.ids["comments"].as_array().map_or(0, Vec::len)
    }

    /// The start of the bio `fill.php` gave the author.
    pub fn bio(&self, id: &str) -> &'static str {
        match id {
            "aigerim" => "Aigerim Seitkali keeps the catalogue of the Steppe Library",
            _ => "Nikolai Petrov translates from Russian.",
        }
    }

    /// The address of the image `fill.php` uploaded.
    pub fn image_url(&self) -> String {
        self.ids["image"].as_str().unwrap_or_default().to_string()
    }

    /// The bytes of an upload on the site.
    pub fn upload(&self, path: &str) -> Vec<u8> {
        std::fs::read(
            self.dir
                .path()
                .join("content/wp-content/uploads")
                .join(path),
        )
        .unwrap()
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        for child in self.web.iter_mut().chain([&mut self.db]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The one site folder under a book's `.chapbook-cache/http/`.
pub fn only_cache_folder(book: &Path) -> PathBuf {
    let sites: Vec<PathBuf> = std::fs::read_dir(book.join(".chapbook-cache/http"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(sites.len(), 1, "{sites:?}");
    sites[0].clone()
}

/// One entry file: its front matter (parsed), the notes written as TOML comments, the body.
#[derive(Debug, PartialEq)]
pub struct Entry {
    pub front: toml::Table,
    pub notes: Vec<String>,
    pub body: String,
}

impl Entry {
    /// Whether the body holds `text`.
    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

/// One response of a `.comments.toml` file, as written.
#[derive(Debug, PartialEq, serde::Deserialize)]
pub struct Comment {
    pub id: String,
    pub parent: Option<String>,
    #[serde(default = "comment_kind")]
    pub kind: String,
    pub author: String,
    pub url: Option<String>,
    pub date: Option<String>,
    pub body: Option<String>,
}

fn comment_kind() -> String {
    "comment".into()
}

/// A book folder as an import wrote it.
pub struct Book {
    /// Entry files by name.
    pub entries: BTreeMap<String, Entry>,
    /// Responses by entry file name (only entries that have some).
    pub comments: BTreeMap<String, Vec<Comment>>,
    /// Author pages by id: name and bio.
    pub authors: BTreeMap<String, (String, String)>,
    /// Images by name.
    pub images: BTreeMap<String, Vec<u8>>,
}

fn files(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let Ok(items) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = items
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap();
            (n, text)
        })
        .collect();
    out.sort();
    out
}

/// Front matter (`+++`) and body.
fn split(name: &str, text: &str) -> (String, String) {
    let rest = text
        .strip_prefix("+++\n")
        .unwrap_or_else(|| panic!("{name} starts with +++"));
    let (front, body) = rest
        .split_once("\n+++\n")
        .unwrap_or_else(|| panic!("{name} closes its front matter"));
    (front.to_string(), body.to_string())
}

impl Book {
    /// Reads the folder.
    pub fn read(root: &Path) -> Book {
        let mut entries = BTreeMap::new();
        let mut comments = BTreeMap::new();
        for (name, text) in files(&root.join("entries"), ".md") {
            let (front, body) = split(&name, &text);
            let notes = front
                .lines()
                .filter_map(|l| l.strip_prefix("# "))
                .map(str::to_string)
                .collect();
            let front: toml::Table = toml::from_str(&front).unwrap();
            entries.insert(name, Entry { front, notes, body });
        }
        for (name, text) in files(&root.join("entries"), ".comments.toml") {
            #[derive(serde::Deserialize)]
            struct File {
                comment: Vec<Comment>,
            }
            let file: File = toml::from_str(&text).unwrap();
            let entry = name.replace(".comments.toml", ".md");
            assert!(entries.contains_key(&entry), "{name} has its entry");
            comments.insert(entry, file.comment);
        }
        let mut authors = BTreeMap::new();
        for (name, text) in files(&root.join("authors"), ".md") {
            let (front, body) = split(&name, &text);
            let front: toml::Table = toml::from_str(&front).unwrap();
            let display = front["name"].as_str().unwrap().to_string();
            authors.insert(name.trim_end_matches(".md").to_string(), (display, body));
        }
        let mut images = BTreeMap::new();
        if let Ok(items) = std::fs::read_dir(root.join("images")) {
            for item in items.flatten() {
                let name = item.file_name().to_string_lossy().into_owned();
                images.insert(name, std::fs::read(item.path()).unwrap());
            }
        }
        Book {
            entries,
            comments,
            authors,
            images,
        }
    }
}

/// Fails when any file under `root` holds an e-mail or IP address the site keeps private.
pub fn assert_nothing_private(root: &Path) {
    fn walk(dir: &Path, found: &mut Vec<String>) {
        for item in std::fs::read_dir(dir).unwrap().flatten() {
            let path = item.path();
            if item.file_type().unwrap().is_dir() {
                walk(&path, found);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                for private in [
                    "203.0.113.7",
                    "@readers.invalid",
                    "@library.invalid",
                    "@admin.invalid",
                ] {
                    if text.contains(private) {
                        found.push(format!("{} holds {private}", path.display()));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(root, &mut found);
    assert!(found.is_empty(), "{found:#?}");
}

/// Every comment of an EPUB, in reading order: (its id, its author, the id of the comment it
/// is nested under).
pub fn epub_threads(epub: &Path) -> Vec<(String, String, Option<String>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut out = Vec::new();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    for name in names.iter().filter(|n| n.ends_with(".xhtml")) {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let doc = roxmltree::Document::parse_with_options(
            &text,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let is_comment =
            |n: &roxmltree::Node| n.has_tag_name("li") && n.attribute("class") == Some("comment");
        for li in doc.descendants().filter(is_comment) {
            let author = li
                .descendants()
                .find(|n| n.attribute("class").is_some_and(|c| c.contains("author")))
                .map(|n| {
                    n.descendants()
                        .filter(|t| t.is_text())
                        .map(|t| t.text().unwrap())
                        .collect::<String>()
                        .trim()
                        .to_string()
                })
                .unwrap_or_default();
            let parent = li
                .ancestors()
                .skip(1)
                .find(is_comment)
                .and_then(|a| a.attribute("id"))
                .map(|id| format!("{name}#{id}"));
            let id = format!("{name}#{}", li.attribute("id").unwrap_or_default());
            out.push((id, author, parent));
        }
    }
    out
}

/// A one-entry RSS feed.
pub fn small_feed() -> String {
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Small</title><link>http://127.0.0.1/</link><item><title>One</title><link>http://127.0.0.1/one</link><guid>one</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate><description>Hello there.</description></item></channel></rss>".into()
}

/// A few lines of HTTP server on 127.0.0.1 for the error cases: `answer(n)` gives the n-th
/// request's (status, content type, body; for a redirect, the body is the `Location`), always
/// with `Retry-After: 0`.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Requests answered.
    pub count: Arc<AtomicUsize>,
    /// When each request came.
    pub times: Arc<Mutex<Vec<Instant>>>,
}

impl Server {
    pub fn start(
        answer: impl Fn(usize) -> (u16, &'static str, Vec<u8>) + Send + 'static,
    ) -> Server {
        Server::serve(move |n, _| {
            let (status, kind, body) = answer(n);
            (status, kind, body, String::new())
        })
    }

    /// A server whose `answer(n, path)` gives (status, content type, body, more header lines
    /// each ending in CRLF).
    pub fn serve(
        answer: impl Fn(usize, &str) -> (u16, &'static str, Vec<u8>, String) + Send + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let count = Arc::new(AtomicUsize::new(0));
        let counter = count.clone();
        let times = Arc::new(Mutex::new(Vec::new()));
        let arrivals = times.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                let _ = reader.read_line(&mut request);
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                // The headers; requests have no body.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let n = counter.fetch_add(1, Ordering::SeqCst);
                arrivals.lock().unwrap().push(Instant::now());
                let (status, kind, mut body, more) = answer(n, &path);
                // A redirect's body is where it sends.
                let location = if (300..400).contains(&status) {
                    let to = String::from_utf8_lossy(&body).into_owned();
                    body.clear();
                    format!("Location: {to}\r\n")
                } else {
                    String::new()
                };
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{location}{more}Retry-After: 0\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Server { url, count, times }
    }
}
