//! `chapbook serve` through the binary: a copy of the sample book served on a free port,
//! asked for over HTTP (the contents page, an entry, the CSS, the PDF, addresses that try to
//! leave the preview), broken and mended, stopped with Ctrl-C; and in headless Chromium, an
//! entry edited while the page is open (it reloads by itself and shows the edit), with
//! axe-core on the preview's pages.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Longest wait for one build of the sample book (a debug binary on a busy machine).
const BUILD_TIMEOUT: Duration = Duration::from_secs(600);

/// A running `chapbook serve`, stopped when dropped.
struct Serve {
    child: Child,
    port: u16,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Serve {
    /// Starts `chapbook serve ARGS --port 0` in `dir` and reads the address it prints.
    fn start(dir: &Path, args: &[&str]) -> Serve {
        let mut child = Command::new(common::bin())
            .arg("serve")
            .args(args)
            .args(["--port", "0"])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        assert!(line.contains("Ctrl-C stops"), "{line}");
        let (tx, stderr) = std::sync::mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Serve {
            child,
            port,
            stderr,
        }
    }

    /// The build number the preview shows.
    fn build(&self) -> u64 {
        let (status, _, body) = get(self.port, "/_chapbook/version");
        assert_eq!(status, 200);
        String::from_utf8(body).unwrap().trim().parse().unwrap()
    }

    /// Waits until build `n` is shown.
    fn wait_for_build(&self, n: u64) {
        let start = Instant::now();
        while self.build() < n {
            assert!(start.elapsed() < BUILD_TIMEOUT, "build {n} never came");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What it printed on stderr so far.
    fn messages(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw `GET target` (sent as written: no client tidies `..` away): status, headers, body.
fn get(port: u16, target: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    let split = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a reply with headers");
    let head = String::from_utf8_lossy(&reply[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (
        status,
        head.to_ascii_lowercase(),
        reply[split + 4..].to_vec(),
    )
}

/// A copy of the sample book in a temporary folder.
fn sample_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("book"), dir.path());
    dir
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

#[test]
fn serves_the_book_refuses_addresses_out_of_it_shows_a_failed_build_and_stops_on_ctrl_c() {
    let book = sample_book();
    let elsewhere = tempfile::tempdir().unwrap();
    let book_toml = book.path().join("book.toml");
    let serve = Serve::start(elsewhere.path(), &[book_toml.to_str().unwrap()]);
    serve.wait_for_build(1);

    let (status, head, body) = get(serve.port, "/");
    assert_eq!(status, 200, "{}", text(&body));
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    let index = text(&body);
    for link in [
        "href=\"book/text/three-alphabets.xhtml\"",
        "href=\"book/text/egov-saturdays.xhtml#responses\"",
        "href=\"book/text/author-aigerim.xhtml\"",
        "href=\"steppe-notes.pdf\"",
        "href=\"steppe-notes.epub\"",
        "src=\"/_chapbook/live.js\"",
    ] {
        assert!(
            index.contains(link),
            "{link} not in the contents page:\n{index}"
        );
    }
    // Every page of the contents page is there.
    for href in index.split("href=\"book/").skip(1) {
        let target = href.split(['"', '#']).next().unwrap();
        let (status, _, _) = get(serve.port, &format!("/book/{target}"));
        assert_eq!(status, 200, "/book/{target}");
    }

    let (status, head, body) = get(serve.port, "/book/text/three-alphabets.xhtml");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: application/xhtml+xml"),
        "{head}"
    );
    let entry = text(&body);
    common::parse_xml("the served entry", &entry);
    assert!(entry.contains("Walk down almost any main street in Astana"));
    assert!(entry.contains("<meta name=\"chapbook-build\" content=\"1\"/>"));
    assert!(
        entry.contains("rel=\"prev\" href=\"../text/nauryz-auylda.xhtml\""),
        "{entry}"
    );
    assert!(entry.contains("rel=\"next\" href=\"../text/shymkent-to-samarkand.xhtml\""));
    // A comment and an author page, as the EPUB has them.
    let (_, _, body) = get(serve.port, "/book/text/egov-saturdays.xhtml");
    assert!(text(&body).contains("id=\"responses\""));
    let (_, _, body) = get(serve.port, "/book/text/author-daniel.xhtml");
    assert!(text(&body).contains("Daniel Hale"));

    let (status, head, body) = get(serve.port, "/book/css/epub.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let css =
        common::Epub::open(&book.path().join("out/steppe-notes.epub")).bytes("OEBPS/css/epub.css");
    assert!(body == css, "the CSS is not the EPUB's");
    let (status, _, body) = get(serve.port, "/book/media/images/route-map.png");
    assert_eq!((status, &body[..8]), (200, &b"\x89PNG\r\n\x1a\n"[..]));

    let (status, head, body) = get(serve.port, "/steppe-notes.pdf");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/pdf"), "{head}");
    assert_eq!(
        body,
        std::fs::read(book.path().join("out/steppe-notes.pdf")).unwrap()
    );

    // Nothing outside the preview, however the address is written.
    for target in [
        "/../book.toml",
        "/book/../../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E/%2E%2E/book.toml",
        "/book/..%2f..%2fbook.toml",
        "/book/%2e%2e%2f%2e%2e%2fbook.toml",
        "/..%5cbook.toml",
        "/book/text/%00.xhtml",
    ] {
        let (status, _, body) = get(serve.port, target);
        assert_eq!(status, 400, "{target}: {}", text(&body));
        assert!(!text(&body).contains("Steppe Notes"), "{target}");
    }
    // Another site's name pointed at 127.0.0.1 (DNS rebinding) is refused.
    let mut stream = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
        serve.port
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    assert!(!reply.contains("Steppe Notes"));
    for target in [
        "/book.toml",
        "/entries/three-alphabets.md",
        "/out/steppe-notes.pdf",
    ] {
        let (status, _, body) = get(serve.port, target);
        assert_eq!(status, 404, "{target}");
        assert!(text(&body).contains("Not found"), "{target}");
    }
    // A link out of the book is not followed: the preview is served from memory.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&book_toml, book.path().join("images/secret.png")).unwrap();
        serve.wait_for_build(2);
        let (status, _, _) = get(serve.port, "/book/media/images/secret.png");
        assert_ne!(status, 200);
        std::fs::remove_file(book.path().join("images/secret.png")).unwrap();
        serve.wait_for_build(3);
    }

    // A broken book: every page shows the problem, with its file and line; then it mends.
    let before = serve.build();
    let good = std::fs::read_to_string(&book_toml).unwrap();
    std::fs::write(&book_toml, format!("{good}\nauthor = [\n")).unwrap();
    serve.wait_for_build(before + 1);
    for page in ["/", "/book/text/three-alphabets.xhtml"] {
        let (status, _, body) = get(serve.port, page);
        let page_text = text(&body);
        assert_eq!(status, 503, "{page_text}");
        assert!(page_text.contains("The book does not build"), "{page_text}");
        assert!(page_text.contains("book.toml:"), "{page_text}");
        assert!(!page_text.contains("Walk down almost any main street"));
    }
    std::fs::write(&book_toml, &good).unwrap();
    serve.wait_for_build(before + 2);
    let (status, _, body) = get(serve.port, "/book/text/three-alphabets.xhtml");
    assert_eq!(status, 200);
    assert!(text(&body).contains("Walk down almost any main street"));
    assert!(
        serve
            .messages()
            .contains("shows these problems until the book builds again")
    );

    // Ctrl-C: a clean stop, status 0, no temporary file left.
    let mut serve = serve;
    let pid = serve.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = serve.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{}", serve.messages());
    std::thread::sleep(Duration::from_millis(100));
    assert!(serve.messages().contains("stopped"));
    let left: Vec<_> = std::fs::read_dir(book.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part") || n.starts_with(".chapbook-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_port_in_use_is_named_with_the_fix() {
    let book = common::cli::book();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(common::bin())
        .args(["serve", "--port", &port])
        .current_dir(book.path())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("`chapbook serve --port 3000`"), "{stderr}");
    assert!(!book.path().join("out").exists(), "nothing is built");
}

/// node, Chromium, puppeteer and axe-core, when all are installed.
struct Browser {
    chromium: PathBuf,
    puppeteer: PathBuf,
    axe: PathBuf,
}

fn browser() -> Result<Browser, String> {
    let chromium = std::env::var_os("PUPPETEER_EXECUTABLE_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        return Err(format!("no Chromium at {}", chromium.display()));
    }
    let root = Command::new("npm")
        .args(["root", "-g"])
        .output()
        .map_err(|e| format!("no npm ({e})"))?;
    let root = PathBuf::from(text(&root.stdout).trim());
    let puppeteer = [
        root.join("puppeteer"),
        root.join("@daisy/ace-cli/node_modules/puppeteer"),
    ]
    .into_iter()
    .find(|p| p.join("package.json").is_file())
    .ok_or(format!("no puppeteer under {}", root.display()))?;
    let axe = root.join("axe-core/axe.min.js");
    if !axe.is_file() {
        return Err(format!(
            "no {} (npm install --global axe-core)",
            axe.display()
        ));
    }
    Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("no node ({e})"))?;
    Ok(Browser {
        chromium,
        puppeteer,
        axe,
    })
}

#[test]
fn a_page_open_in_chromium_reloads_itself_after_an_edit_and_the_preview_passes_axe() {
    let browser = match browser() {
        Ok(browser) => browser,
        Err(why) => {
            assert!(!common::strict(), "CHAPBOOK_STRICT=1 and {why}");
            eprintln!(
                "skipped: the browser test needs node, Chromium, puppeteer and axe-core: {why}"
            );
            return;
        }
    };
    let book = sample_book();
    // Found from inside the book, as cargo finds Cargo.toml.
    let serve = Serve::start(&book.path().join("entries"), &[]);
    serve.wait_for_build(1);
    let shots = tempfile::tempdir().unwrap();
    let (before_png, after_png, failed_png) = (
        shots.path().join("before.png"),
        shots.path().join("after.png"),
        shots.path().join("failed.png"),
    );
    let old = "Walk down almost any main street in Astana and count the scripts.";
    let new = "Edited while the preview was open: this sentence is new.";
    let run = Command::new("node")
        .arg(common::repo().join("tests/tools/serve_browser.js"))
        .env("PUPPETEER_DIR", &browser.puppeteer)
        .env("AXE_PATH", &browser.axe)
        .env("CHROMIUM", &browser.chromium)
        .env("SERVE_URL", format!("http://127.0.0.1:{}/", serve.port))
        .env("ENTRY_PATH", "book/text/three-alphabets.xhtml")
        .env("SOURCE", book.path().join("entries/three-alphabets.md"))
        .env("OLD_TEXT", old)
        .env("NEW_TEXT", new)
        .env("BEFORE_PNG", &before_png)
        .env("AFTER_PNG", &after_png)
        .env("FAILED_PNG", &failed_png)
        .env("BOOK_TOML", book.path().join("book.toml"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}\n{}",
        text(&run.stderr),
        serve.messages()
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let field = |name: &str| report[name].as_str().unwrap_or_default().to_string();
    assert_eq!(report["status_before"], 200);
    assert!(field("content_type").starts_with("application/xhtml+xml"));
    assert!(field("text_before").contains(old) && !field("text_before").contains(new));
    // Reloaded by the page's own script (the mark set on the old page is gone), with the edit.
    assert_eq!(report["status_after"], 200, "{report}");
    assert!(report["mark_after"].is_null(), "{report}");
    assert!(field("text_after").contains(new) && !field("text_after").contains(old));
    // The broken book.toml shown in the page, with its line and fix; then the entry again.
    assert_eq!(report["status_failed"], 503, "{report}");
    let failed = field("text_failed");
    assert!(failed.contains("The book does not build"), "{failed}");
    assert!(failed.contains("unknown key `autor`"), "{failed}");
    assert!(failed.contains("--> book.toml:"), "{failed}");
    assert!(failed.contains("did you mean `authors`?"), "{failed}");
    assert!(!failed.contains(new));
    assert_eq!(report["status_mended"], 200, "{report}");
    assert!(field("text_mended").contains(new));
    assert_eq!(serve.build(), 4);
    eprintln!("reloaded {} s after the edit", report["seconds_to_reload"]);
    for page in ["axe_entry", "axe_failed", "axe_index"] {
        let violations = report[page].as_array().expect("axe ran");
        assert!(violations.is_empty(), "{page}: {violations:#?}");
    }
    assert!(
        report["index_links"]
            .to_string()
            .contains("steppe-notes.pdf")
    );
    let pages = report["axe_pages"]
        .as_object()
        .expect("axe ran on every page");
    assert!(pages.len() >= 7, "{pages:?}");
    for (page, violations) in pages {
        assert_eq!(
            violations.as_array().map(Vec::len),
            Some(0),
            "{page}: {violations:#}"
        );
    }
    eprintln!(
        "axe-core: 0 violations on the contents page and {} pages: {:?}",
        pages.len(),
        pages.keys().collect::<Vec<_>>()
    );

    // The screenshots: pages of the viewport's size, different where the text changed.
    let decode = |path: &Path| {
        let mut reader =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()))
                .read_info()
                .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (720, 540));
        pixels
    };
    let (before, after) = (decode(&before_png), decode(&after_png));
    assert_ne!(before, after, "the page looks the same after the edit");
    assert!(before.iter().any(|&b| b < 128), "the page before is blank");
    if std::env::var("CHAPBOOK_BLESS").is_ok_and(|v| v == "1") {
        for (from, name) in [
            (&before_png, "serve-before.png"),
            (&after_png, "serve-after.png"),
            (&failed_png, "serve-failed.png"),
        ] {
            std::fs::copy(from, common::repo().join("docs").join(name)).unwrap();
        }
    }
}
