//! `chapbook check book | head -1`: a reader that closes the pipe early ends chapbook quietly
//! with status 0 (it used to panic on the broken pipe and exit with 101).

use std::process::{Command, Stdio};

#[test]
fn a_closed_stdout_ends_check_quietly_with_status_0() {
    let book = concat!(env!("CARGO_MANIFEST_DIR"), "/book");
    let mut child = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["check", book])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before chapbook writes its first line, as `head -1` does after
    // its line: every write then fails with a broken pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "stderr:\n{stderr}");
}

#[test]
fn check_piped_into_head_exits_0() {
    let book = concat!(env!("CARGO_MANIFEST_DIR"), "/book");
    let script = format!(
        "set -o pipefail; '{}' check '{book}' | head -1 >/dev/null",
        env!("CARGO_BIN_EXE_chapbook")
    );
    let status = Command::new("bash").args(["-c", &script]).status().unwrap();
    assert_eq!(status.code(), Some(0));
}
