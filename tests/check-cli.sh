#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the built `oretrace --check` on real files (no display needed) and
# checks its lines and exit status.  TAP output.
# Usage: check-cli.sh ORETRACE-BINARY SOURCE-ROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")   # before the cd
cd "$2" || exit 1
n=0
failed=0

check () {  # description, expected status, expected text (grep -F), args...
  desc=$1 want_status=$2 want_text=$3
  shift 3
  n=$((n + 1))
  out=$("$bin" --check "$@" 2>&1)
  status=$?
  if [ "$status" -eq "$want_status" ] && printf '%s\n' "$out" | grep -qxF -- "$want_text"; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc (status $status)"
    printf '%s\n' "$out" | sed 's/^/# /'
    failed=1
  fi
}

echo "1..16"
check "sample CSV is clean" 0 \
  "files: 1, incidents loaded: 60, rows skipped: 0, errors: 0, warnings: 0" \
  data/samples/incidents.csv
check "sample JSON is clean" 0 \
  "files: 1, incidents loaded: 60, rows skipped: 0, errors: 0, warnings: 0" \
  data/samples/incidents.json
check "unknown country: file, line, message" 1 \
  'tests/data/bad-incidents.csv:3: error: unknown country "Thailnd" in column origin' \
  tests/data/bad-incidents.csv
check "impossible date on its line" 1 \
  'tests/data/bad-incidents.csv:4: error: impossible date "2024-13" in column date' \
  tests/data/bad-incidents.csv
check "summary counts the good rows" 1 \
  "files: 1, incidents loaded: 2, rows skipped: 2, errors: 2, warnings: 0" \
  tests/data/bad-incidents.csv
check "warnings only: exit 0" 0 \
  "tests/data/warnings.jsonl:1: warning: quantity without a unit; read as kg" \
  tests/data/warnings.jsonl
check "missing file: one error" 1 \
  "tests/data/no-such-file.csv: error: cannot open the file: No such file or directory" \
  tests/data/no-such-file.csv
check "a folder loads the files inside" 1 \
  "files: 2, incidents loaded: 4, rows skipped: 2, errors: 2, warnings: 2" \
  tests/data
# Issue 17: a case file (SQLite) is read like any incident file.
check "case file is read like the CSV it came from" 0 \
  "files: 1, incidents loaded: 60, rows skipped: 0, errors: 0, warnings: 0" \
  tests/data/case-v1.oretrace
tmp=$(mktemp -d)
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE t (a)")' \
  "$tmp/other.oretrace"
check "an SQLite file that is not a case: one clear error" 1 \
  "$tmp/other.oretrace: error: “$tmp/other.oretrace” is an SQLite database, but not an Oretrace case file" \
  "$tmp/other.oretrace"
head -c 20000 tests/data/case-v1.oretrace >"$tmp/cut.oretrace"
check "a truncated case: damaged, nothing loaded" 1 \
  "files: 1, incidents loaded: 0, rows skipped: 0, errors: 1, warnings: 0" \
  "$tmp/cut.oretrace"
rm -rf "$tmp"
# Issue 18: trade statistics alone: their rows counted, the skipped ones
# explained (warnings), no error.
check "published figures: trade rows, no error" 0 \
  "files: 1, incidents loaded: 0, trade rows loaded: 42, rows skipped: 0, errors: 0, warnings: 91" \
  data/samples/trade-published-figures.csv
check "trade rows per mineral and reporter" 0 \
  "  Antimony: 10 rows, by reporter: United States 10" \
  tests/data/trade/comtrade-bulk.txt
check "a bad Census row: file, line, message" 1 \
  "tests/data/trade/census-bad.json:3: error: “2025-13” is not a month (YYYY-MM); row skipped" \
  tests/data/trade/census-bad.json
# Issue 16: the evidence filters are for --summary and --export only.
check "--check refuses --no-illustrative" 2 \
  "--mineral, --status, --from, --to, --reliability, --credibility and --no-illustrative apply to --summary and --export, not to --check (it checks every record)" \
  --no-illustrative data/samples/incidents.csv
n=$((n + 1))
out=$("$bin" --summary --reliability A,G data/samples/incidents.csv 2>&1)
status=$?
if [ "$status" -eq 2 ] && printf '%s\n' "$out" | grep -qxF -- "--reliability: “G” is not a grade (A to F, or none)"; then
  echo "ok $n - --summary refuses a reliability grade that does not exist"
else
  echo "not ok $n - --summary refuses a reliability grade that does not exist (status $status)"
  printf '%s\n' "$out" | sed 's/^/# /'
  failed=1
fi
exit $failed
