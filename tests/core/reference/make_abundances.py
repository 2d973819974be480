#!/usr/bin/env python3
"""Writes abundances.csv: the abundance vectors (records per species) the estimator tests use.

Synthetic vectors are labelled synthetic; `real_pontaurus` is the per-species record count of
the real GBIF test archive tests/data/occurrences/gbif-dwca/archive-occ.zip (a copy of
../shared/data/real/gbif-dwca-fixtures/archive-occ.zip; BGBM
Pontaurus herbarium, 1,534 records; species = scientific name without authorship: the first
two words). Run from the repository root: python3 tests/core/reference/make_abundances.py
"""
import collections, csv, io, pathlib, zipfile

here = pathlib.Path(__file__).parent
vectors = {
    "synthetic_all_singletons": [1, 1, 1, 1, 1],
    "synthetic_f2_zero": [1, 1, 3, 5],
    "synthetic_one_singleton_no_doubleton": [1, 3, 4],
    "synthetic_no_singletons": [2, 3, 5],
    "synthetic_single_species": [7],
    "synthetic_single_record": [1],
    "synthetic_typical": [1, 1, 1, 2, 2, 3, 5, 8, 13, 20],
    "synthetic_small_enumerable": [1, 1, 2, 3, 4],
}
zf = here.parents[1] / "data" / "occurrences" / "gbif-dwca" / "archive-occ.zip"
with zipfile.ZipFile(zf) as z:
    text = z.read("archive-occ/DarwinCore.txt").decode("utf-8")
names = collections.Counter()
for row in csv.DictReader(io.StringIO(text)):
    words = row["SCIENTIFIC_NAME"].split()
    if len(words) >= 2 and words[1][:1].islower():
        names[" ".join(words[:2])] += 1
vectors["real_pontaurus"] = sorted(names.values(), reverse=True)
with open(here / "abundances.csv", "w") as f:
    f.write("name,counts\n")
    for k, v in vectors.items():
        f.write(f"{k},{' '.join(map(str, v))}\n")
