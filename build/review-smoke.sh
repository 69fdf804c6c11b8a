#!/usr/bin/env bash
# Access review commands from the packaged jar (issue 16), on a run the jar's demo files:
# review start, status, import (an untouched workbook must be refused with exit 2), close --force,
# and the pack's manifest digests. .ci/run runs it after `./mvnw -B -DskipTests package`.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/idaudit.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -jar "$jar" demo --quiet --out "$work/runs" > "$work/demo.txt"
run=$(ls -d "$work"/runs/*/ | head -1)
java -jar "$jar" review start --run "$run" --owners src/main/resources/idaudit/scenarios/acme/owners.yaml \
  --due 2027-01-15 --out "$work/review"
java -jar "$jar" review status "$work/review"
set +e
java -jar "$jar" review import "$work/review" "$work/review/to-review/alice@acme.example.xlsx" 2> "$work/import.err"
code=$?
set -e
test "$code" = 2 || { echo "an undecided workbook must be refused with exit 2, got $code"; exit 1; }
grep -q "sheet Review, row 2: item A.* has no decision" "$work/import.err"
java -jar "$jar" review close --force "$work/review"
cd "$work/review/closed"
python3 - <<'PY'
import hashlib, json
m = json.load(open("manifest.json"))
for f in m["files"]:
    assert hashlib.sha256(open(f["path"], "rb").read()).hexdigest() == f["sha256"], f["path"]
print("review smoke: pack of", len(m["files"]), "files matches its manifest")
PY
