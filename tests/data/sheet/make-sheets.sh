#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the workbooks tests/test-sheet.c reads, with LibreOffice Calc
# (soffice --headless, Debian's libreoffice-calc-nogui), into this folder:
#   samples.xlsx, samples.ods          data/samples/incidents.csv opened
#                                      as CSV (comma, UTF-8) and saved
#   comtrade-api.xlsx, comtrade-api.ods tests/data/trade/comtrade-api.csv, the same
#   awkward.xlsx, awkward.ods          awkward.fods (written by hand) saved
# and sources.sha256, the sums of the files they were made from: the test
# makes them again in a temporary folder (when soffice is there) once a
# source has changed.  Usage: make-sheets.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-$here}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$root/data/samples/incidents.csv" "$tmp/samples.csv"
cp "$root/tests/data/trade/comtrade-api.csv" "$tmp/comtrade-api.csv"
cp "$here/awkward.fods" "$tmp/awkward.fods"
# A profile of its own: a running LibreOffice's does not get in the way.
profile="-env:UserInstallation=file://$tmp/profile"
for format in xlsx ods; do
  # CSV: comma-separated (44), double quotes (34), UTF-8 (76), from line 1.
  soffice "$profile" --headless --infilter='CSV:44,34,76,1' --convert-to "$format" \
    --outdir "$tmp/made" "$tmp/samples.csv" "$tmp/comtrade-api.csv" >/dev/null
  soffice "$profile" --headless --convert-to "$format" --outdir "$tmp/made" "$tmp/awkward.fods" >/dev/null
done
for name in samples comtrade-api awkward; do
  for format in xlsx ods; do
    test -s "$tmp/made/$name.$format" || { echo "make-sheets.sh: soffice made no $name.$format" >&2; exit 1; }
    cp "$tmp/made/$name.$format" "$out/"
  done
done
(cd "$root" && sha256sum data/samples/incidents.csv tests/data/trade/comtrade-api.csv \
  tests/data/sheet/awkward.fods) > "$out/sources.sha256"
