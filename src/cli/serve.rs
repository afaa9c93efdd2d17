//! `chapbook serve`: the command line of the live preview (`chapbook::serve`): the address to
//! listen on, the browser to open, Ctrl-C, and what is printed as the book is rebuilt.

use crate::output::{errln, outln};
use crate::report::{self, MessageFormat};
use chapbook::serve::{Control, ServeEvent, Stop};
use clap::Args;
use std::net::{Ipv4Addr, TcpListener};
use std::process::ExitCode;
use std::sync::Arc;

/// mdBook's port, which readers of its guide already know.
const DEFAULT_PORT: u16 = 3000;

/// `chapbook serve`: `watch`'s arguments, and where to listen.
#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    watch: crate::batch::WatchArgs,
    /// The port to listen on (on 127.0.0.1 only); 0 picks a free one.
    #[arg(long, short, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
}

/// Runs `chapbook serve` until Ctrl-C.
pub fn serve(args: ServeArgs) -> ExitCode {
    let options = match args.watch.options() {
        Ok(options) => options,
        Err(status) => return status,
    };
    let book_dir = options.book_dir.clone();
    if !book_dir.is_dir() {
        return crate::usage_error(&format!(
            "this book folder does not exist\n  --> {}\n  = help: give the folder that holds book.toml, or run `chapbook serve` inside it",
            book_dir.display()
        ));
    }
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)) {
        Ok(listener) => listener,
        Err(e) => return cannot_listen(args.port, &e),
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    let url = format!("http://127.0.0.1:{port}/");
    let book = if book_dir == std::path::Path::new(".") {
        "this folder".to_string()
    } else {
        book_dir.display().to_string()
    };
    outln!("serving the book in {book} at {url} (Ctrl-C stops)");
    if args.open {
        open(&url);
    }
    let control = Arc::new(Control::default());
    let handler = Arc::clone(&control);
    let stopping = ctrlc::set_handler(move || {
        let now = || {
            errln!("stopped");
            std::process::exit(0);
        };
        match handler.stop(now) {
            Stop::AfterBuild => errln!(
                "stopping when the build in progress has written its files (Ctrl-C again stops at once)…"
            ),
            Stop::Again => {
                errln!(
                    "stopped during a build: temporary files (.chapbook-*) may be left in the output folder"
                );
                std::process::exit(130);
            }
        }
    });
    if let Err(e) = stopping {
        report::note(
            MessageFormat::Human,
            &format!("Ctrl-C cannot be caught ({e}); it stops the preview at once"),
        );
    }
    let waiting = crate::batch::waiting_note(&options.out_dir);
    let result = chapbook::serve::serve(&options, listener, &control, &waiting, &mut |event| {
        match event {
            ServeEvent::Watch(event) => {
                crate::batch::print_watch_event(&book_dir, &options.out_dir, &event);
                if let chapbook::watch::WatchEvent::Built(outcome) = event
                    && outcome.failed()
                {
                    errln!("the preview at {url} shows these problems until the book builds again");
                }
            }
            ServeEvent::Unreadable(message) => {
                errln!("{}: {message}", report::paint("error", "1;31"));
            }
        }
        true
    });
    match result {
        Ok(()) => {
            errln!("stopped");
            ExitCode::SUCCESS
        }
        Err(message) => {
            errln!("{}: {message}", report::paint("error", "1;31"));
            ExitCode::from(1)
        }
    }
}

/// The port cannot be listened on: what happened and what to do, status 1.
fn cannot_listen(port: u16, e: &std::io::Error) -> ExitCode {
    let other = if port == DEFAULT_PORT {
        3001
    } else {
        DEFAULT_PORT
    };
    let (what, help) = match e.kind() {
        std::io::ErrorKind::AddrInUse => (
            format!("port {port} on 127.0.0.1 is already in use (by another preview or program)"),
            format!(
                "stop that program, or choose another port: `chapbook serve --port {other}` (`--port 0` picks a free one)"
            ),
        ),
        std::io::ErrorKind::PermissionDenied => (
            format!("port {port} on 127.0.0.1 may not be used by this user ({e})"),
            format!(
                "ports below 1024 need administrator rights; choose another: `chapbook serve --port {other}`"
            ),
        ),
        _ => (
            format!("cannot listen on port {port} of 127.0.0.1: {e}"),
            format!("choose another port: `chapbook serve --port {other}`"),
        ),
    };
    errln!(
        "{}: {what}\n  = help: {help}",
        report::paint("error", "1;31")
    );
    ExitCode::from(1)
}

/// Opens `url` in the default browser; says so when it cannot.
fn open(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let started = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = started {
        report::note(
            MessageFormat::Human,
            &format!("cannot open a browser ({e}); open {url} yourself"),
        );
    }
}
