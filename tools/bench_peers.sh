#!/usr/bin/env bash
# Times `biodash aggregate` beside PostGIS (and the other peers that are installed) on the
# shared peer-benchmark data, in one run, and checks the per-polygon results agree exactly.
# usage: tools/bench_peers.sh [N=1000000] [M=2000]   env: PEERS, LAYERS, BENCH_WORK
# Needs ../shared/bench/peers (the harness) and, for the PostGIS peer,
# postgresql-15-postgis-3 python3-numpy python3-gdal time bc (see its README).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench/peers}
N=${1:-1000000}; M=${2:-2000}
"$ROOT/tools/build.sh" >/dev/null
export BENCH_WORK=${BENCH_WORK:-$ROOT/build/bench-peers}
mkdir -p "$BENCH_WORK"
export PEERS=${PEERS:-postgis project}
export PROJECT_NAME=biodash PROJECT_PREDICATE="GEOS prepared contains (= ST_Contains)"
export PROJECT_CMD="$ROOT/build/biodash aggregate --observations {gpkg}:observations --polygons {gpkg}:{layer} --id-field poly_id --metrics n_obs,n_species --out {out}"
exec "$HARNESS/run.sh" "$N" "$M"
