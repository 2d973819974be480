#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan+UBSan) in build-fuzz/ and runs each for
# SECONDS (default 60) on a seed corpus made from the real fixtures in tests/data/.
# Exits non-zero when any target crashes (the reproducer is left in build-fuzz/crashes/).
#   fuzz/run.sh [SECONDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-60}
B=$ROOT/build-fuzz
if [ ! -f "$B/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$ROOT/fuzz" -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$B" -j "$(nproc)"
D=$ROOT/tests/data/occurrences
C=$B/corpus
rm -rf "$C" && mkdir -p "$C"/{date,number,csv,dwca,session} "$B/crashes"
# date/number seeds: real values from the fixtures
printf '%s' "1-1-2019 11:31" > "$C/date/a"; printf '%s' "2019-05-03/07" > "$C/date/b"
printf '%s' "Fri Mar 01 00:00:00 CET 1935" > "$C/date/c"; printf '%s' "20/02/2018" > "$C/date/d"
printf '%s' "2013-03-12T00:00:00.000+0000" > "$C/date/e"; printf '%s' "1935|3|1" > "$C/date/f"
printf '%s' "137855,1327" > "$C/number/a"; printf '%s' "-93.732823" > "$C/number/b"
printf '%s' "10'12\"" > "$C/number/c"; printf '%s' "DECIMAL_LATITUDE" > "$C/number/d"
# csv seeds: heads of the real exports (first 40 lines keep each input small)
n=0
for f in "$D"/muskrat/*.csv "$D"/inaturalist/*.csv "$D"/inaturalist/*.tsv \
         "$D"/gbif-dwca/csv_unquoted_coordinates.txt "$D"/gbif-dwca/*/*.txt "$D"/gbif-dwca/*/*.csv \
         "$ROOT"/tests/data/muskrat/*.csv; do
  n=$((n + 1)); head -n 40 "$f" > "$C/csv/seed$n"
done
# dwca seeds: meta.xml + data file of the real archives
n=0
for d in "$D"/gbif-dwca/dwca-malformed-descriptor "$D"/gbif-dwca/csv-json-escaped-quotes; do
  n=$((n + 1)); data=$(ls "$d" | grep -v meta.xml | head -1)
  { cat "$d/meta.xml"; printf '\n@@DATA@@\n'; head -n 5 "$d/$data"; } > "$C/dwca/seed$n"
done
# Event core + Occurrence extension (synthetic sampling-event archive): the fuzz target writes
# the data as both event.txt and occurrence.txt, so rows join on their own first column.
n=$((n + 1))
{ cat "$D/sampling-event/meta.xml"; printf '\n@@DATA@@\n'; cat "$D/sampling-event/occurrence.txt"; } > "$C/dwca/seed$n"
for z in "$D"/gbif-dwca/*.zip; do
  if unzip -l "$z" | grep -q 'meta.xml'; then
    n=$((n + 1)); m=$(unzip -Z1 "$z" | grep -v __MACOSX | grep 'meta.xml$' | head -1)
    { unzip -p "$z" "$m"; printf '\n@@DATA@@\n'; } > "$C/dwca/seed$n"
  fi
done
cp "$D"/inaturalist/observations.dwc "$C/dwca/sdwc1"
# session seeds: the saved views and kiosk tours of the repository (and of the tests)
n=0
for f in "$ROOT"/data/tours/*.tour "$ROOT"/data/tours/*.biodash "$ROOT"/data/*.biodash \
         "$ROOT"/tests/data/*.biodash; do
  [ -f "$f" ] || continue
  n=$((n + 1)); cp "$f" "$C/session/seed$n"
done
printf 'biodash-session 1\nhex_size_m = 250\nmetric = shannon\nfilter.months = 4,5,6\n' > "$C/session/seed_hex"
status=0
for t in date number csv dwca session; do
  echo "== fuzz_$t for ${SECS}s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$B/fuzz_$t" -max_total_time="$SECS" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
      -artifact_prefix="$B/crashes/$t-" -print_final_stats=1 "$C/$t" 2>"$B/fuzz_$t.log"; then
    echo "fuzz_$t FAILED: see $B/fuzz_$t.log and $B/crashes/"; tail -40 "$B/fuzz_$t.log"; status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$B/fuzz_$t.log" | tail -2
  fi
done
exit $status
