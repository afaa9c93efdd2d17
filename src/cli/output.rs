//! Printing for the command line: a reader that closes the pipe early (`chapbook check |
//! head -1`) ends the program quietly with status 0, as it does for cat or ripgrep, instead
//! of a panic; a closed stderr is not a reason to stop either.

use std::fmt;
use std::io::Write;

/// Writes to stdout; on a closed pipe, exits with status 0.
pub fn stdout(args: fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// Writes to stderr, ignoring a stderr that cannot be written.
pub fn stderr(args: fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `println!` through [`stdout`].
macro_rules! outln {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` through [`stdout`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*)) };
}

/// `eprintln!` through [`stderr`].
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {errln, out, outln};
