#!/usr/bin/env python3
"""Writes src/source/subtags.tsv, the compact table of the IANA Language Subtag Registry that
chapbook compiles in to check language tags, from the registry as the npm package
`language-subtag-registry` ships it (data/json/registry.json, the registry file in JSON).

    npm pack language-subtag-registry && tar xzf language-subtag-registry-*.tgz
    python3 scripts/subtags.py package/data/json > src/source/subtags.tsv

One line per subtag: kind (l language, e extlang, s script, r region, v variant), the subtag,
its first description, and the preferred value of a deprecated one. The first line names the
registry's date.
"""
import json
import sys
from pathlib import Path

KINDS = {"language": "l", "extlang": "e", "script": "s", "region": "r", "variant": "v"}


def main(folder: str) -> None:
    folder = Path(folder)
    registry = json.loads((folder / "registry.json").read_text(encoding="utf-8"))
    date = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["File-Date"]
    print(f"# IANA Language Subtag Registry, File-Date {date}, via npm language-subtag-registry; scripts/subtags.py")
    rows = []
    for record in registry:
        kind = KINDS.get(record["Type"])
        if kind is None:
            continue  # grandfathered and redundant tags: whole tags, not subtags
        subtag = record["Subtag"]
        if ".." in subtag:
            continue  # private-use ranges (qaa..qtz): accepted by shape
        description = record["Description"][0].replace("\t", " ")
        preferred = record.get("Preferred-Value", "") if "Deprecated" in record else ""
        rows.append((kind, subtag, description, preferred))
    for row in sorted(rows, key=lambda r: ("lesrv".index(r[0]), r[1].lower())):
        print("\t".join(row).rstrip("\t"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/data/json")
