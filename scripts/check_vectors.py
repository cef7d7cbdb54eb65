#!/usr/bin/env python3
"""Feeds every conformance vector in DIR/*.json to the decide harness binary and
checks each answer against the vector's `want`.

Usage: check_vectors.py HARNESS_BINARY DIR

Kinds the harness reports as "not supported yet" are counted, not failed; any
wrong answer, or an answer missing for a supported kind, fails the run.
"""
import json
import pathlib
import subprocess
import sys

KIND_OF_FILE = {"ranges": "range", "dates": "date", "dates_format": "date_format"}


def same(want, got):
    if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(want, bool):
        return abs(want - got) < 1e-9
    return want == got


def main():
    harness, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    inputs = []
    for path in sorted(folder.glob("*.json")):
        for vector in json.loads(path.read_text()):
            vector = dict(vector)
            vector.setdefault("kind", KIND_OF_FILE.get(path.stem, path.stem))
            inputs.append(vector)
    lines = "".join(json.dumps(v) + "\n" for v in inputs)
    out = subprocess.run([harness], input=lines.encode(), capture_output=True, check=True)
    answers = out.stdout.decode().splitlines()
    if len(answers) != len(inputs):
        sys.exit(f"{len(inputs)} inputs but {len(answers)} answers")
    passed, failed, unsupported = 0, [], {}
    for vector, line in zip(inputs, answers):
        answer = json.loads(line)
        if answer.get("id") != vector["id"]:
            sys.exit(f"answers out of order at {vector['id']}")
        if "error" in answer:
            if "not supported yet" in answer["error"]:
                unsupported[vector["kind"]] = unsupported.get(vector["kind"], 0) + 1
                continue
            failed.append(f"{vector['id']}: error {answer['error']}")
            continue
        got, want = answer["got"], vector["want"]
        ok = same(want, got)
        if ok:
            passed += 1
        else:
            failed.append(f"{vector['id']}: want {json.dumps(want)} got {json.dumps(got)}")
    for f in failed:
        print("FAIL", f)
    skipped = ", ".join(f"{k}: {n}" for k, n in sorted(unsupported.items())) or "none"
    print(f"vectors: {passed} passed, {len(failed)} failed (kinds not supported yet: {skipped})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
