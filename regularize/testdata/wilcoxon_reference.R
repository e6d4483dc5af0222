# Known answers for regularize's Wilcoxon signed-rank test: R's
# wilcox.test(x, y, paired = TRUE) (two-sided, continuity correction),
# exact when it has no ties and no zeros and n <= 25, the normal
# approximation otherwise (featsel's rule; R's own default is exact below
# n = 50, so those cases ask for exact = FALSE).
# Run: Rscript wilcoxon_reference.R > wilcoxon.csv
set.seed(19)
cases <- list(
  list(name = "five positive", d = c(0.3, 0.1, 0.2, 0.5, 0.4)),
  list(name = "five mixed", d = c(0.3, -0.1, 0.2, 0.5, 0.4)),
  list(name = "eight mixed", d = c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06) - c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14)),
  list(name = "ties", d = c(1, 1, 2, -2, 3, 3, 3, -1, 4)),
  list(name = "zeros", d = c(0, 0.5, 1.5, -0.25, 2, 0, 3)),
  list(name = "twenty five exact", d = round(rnorm(25, 0.4), 6)),
  list(name = "thirty normal", d = round(rnorm(30, 0.3), 6)),
  list(name = "sixty normal ties", d = round(rnorm(60, -0.2), 1)),
  list(name = "one", d = c(2.5)),
  list(name = "negative", d = c(-3, -1, -2, -4, -6, -5))
)
cat("name,differences,statistic,p_value,exact\n")
for (c in cases) {
  d <- c$d
  nz <- d[d != 0]
  exact <- length(nz) <= 25 && !any(duplicated(abs(nz))) && !any(d == 0)
  w <- suppressWarnings(wilcox.test(d, exact = exact, correct = TRUE))
  cat(sprintf("%s,%s,%.17g,%.17g,%s\n", c$name, paste(sprintf("%.17g", d), collapse = ";"),
              w$statistic, w$p.value, if (exact) "true" else "false"))
}
