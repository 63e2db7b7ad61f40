#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the built `oretrace --export` as a user would (no display needed):
# the three formats and views, the options, and clean failures that leave
# no file behind.  TAP output.
# Usage: test-export-cli.sh ORETRACE-BINARY SOURCE-ROOT [OT-GENERATE-BINARY]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
generate=
[ $# -ge 3 ] && generate=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
cd "$2" || exit 1
samples=data/samples/incidents.csv
out=$(mktemp -d)
trap 'chmod -R u+w "$out"; rm -rf "$out"' EXIT
n=0
failed=0

result () {  # description, then 0 for success
  n=$((n + 1))
  if [ "$2" -eq 0 ]; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    failed=1
  fi
}

skip () {
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2"
}

# Runs the export, keeping its messages in $out/log; returns its status.
export_ () {
  "$bin" --export "$@" >"$out/log" 2>&1
}

# No file but the log (and the read-only folder) may be left in $out.
only_log_left () {
  [ -z "$(find "$out" -mindepth 1 ! -name log ! -name ro -print)" ]
}

echo "1..32"

for view in network map flow; do
  export_ "$out/$view.png" --view "$view" --width 640 --height 400 "$samples"
  status=$?
  size=$(file -b "$out/$view.png" 2>/dev/null)
  case "$size" in *"640 x 400"*) ok=0 ;; *) ok=1 ;; esac
  [ $status -eq 0 ] || ok=1
  result "$view view: PNG of the requested size ($size)" $ok
  rm -f "$out/$view.png"
done

export_ "$out/chart.svg" --view map "$samples" &&
  xmllint --noout "$out/chart.svg" 2>>"$out/log" &&
  grep -q "Seized, charged or convicted" "$out/chart.svg" &&
  grep -q "Source: 60 incidents from incidents.csv" "$out/chart.svg"
result "SVG parses and holds the legend and source text" $?

export_ "$out/chart.pdf" --view flow --projection countries "$samples" &&
  pdfinfo "$out/chart.pdf" >"$out/info" 2>&1 && grep -q "^Pages: *1" "$out/info"
result "PDF is valid (pdfinfo), one page" $?
rm -f "$out/info"

export_ "$out/gallium.svg" --mineral gallium --status seized --status detained \
  --from 2024 --to 2025-12 --title "Gallium seizures" "$samples" &&
  grep -q -- '-title">Gallium seizures</title>' "$out/gallium.svg" &&
  grep -q "Gallium" "$out/gallium.svg" && ! grep -q "Antimony" "$out/gallium.svg"
result "filters and title reach the picture" $?
# Issue 17: a case file exports like the file it was made from: the same
# caption (but for the source it names) and the same summary.  (The
# pictures themselves are not compared: label placement has a time
# budget, so two runs on a busy machine may differ.)
export_ "$out/case.svg" --view map tests/data/case-v1.oretrace &&
  export_ "$out/csv.svg" --view map "$samples" &&
  xmllint --noout "$out/case.svg" 2>>"$out/log" &&
  grep -q "Source: 60 incidents from case-v1.oretrace" "$out/case.svg" &&
  sed -n '/<desc/,/<\/desc>/p' "$out/case.svg" | sed -e 's/case-v1\.oretrace/incidents.csv/' \
    -e 's/ot-[0-9a-f]\{12\}/ot-ID/g' >"$out/case.desc" &&
  sed -n '/<desc/,/<\/desc>/p' "$out/csv.svg" | sed -e 's/ot-[0-9a-f]\{12\}/ot-ID/g' >"$out/csv.desc" &&
  cmp -s "$out/case.desc" "$out/csv.desc" &&
  "$bin" --summary --json tests/data/case-v1.oretrace 2>>"$out/log" |
    sed 's|tests/data/case-v1\.oretrace|data/samples/incidents.csv|' >"$out/case.json" &&
  "$bin" --summary --json "$samples" >"$out/csv.json" 2>>"$out/log" &&
  cmp -s "$out/case.json" "$out/csv.json"
result "a case file exports and sums up like the file it was made from" $?
rm -f "$out"/case.* "$out"/csv.*
rm -f "$out"/*.svg "$out"/*.pdf

export_ "$out/x.png" --view globe "$samples"
[ $? -ne 0 ] && grep -q "Unknown view" "$out/log" && only_log_left
result "unknown view: clear error, no file" $?

export_ "$out/x.gif" "$samples"
[ $? -ne 0 ] && grep -q "x.gif" "$out/log" && only_log_left
result "unsupported extension: clear error, no file" $?

export_ "$out/x.png" --projection galaxy "$samples"
[ $? -ne 0 ] && grep -q "Unknown projection" "$out/log" && only_log_left
result "unknown projection: clear error, no file" $?

export_ "$out/x.png" --mineral unobtainium "$samples"
[ $? -ne 0 ] && grep -qi "unobtainium" "$out/log" && only_log_left
result "unknown mineral: clear error, no file" $?

export_ "$out/no-such-folder/x.png" "$samples"
[ $? -ne 0 ] && [ -s "$out/log" ] && only_log_left
result "missing folder: error, nothing written" $?

# A directory where the file should go: the final rename fails, so the
# temporary file must be cleaned away and the directory left alone.
mkdir "$out/taken.png" && touch "$out/taken.png/keep"
export_ "$out/taken.png" "$samples"
status=$?
left=$(find "$out" -mindepth 1 ! -name log ! -path "$out/taken.png" ! -path "$out/taken.png/keep")
[ $status -ne 0 ] && [ -z "$left" ] && [ -f "$out/taken.png/keep" ]
result "target taken by a folder: error, no temporary file left" $?
rm -rf "$out/taken.png"

if [ "$(id -u)" -eq 0 ]; then
  skip "read-only folder: error, no file" "running as root, which may write anyway"
else
  mkdir "$out/ro" && chmod 555 "$out/ro"
  export_ "$out/ro/x.png" "$samples"
  [ $? -ne 0 ] && [ -z "$(ls -A "$out/ro")" ]
  result "read-only folder: error, no file" $?
fi
# PNG resolution and background, and the dark theme.
export_ "$out/hi.png" --dpi 192 --transparent --dark --width 320 --height 200 "$samples"
status=$?
info=$(file -b "$out/hi.png" 2>/dev/null)
case "$info" in *"640 x 400"*RGBA*) ok=0 ;; *) ok=1 ;; esac
[ $status -eq 0 ] || ok=1
result "--dpi 192 doubles the pixels, --transparent keeps alpha ($info)" $ok
rm -f "$out/hi.png"

export_ "$out/x.svg" --dpi 150 "$samples"
[ $? -eq 2 ] && grep -q "PNG only" "$out/log" && only_log_left
result "--dpi with SVG: clear error, no file" $?

export_ "$out/x.png" --dpi 5 "$samples"
[ $? -eq 2 ] && grep -q "between 24 and 1200" "$out/log" && only_log_left
result "--dpi out of range: clear error, no file" $?

# A filter nothing passes: refused with the filter named, status 1, no
# file written, and an existing file of that name left as it was.
export_ "$out/empty.png" --mineral gallium --from 1990 --to 1990 "$samples"
[ $? -eq 1 ] && grep -q "^No incident matches the filters: Gallium .*(0 of 60 incidents); no file written$" "$out/log" &&
  only_log_left
result "empty match: clear error, status 1, no file" $?

printf 'old\n' >"$out/kept.svg"
export_ "$out/kept.svg" --status convicted --from 1990 --to 1990 "$samples"
[ $? -eq 1 ] && grep -q "No incident matches the filters" "$out/log" &&
  [ "$(cat "$out/kept.svg")" = old ]
result "empty match: an existing file is left untouched" $?
rm -f "$out/kept.svg"

# Issue 19: the network's formats by extension (docs/exchange-formats.md);
# what is in them is checked by test-graph-export and test-xlsx-export.
export_ "$out/net.gexf" --projection entities "$samples" &&
  xmllint --noout "$out/net.gexf" 2>>"$out/log" &&
  grep -q '<gexf xmlns="http://gexf.net/1.3"' "$out/net.gexf" &&
  grep -q '<viz:position' "$out/net.gexf" && grep -q '<spell start=' "$out/net.gexf"
result "GEXF: well-formed GEXF 1.3 with positions and spells" $?
export_ "$out/net.graphml" --view flow "$samples" &&
  xmllint --noout "$out/net.graphml" 2>>"$out/log" &&
  grep -q '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">' "$out/net.graphml" &&
  ! grep -q '<data key="x">' "$out/net.graphml"
result "GraphML from the flow view: well-formed, no positions (bars are not places)" $?
export_ "$out/book.xlsx" "$samples" &&
  [ "$(head -c 2 "$out/book.xlsx")" = PK ]
result "XLSX: a workbook (zip)" $?
rm -f "$out"/net.* "$out/book.xlsx"
printf 'old\n' >"$out/kept.gexf"
export_ "$out/kept.gexf" --dpi 192 "$samples"
[ $? -eq 2 ] && grep -q "PNG only" "$out/log" && [ "$(cat "$out/kept.gexf")" = old ]
result "GEXF with --dpi: clear error, old file untouched" $?
rm -f "$out/kept.gexf"

"$bin" --check --mineral gallium "$samples" >"$out/log" 2>&1
[ $? -eq 2 ] && grep -q "not to --check" "$out/log"
result "--check refuses filters (it checks every record)" $?

# Issue 18: trade statistics alone are drawn by the map and network views,
# titled and captioned as statistics (their files and period), never as
# incidents.
published=data/samples/trade-published-figures.csv
for view in network map; do
  export_ "$out/trade-$view.svg" --view "$view" "$published" &&
    xmllint --noout "$out/trade-$view.svg" 2>>"$out/log" &&
    grep -q "Trade in export-controlled minerals" "$out/trade-$view.svg" &&
    grep -q "Trade statistics alone, no incidents loaded" "$out/trade-$view.svg" &&
    grep -q "Trade statistics, lawful trade, not allegations: trade-published-figures.csv · 2023-11 – 2025-11" \
      "$out/trade-$view.svg" &&
    grep -q "Exporter → importer, tinted by mineral" "$out/trade-$view.svg" &&
    grep -q ">China<" "$out/trade-$view.svg" && grep -q ">Japan<" "$out/trade-$view.svg" &&
    ! grep -q "Source: 0 incidents" "$out/trade-$view.svg" && ! grep -q "No incidents loaded" "$out/trade-$view.svg"
  result "trade statistics alone, $view view: SVG titled and captioned as statistics" $?
done
export_ "$out/trade.png" --view network --width 640 --height 400 "$published" &&
  export_ "$out/trade.pdf" --view map "$published" &&
  file -b "$out/trade.png" | grep -q "640 x 400" &&
  pdfinfo "$out/trade.pdf" >"$out/info" 2>&1 && grep -q "^Pages: *1" "$out/info"
result "trade statistics alone: PNG and PDF" $?
rm -f "$out"/trade* "$out/info"

export_ "$out/x.svg" --view flow "$published"
[ $? -eq 1 ] && grep -q "^No trade flow between two countries to draw in this view" "$out/log" && only_log_left
result "trade statistics alone, flow view: nothing to draw, clear error, no file" $?
export_ "$out/x.svg" --from 1990 --to 1990 "$published"
[ $? -eq 1 ] && grep -q "^No trade flow between two countries" "$out/log" && only_log_left
result "trade statistics alone, a period without them: clear error, no file" $?
export_ "$out/x.svg" --no-trade "$published"
[ $? -eq 1 ] && grep -q "^No incidents to draw" "$out/log" && only_log_left
result "trade statistics alone with --no-trade: nothing to draw, no file" $?
export_ "$out/x.gexf" "$published"
[ $? -eq 1 ] && grep -q "^No incidents to draw" "$out/log" && only_log_left
result "trade statistics alone as GEXF (the incidents' network): refused, no file" $?

# A generated Comtrade file says it is made up.
if [ -n "$generate" ]; then
  "$generate" --trade --seed 3 --countries 12 --reporters 10 --years 2023-2024 --mineral antimony \
    "$out/generated-trade.tsv" >"$out/log" 2>&1 &&
    export_ "$out/gen.svg" --view network "$out/generated-trade.tsv" &&
    grep -q "generated-trade.tsv · generated, not real statistics · 2023-01 – 2024-12" "$out/gen.svg"
  result "a generated Comtrade file, network view: its caption says generated" $?
  rm -f "$out/generated-trade.tsv" "$out/gen.svg"
else
  skip "a generated Comtrade file, network view: its caption says generated" "no ot-generate given"
fi

exit $failed
