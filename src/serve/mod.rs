//! `chapbook serve`: a live preview of a book on this machine. The book is built and rebuilt
//! on every change exactly as `chapbook watch` does it ([`crate::watch`]: the same debounce,
//! the same files ignored, the same outputs in the same folder); after each build the EPUB's
//! pages and the PDF are served from memory ([`site`]) by a small blocking HTTP server
//! (tiny_http, a few threads), and every page reloads itself when a new build is done.
//! Library code only: the command line binds the socket and prints what happens.

pub mod http;
pub mod pages;
pub mod site;

use crate::build::{BuildOptions, Format};
use crate::watch::{self, WatchEvent};
use http::{Preview, Shown};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

/// How many requests are answered at once (a browser opens a few connections; the PDF may
/// take a moment to send).
const THREADS: usize = 4;

/// The largest output read back into the preview.
const MAX_OUTPUT_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Whether a build is running and whether the preview was asked to stop: shared with the
/// Ctrl-C handler, so that stopping never cuts a build's writing short.
#[derive(Debug)]
pub struct Control {
    phase: Mutex<Phase>,
}

#[derive(Debug)]
struct Phase {
    building: bool,
    stop: bool,
}

/// What asking the preview to stop does.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    /// A build is writing: the preview stops when it is done.
    AfterBuild,
    /// Asked again while a build is writing: the caller may stop at once.
    Again,
}

impl Default for Control {
    fn default() -> Self {
        // The first build starts as soon as the preview does.
        Control {
            phase: Mutex::new(Phase {
                building: true,
                stop: false,
            }),
        }
    }
}

impl Control {
    /// Asks the preview to stop. When no build is running, `now` is called while no build
    /// can start (it is meant to end the process); otherwise the preview stops after the
    /// build, or, asked a second time, the caller is told so.
    pub fn stop(&self, now: impl FnOnce()) -> Stop {
        let mut phase = self.phase.lock().unwrap_or_else(|e| e.into_inner());
        if !phase.building {
            now();
            phase.stop = true;
            return Stop::AfterBuild;
        }
        if phase.stop {
            return Stop::Again;
        }
        phase.stop = true;
        Stop::AfterBuild
    }

    /// Marks a build as started; `false` when the preview is to stop instead.
    fn start_build(&self) -> bool {
        let mut phase = self.phase.lock().unwrap_or_else(|e| e.into_inner());
        phase.building = !phase.stop;
        !phase.stop
    }

    /// Marks a build as finished; `false` when the preview is to stop now.
    fn finish_build(&self) -> bool {
        let mut phase = self.phase.lock().unwrap_or_else(|e| e.into_inner());
        phase.building = false;
        !phase.stop
    }
}

/// What the preview reports to its caller.
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// What the watcher reported: files changed, or a build finished.
    Watch(WatchEvent<'a>),
    /// A build finished but its outputs could not be made into a preview (the EPUB could not
    /// be read back): the reason, also shown in the browser.
    Unreadable(&'a str),
}

/// Serves the book on `listener` and rebuilds it on every change until `control` is asked to
/// stop (or `on_event` returns `false`). The EPUB is always built, as the preview shows its
/// pages. Returns an error message when the book folder cannot be watched.
pub fn serve(
    options: &BuildOptions,
    listener: TcpListener,
    control: &Control,
    on_wait: &(dyn Fn() + Sync),
    on_event: &mut dyn FnMut(ServeEvent) -> bool,
) -> Result<(), String> {
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot serve: {e}"))?
        .port();
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| format!("cannot serve: {e}"))?;
    let server = Arc::new(server);
    let preview = Arc::new(RwLock::new(Arc::new(Preview {
        build: 0,
        shown: Shown::Building,
    })));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let server = Arc::clone(&server);
            let preview = Arc::clone(&preview);
            std::thread::spawn(move || answer(&server, &preview, port))
        })
        .collect();
    let mut options = options.clone();
    if !options.formats.contains(&Format::Epub) {
        options.formats.insert(0, Format::Epub);
    }
    let mut build = 0;
    let result = watch::watch_with(
        &options,
        watch::DEBOUNCE,
        on_wait,
        &mut |event| match event {
            WatchEvent::Changed(_) => {
                if !control.start_build() {
                    return false;
                }
                on_event(ServeEvent::Watch(event))
            }
            WatchEvent::Built(outcome) => {
                build += 1;
                let shown = if outcome.failed() {
                    let list: Vec<_> = outcome.diagnostics.iter().collect();
                    Shown::Failed(pages::failed(build, &list))
                } else {
                    match read_site(&outcome.outputs, build) {
                        Ok(site) => Shown::Book(site),
                        Err(message) => {
                            on_event(ServeEvent::Unreadable(&message));
                            let problem =
                                crate::diag::Diagnostic::error(&options.out_dir, None, message);
                            Shown::Failed(pages::failed(build, &[&problem]))
                        }
                    }
                };
                *preview.write().unwrap_or_else(|e| e.into_inner()) =
                    Arc::new(Preview { build, shown });
                let go_on = on_event(ServeEvent::Watch(event));
                control.finish_build() && go_on
            }
        },
    );
    for _ in &workers {
        server.unblock();
    }
    for worker in workers {
        let _ = worker.join();
    }
    result
}

/// Answers requests until the server is unblocked.
fn answer(server: &tiny_http::Server, preview: &RwLock<Arc<Preview>>, port: u16) {
    while let Ok(request) = server.recv() {
        let shown = Arc::clone(&preview.read().unwrap_or_else(|e| e.into_inner()));
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str());
        let reply = match request.method() {
            _ if !http::local_host(host, port) => http::wrong_host(&shown, port),
            tiny_http::Method::Get | tiny_http::Method::Head => {
                http::respond(&shown, request.url())
            }
            _ => {
                let _ = request.respond(
                    tiny_http::Response::empty(405).with_header(header("Allow", "GET, HEAD")),
                );
                continue;
            }
        };
        let length = reply.resource.body.len();
        let response = tiny_http::Response::new(
            tiny_http::StatusCode(reply.status),
            vec![
                header("Content-Type", &reply.resource.content_type),
                // Every reload shows the newest build.
                header("Cache-Control", "no-store"),
                header("X-Content-Type-Options", "nosniff"),
            ],
            std::io::Cursor::new(Shared(reply.resource.body)),
            Some(length),
            None,
        )
        // A length, never chunks: a PDF viewer shows how much is left.
        .with_chunked_threshold(usize::MAX);
        // A browser that went away is no reason to stop.
        let _ = request.respond(response);
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// Shared bytes as a reader's buffer.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The preview of a good build, from the files it wrote.
fn read_site(outputs: &[std::path::PathBuf], build: u64) -> Result<site::Site, String> {
    let with = |extension: &str| {
        outputs
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == extension))
    };
    let read = |path: &Path| {
        crate::files::read_file(path, MAX_OUTPUT_BYTES)
            .map_err(|e| format!("cannot read {} back: {}", path.display(), e.reason()))
    };
    let name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let epub_path = with("epub").ok_or("the build wrote no EPUB")?;
    let epub = read(epub_path)?;
    let epub_name = name(epub_path);
    let pdf = match with("pdf") {
        Some(path) => Some((name(path), read(path)?)),
        None => None,
    };
    site::Site::from_outputs(site::Outputs {
        epub: &epub,
        epub_name: &epub_name,
        pdf,
        build,
    })
}
