# Sourced by the bench scripts that compare chapbook builds: `repo` is this checkout; with no
# binaries left in the arguments, this checkout's release build is made and becomes the one
# binary ("$@"); `work` is a temporary folder, removed on exit.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ $# -eq 0 ]; then
    cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
    set -- "$repo/target/release/chapbook"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
