"""Writes Tests/OctetImportTests/Fixtures/<name>.tflite and <name>.json for every fixture (or
those whose names start with the prefixes given). Run by scripts/make-tflite-fixtures.sh."""

import argparse
import json
import os
import sys

import families  # noqa: F401  (registers the op families)
import realistic  # noqa: F401
import unsupported  # noqa: F401
import goldens
from families import FIXTURES


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("prefixes", nargs="*")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    chosen = [f for f in FIXTURES if not args.prefixes or f.name.startswith(tuple(args.prefixes))]
    if not chosen:
        sys.exit(f"no fixture starts with {' or '.join(args.prefixes)}")
    for fixture in chosen:
        model_bytes = fixture.build(fixture.seed)
        record = goldens.golden(fixture, model_bytes)
        with open(os.path.join(args.out, fixture.name + ".tflite"), "wb") as f:
            f.write(model_bytes)
        with open(os.path.join(args.out, fixture.name + ".json"), "w") as f:
            json.dump(record, f, indent=1)
            f.write("\n")
        note = record.get("tflmError") or f"arena {record['arenaUsedBytes']} B"
        print(f"{fixture.name}: {len(model_bytes)} B, {' '.join(record['ops'])}; {note}", flush=True)


if __name__ == "__main__":
    main()
