#!/usr/bin/env Rscript
# Reference values from R (stats: pt, qt, t.test with var.equal = FALSE) for core/stats;
# writes stats_reference.csv, read by tests/core/stats_test.cpp.
# Run from the repository root: Rscript tests/core/reference/stats_reference.R
dir <- "tests/core/reference"
rows <- list()
add <- function(kind, a, b, value) rows[[length(rows) + 1]] <<- data.frame(kind, a, b, value)
for (df in c(1, 2, 2.5, 5, 10, 30.7, 100, 1e4))
  for (t in c(-3, -0.5, 0.7, 1.96, 4)) add("pt", t, df, pt(t, df))
for (df in c(1, 2, 2.5, 5, 10, 30.7, 100, 1e4))
  for (p in c(0.025, 0.5, 0.9, 0.975, 0.999)) add("qt", p, df, qt(p, df))
# Welch: the groups are written space-separated in a and b.
groups <- list(list(c(1.2, 3.4, 2.2), c(5.1, 6.3, 4.8, 7.0)),
               list(c(-2, 0.5, 1, 3, -1.5), c(0.2, -0.4)),
               list(c(10, 12, 11, 13, 9, 10.5, 11.2, 12.8), c(14, 15.5, 13.2)))
for (g in groups) {
  tt <- t.test(g[[2]], g[[1]], var.equal = FALSE)
  a <- paste(g[[1]], collapse = " ")
  b <- paste(g[[2]], collapse = " ")
  add("welch_diff", a, b, unname(tt$estimate[1] - tt$estimate[2]))
  add("welch_lcl", a, b, tt$conf.int[1])
  add("welch_ucl", a, b, tt$conf.int[2])
  add("welch_p", a, b, tt$p.value)
  add("welch_df", a, b, unname(tt$parameter))
}
out <- do.call(rbind, rows)
out$value <- format(out$value, digits = 17)
write.csv(out, file.path(dir, "stats_reference.csv"), row.names = FALSE, quote = FALSE)
