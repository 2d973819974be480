#!/usr/bin/env bash
# Compares the occurrence digest (bench/occurrence_digest.cpp) of two biodash build trees on
# the test occurrence files, the benchmark TSV and the GeoPackage, with 1 and 2 threads:
#   bench/check_identical.sh OLD_BUILD NEW_BUILD [extra files...]
# Prints DIFF lines (and exits 1) when any column, dictionary or report differs.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OLD=$1 NEW=$2; shift 2
for b in "$OLD" "$NEW"; do
  g++ -O2 -std=c++20 -I "$ROOT/src" -I /usr/include/gdal "$ROOT/bench/occurrence_digest.cpp" \
    "$b/libbiodash_io.a" "$b/libbiodash_core.a" -lgdal -lgeos_c -lproj -o "$b/occurrence-digest" || exit 2
done
FILES=$(find "$ROOT/tests/data/occurrences" "$ROOT/tests/data/muskrat" -type f \
          ! -name README.md ! -name meta.xml ! -name '*.properties' | sort)
FILES+=" $(find "$ROOT/tests/data/occurrences/gbif-dwca" -mindepth 1 -type d | sort)"
rc=0
for f in $FILES "$@"; do
  for t in 1 2; do
    a=$("$OLD/occurrence-digest" "$f" $t 2>&1 | tail -1)
    b=$("$NEW/occurrence-digest" "$f" $t 2>&1 | tail -1)
    if [ "$a" = "$b" ]; then echo "same  $t $(basename "$f"): $a"; else
      echo "DIFF  $t $f"; echo "  old: $a"; echo "  new: $b"; rc=1; fi
  done
done
exit $rc
