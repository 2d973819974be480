#!/usr/bin/env bash
# Ingest benchmark: generated GBIF-simple-style rows (tab-separated, 31 columns) read by
#   1. biodash inspect (full ingest: parse, dates, dictionaries, WGS84 -> RD New),
#   2. pandas read_csv (Debian /usr/bin/python3, sep='\t', usecols = the same 11 columns),
#   3. GDAL's CSV driver (ogr2ogr -f CSV to /vsistdout/ > /dev/null, the same columns),
# in one run, reporting rows/s, MB/s and peak RSS (/usr/bin/time -v). Appends a markdown
# table to docs/ingest_performance.md when --write is given.
#   bench/ingest_vs_pandas.sh [--write] COUNT... (default 1000000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD:-$ROOT/build-ingest}
WRITE=0
if [ "${1:-}" = "--write" ]; then WRITE=1; shift; fi
COUNTS=("${@:-1000000}")
TMP=${TMPDIR:-/tmp}/biodash-bench
mkdir -p "$TMP"
COLS="gbifID,scientificName,taxonRank,vernacularName,individualCount,decimalLatitude,decimalLongitude,coordinateUncertaintyInMeters,eventDate,recordedBy,quality_grade"
measure() {  # label rows bytes cmd... -> prints a table row
  local label=$1 rows=$2 bytes=$3; shift 3
  /usr/bin/time -v "$@" > "$TMP/out.txt" 2> "$TMP/time.txt" || { echo "| $label | failed |"; tail -5 "$TMP/time.txt" >&2; return; }
  local secs rss
  secs=$(grep "Elapsed (wall clock)" "$TMP/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident" "$TMP/time.txt" | awk '{print $NF}')
  awk -v l="$label" -v s="$secs" -v r="$rows" -v b="$bytes" -v m="$rss" 'BEGIN {
    printf "| %s | %.2f | %.0f | %.1f | %.0f |\n", l, s, r / s, b / s / 1e6, m / 1024 }'
}
OUT=""
for N in "${COUNTS[@]}"; do
  F=$TMP/gbif_$N.tsv
  [ -f "$F" ] || "$B/tools/biodash-gen-observations" --count "$N" --seed 7 --out "$F" >/dev/null 2>&1
  BYTES=$(stat -c %s "$F")
  cat /dev/null > /dev/null < "$F"; cat "$F" > /dev/null  # warm the page cache for everyone
  T="\n### $N rows ($(awk -v b="$BYTES" 'BEGIN{printf "%.0f MB", b/1e6}'), $(nproc) cores, $(date -u +%F), load average before: $(cut -d' ' -f1-3 /proc/loadavg))\n\n| reader | seconds | rows/s | MB/s | peak RSS MB |\n|---|---|---|---|---|\n"
  T+="$(measure "biodash inspect (ingest + reprojection)" "$N" "$BYTES" "$B/biodash" inspect "$F" --quiet)\n"
  grep -E "bytes/observation|records kept" "$TMP/out.txt" | sed 's/^/    /' >&2
  BPO=$(grep bytes/observation "$TMP/out.txt" | awk '{print $2}')
  T+="$(measure "pandas read_csv (usecols, sep=tab)" "$N" "$BYTES" /usr/bin/python3 -c "
import pandas as pd
df = pd.read_csv('$F', sep='\t', usecols='$COLS'.split(','), quoting=3, low_memory=False)
print(len(df))")\n"
  T+="$(measure "GDAL CSV driver (ogr2ogr, same columns)" "$N" "$BYTES" sh -c "ogr2ogr -f CSV /vsistdout/ '$F' -select '$COLS' --config OGR_CSV_MAX_LINE_SIZE 0 -oo AUTODETECT_TYPE=NO > /dev/null")\n"
  T+="\nbiodash bytes/observation (columns, dictionaries excluded): $BPO\n"
  printf "%b" "$T"
  OUT+="$T"
done
# OGR path: the benchmark GeoPackage (1M points, 7 attributes), when present.
GPKG=${GPKG:-/work/bench/data/n1000000_m2000_s42_h250/data.gpkg}
if [ -f "$GPKG" ]; then
  GB=$(stat -c %s "$GPKG"); cat "$GPKG" > /dev/null
  T="\n### GeoPackage, 1000000 points ($(awk -v b="$GB" 'BEGIN{printf "%.0f MB", b/1e6}'), $(date -u +%F), load average before: $(cut -d' ' -f1-3 /proc/loadavg))\n\n| reader | seconds | rows/s | MB/s | peak RSS MB |\n|---|---|---|---|---|\n"
  T+="$(measure "biodash inspect FILE:observations (Arrow stream)" 1000000 "$GB" "$B/biodash" inspect "$GPKG:observations" --quiet)\n"
  T+="$(measure "ogr2ogr -f CSV (same layer, all columns)" 1000000 "$GB" sh -c "ogr2ogr -f CSV /vsistdout/ '$GPKG' observations > /dev/null")\n"
  printf "%b" "$T"
  OUT+="$T"
fi
if [ $WRITE = 1 ]; then printf "%b" "$OUT" >> "$ROOT/docs/ingest_performance.md"; fi
