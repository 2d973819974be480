#!/usr/bin/env Rscript
# Reference values from R vegan (Debian package r-cran-vegan) for the abundance vectors in
# abundances.csv; writes vegan_reference.csv, which tests/core/estimators_test.cpp reads.
# Run from the repository root: Rscript tests/core/reference/vegan_reference.R
suppressMessages(library(vegan))
dir <- "tests/core/reference"
v <- read.csv(file.path(dir, "abundances.csv"), stringsAsFactors = FALSE)
out <- data.frame(vector = character(), quantity = character(), m = character(),
                  value = numeric(), stringsAsFactors = FALSE)
add <- function(name, q, m, val) {
  out[nrow(out) + 1, ] <<- list(name, q, as.character(m), val)
}
for (i in seq_len(nrow(v))) {
  x <- as.integer(strsplit(v$counts[i], " ")[[1]])
  n <- sum(x)
  add(v$name[i], "shannon", "", diversity(x, index = "shannon"))
  add(v$name[i], "simpson", "", diversity(x, index = "simpson"))
  add(v$name[i], "invsimpson", "", diversity(x, index = "invsimpson"))
  add(v$name[i], "S.obs", "", estimateR(x)[["S.obs"]])
  for (m in unique(c(1, 2, floor(n / 3), floor(n / 2), n - 1, n))) {
    if (m >= 1 && m <= n) add(v$name[i], "rarefy", m, rarefy(x, m))
  }
}
write.csv(format(out, digits = 17), file.path(dir, "vegan_reference.csv"), row.names = FALSE,
          quote = FALSE)
