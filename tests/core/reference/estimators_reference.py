#!/usr/bin/env python3
"""Independent reference values for core/estimators: writes estimators_reference.csv.

Implements the published equations as stated in shared/docs/estimators.md (Chao 1987; Chao &
Jost 2012; Chao, Wang & Jost 2013; Chao et al. 2014) with different algorithms from the C++:
exact rational arithmetic with Python's big integers for every binomial ratio, brute-force
enumeration of all subsamples where the sample is small, and plain bisection for the size at a
coverage. Run from the repository root:
    python3 tests/core/reference/estimators_reference.py
"""
import csv, itertools, math, pathlib
from fractions import Fraction as F

here = pathlib.Path(__file__).parent
Z = 1.959964


def stats(X):
    X = [x for x in X if x > 0]
    n = sum(X)
    return X, n, len(X), X.count(1), X.count(2)


def chao1(X):
    X, n, S, f1, f2 = stats(X)
    K = (n - 1) / n
    if f1 > 0 and f2 > 0:
        est = S + K * f1 * f1 / (2 * f2)
        r = f1 / f2
        var = f2 * (K * r**2 / 2 + K**2 * r**3 + K**2 * r**4 / 4)
    elif f1 > 1 and f2 == 0:
        est = S + K * f1 * (f1 - 1) / 2
        var = K * f1 * (f1 - 1) / 2 + K**2 * f1 * (2 * f1 - 1) ** 2 / 4 - K**2 * f1**4 / (4 * est)
    else:
        est = S
        ks = sorted(set(X))
        fk = {k: X.count(k) for k in ks}
        var = sum(fk[k] * (math.exp(-k) - math.exp(-2 * k)) for k in ks) - sum(
            k * math.exp(-k) * fk[k] for k in ks) ** 2 / n
        P = sum(fk[k] * math.exp(-k) for k in ks) / S
        se = math.sqrt(max(var, 0))
        return est, se, max(S, S / (1 - P) - Z * se / (1 - P)), S / (1 - P) + Z * se / (1 - P)
    T = est - S
    R = math.exp(Z * math.sqrt(math.log(1 + var / T**2)))
    return est, math.sqrt(var), S + T / R, S + T * R


def A_of(X):
    X, n, S, f1, f2 = stats(X)
    if f1 == 0:
        return F(1)
    if f2 > 0:
        return F((n - 1) * f1, (n - 1) * f1 + 2 * f2)
    return F((n - 1) * (f1 - 1), (n - 1) * (f1 - 1) + 2)


def f0_of(X):
    X, n, S, f1, f2 = stats(X)
    K = F(n - 1, n)
    return K * f1 * f1 / (2 * f2) if f2 > 0 else K * f1 * (f1 - 1) / 2


def coverage_int(X, m):
    X, n, S, f1, f2 = stats(X)
    if m == n:
        return 1 - F(f1, n) * A_of(X)
    return 1 - sum(F(x, n) * F(math.comb(n - x, m), math.comb(n - 1, m)) for x in X)


def coverage(X, m):
    X, n, S, f1, f2 = stats(X)
    if m > n:
        return 1 - f1 / n * float(A_of(X)) ** (m - n + 1)
    lo = math.floor(m)
    if lo == m:
        return float(coverage_int(X, lo))
    a, b = float(coverage_int(X, lo)), float(coverage_int(X, lo + 1))
    return a + (m - lo) * (b - a)


def fhat(X, m):
    """f̂_k(m) for k = 1..m, exact: Σ_i C(X_i,k) C(n−X_i,m−k) / C(n,m)."""
    X, n, S, f1, f2 = stats(X)
    d = math.comb(n, m)
    return {k: F(sum(math.comb(x, k) * math.comb(n - x, m - k) for x in X), d) for k in range(1, m + 1)}


def fhat_enumerated(X, m):
    """The same by enumerating every subsample of m records (small samples only)."""
    recs = [i for i, x in enumerate(X) for _ in range(x)]
    tot = {}
    count = 0
    for sub in itertools.combinations(range(len(recs)), m):
        c = {}
        for r in sub:
            c[recs[r]] = c.get(recs[r], 0) + 1
        for v in c.values():
            tot[v] = tot.get(v, 0) + 1
        count += 1
    return {k: F(tot.get(k, 0), count) for k in range(1, m + 1)}


def hill_from_fhat(fk, q, m):
    if q == 0:
        return float(sum(fk.values()))
    if q == 1:
        return math.exp(-sum((k / m) * math.log(k / m) * float(v) for k, v in fk.items()))
    return 1 / float(sum(F(k, m) ** 2 * v for k, v in fk.items()))


def hill_obs(X, q):
    X, n, S, f1, f2 = stats(X)
    if q == 0:
        return S
    if q == 1:
        return math.exp(-sum(x / n * math.log(x / n) for x in X))
    return 1 / sum((x / n) ** 2 for x in X)


def hill_asy(X, q):
    X, n, S, f1, f2 = stats(X)
    if q == 0:
        return chao1(X)[0]
    if q == 2:
        s = sum(x * (x - 1) for x in X)
        return float(F(n * (n - 1), s)) if s > 0 else float("nan")
    h = sum(x / n * sum(1 / k for k in range(x, n)) for x in X if x <= n - 1)
    if f1 > 0:
        p1 = 2 * f2 / ((n - 1) * f1 + 2 * f2) if f2 > 0 else 2 / ((n - 1) * (f1 - 1) + 2)
        if p1 < 1:
            h += f1 / n * (1 - p1) ** (1 - n) * (-math.log(p1) - sum((1 - p1) ** r / r for r in range(1, n)))
    return math.exp(h)


def hill_int(X, q, m, enumerate_=False):
    X2, n, S, f1, f2 = stats(X)
    if m == n:
        return hill_obs(X, q)
    fk = fhat_enumerated(X2, m) if enumerate_ else fhat(X2, m)
    return hill_from_fhat(fk, q, m)


def hill(X, q, m, enumerate_=False):
    X2, n, S, f1, f2 = stats(X)
    if m > 2 * n:
        return float("nan")
    if m <= n:
        lo = math.floor(m)
        if lo == m:
            return hill_int(X, q, lo, enumerate_)
        a, b = hill_int(X, q, lo, enumerate_), hill_int(X, q, lo + 1, enumerate_)
        return a + (m - lo) * (b - a)
    ms = m - n
    if q == 0:
        f0 = float(f0_of(X2))
        return S + f0 * (1 - float(A_of(X2)) ** ms)
    if q == 2:
        s = sum(x * (x - 1) for x in X2) / (n * (n - 1)) if n > 1 else 0
        return 1 / (1 / m + (1 - 1 / m) * s)
    obs, asy = hill_obs(X2, 1), hill_asy(X2, 1)
    if n == 1 or asy == obs:
        return obs
    d = hill_int(X2, 1, n - 1)
    beta = (obs - d) / (asy - d)
    return obs + (asy - obs) * (1 - (1 - beta) ** ms)


def size_for_coverage(X, C):
    X2, n, S, f1, f2 = stats(X)
    lo, hi = 0.0, 2.0 * n
    if coverage(X2, hi) < C:
        return float("nan")
    for _ in range(200):  # plain bisection on the whole (interpolated + extrapolated) curve
        mid = (lo + hi) / 2
        if coverage(X2, mid) < C:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


rows = []
for rec in csv.DictReader(open(here / "abundances.csv")):
    name, X = rec["name"], [int(v) for v in rec["counts"].split()]
    X2, n, S, f1, f2 = stats(X)
    small = n <= 12
    e = chao1(X)
    for k, v in zip(("chao1", "chao1_se", "chao1_lcl", "chao1_ucl"), e):
        rows.append((name, k, "", "", v))
    sizes = sorted({1, max(1, n // 3), max(1, n // 2) + 0.5 if n > 2 else 1, n - 1 if n > 1 else 1, n,
                    n + 0.5, n + max(1, n // 2), 2 * n} - {0})
    if n > 200:
        sizes = [1, 10, 100, 500.25, n - 1, n, n + 7, n + 400.5, 2 * n]
    for m in sizes:
        rows.append((name, "coverage", "", m, coverage(X2, m)))
        for q in (0, 1, 2):
            rows.append((name, "hill", q, m, hill(X, q, m, enumerate_=small and m == int(m) and m < n)))
    for q in (0, 1, 2):
        rows.append((name, "hill_obs", q, "", hill_obs(X, q)))
        rows.append((name, "hill_asy", q, "", hill_asy(X, q)))
    for C in (0.5, 0.8, 0.9, 0.95):
        rows.append((name, "size_for_coverage", "", C, size_for_coverage(X, C)))
with open(here / "estimators_reference.csv", "w") as f:
    f.write("vector,quantity,q,m,value\n")
    for r in rows:
        f.write(",".join(str(x) for x in r[:4]) + f",{r[4]:.17g}\n")
