# pbc_splits.R: featsel (Cox) against R's coxph and cv.glmnet on 11 train/test splits of pbc.
#
# What it does, all inside OUTDIR:
#  1. writes 11 splits of pbc.csv, NAME_train.csv / NAME_test.csv / NAME_test_rows.txt, each file the
#     header plus whole lines of pbc.csv copied byte for byte in file order:
#       seed0cc: the 276 complete-case rows, set.seed(0); train <- sample(276, floor(0.8*276)) (220/56)
#       r1..r10: all 312 rows, set.seed(k); test <- sort(sample(312, 62)) (250/62)
#  2. runs featsel on every split, one call at a time: `path ... --missing mean -q --save NAME_V.json`
#     (stdout to NAME_V.txt, stderr to NAME_V.stderr) then `predict ... --missing mean --out NAME_V_pred.csv`
#     (stdout+stderr to NAME_V_predict.txt), for V = default and V = min (path with --choose min);
#  3. fits the R references on each split: coxph on all 17 covariates (complete cases, and mean-imputed
#     with training means), cv.glmnet cox lambda.1se (set.seed(1), 10 folds, mean-imputed, standardized
#     with training mean/sd); recomputes featsel's test C from the risk column and compares it with the
#     c-index predict printed; prints one line per split, the mean/sd over r1..r10 and how often bili was
#     chosen, and writes every number to OUTDIR/results.csv.
# All C values are concordance(Surv(time, status) ~ score, reverse = TRUE)$concordance.
#
# Needs: R (tested with 4.2.2) with the survival and glmnet packages
#   (Debian: apt-get install r-base-core r-cran-survival r-cran-glmnet), and a featsel binary.
# Run:   Rscript pbc_splits.R PATH/TO/pbc.csv PATH/TO/featsel OUTDIR [log]
# With "log" the eight skewed laboratory values (logcovs below) enter on the log scale: featsel
# reads them with --log, and R's fits take log() of them before the mean imputation.
suppressPackageStartupMessages({ library(survival); library(glmnet) })
args <- commandArgs(trailingOnly = TRUE)
if (!(length(args) == 3 || length(args) == 4 && args[4] == "log"))
  stop("usage: Rscript pbc_splits.R PATH/TO/pbc.csv PATH/TO/featsel OUTDIR [log]")
logs <- length(args) == 4
logcovs <- c("bili", "chol", "copper", "alk.phos", "ast", "trig", "protime", "albumin")
src <- normalizePath(args[1], mustWork = TRUE); featsel <- normalizePath(args[2], mustWork = TRUE)
dir.create(args[3], showWarnings = FALSE, recursive = TRUE); setwd(args[3])   # all files go to OUTDIR
cat("R", R.version$major, ".", R.version$minor, " survival ", as.character(packageVersion("survival")),
    " glmnet ", as.character(packageVersion("glmnet")), " RNG: ", paste(RNGkind(), collapse = ", "), "\n", sep = "")
splits <- c("seed0cc", paste0("r", 1:10))

## 1. splits (line selection, so every line is byte for byte a line of pbc.csv)
lines <- readLines(src); hdr <- lines[1]; body <- lines[-1]
d <- read.csv(src, na.strings = "")
stopifnot(nrow(d) == 312, length(body) == 312, !any(grepl("\r", lines)))
write_split <- function(name, train_rows, test_rows) {   # 1-based data row numbers of pbc.csv
  writeLines(c(hdr, body[sort(train_rows)]), paste0(name, "_train.csv"))
  writeLines(c(hdr, body[sort(test_rows)]),  paste0(name, "_test.csv"))
  writeLines(as.character(sort(test_rows)), paste0(name, "_test_rows.txt"))
}
cc <- which(complete.cases(d)); n <- length(cc); stopifnot(n == 276)
# seed0cc: this rule reproduces the data README's coxph test C 0.868 (train C 0.838)
set.seed(0); tr <- sample(n, floor(0.8 * n))
write_split("seed0cc", cc[tr], cc[-tr])
for (k in 1:10) { set.seed(k); te <- sample(312, 62); write_split(paste0("r", k), seq_len(312)[-te], te) }

## 2. featsel, one run at a time
run <- function(args, stdout, stderr) {
  rc <- system2(featsel, args, stdout = stdout, stderr = stderr)
  if (rc != 0) stop("featsel ", paste(args, collapse = " "), " exited with ", rc)
}
for (nm in splits) for (v in c("default", "min")) {
  s <- paste0(nm, "_", v)
  run(c("path", "--data", paste0(nm, "_train.csv"), "--time", "time", "--event", "status", "--missing", "mean",
        if (v == "min") c("--choose", "min"), if (logs) c("--log", paste(logcovs, collapse = ",")),
        "-q", "--save", paste0(s, ".json")),
      stdout = paste0(s, ".txt"), stderr = paste0(s, ".stderr"))
  run(c("predict", "--model", paste0(s, ".json"), "--data", paste0(nm, "_test.csv"), "--missing", "mean",
        "--out", paste0(s, "_pred.csv")), stdout = paste0(s, "_predict.txt"), stderr = paste0(s, "_predict.txt"))
}

## 3. R references and the check of featsel's predictions
covs <- c("trt", "age", "sex", "ascites", "hepato", "spiders", "edema", "bili", "chol",
          "albumin", "copper", "alk.phos", "ast", "trig", "platelet", "protime", "stage")
fml17 <- as.formula(paste("Surv(time, status) ~", paste(covs, collapse = " + ")))
cidx <- function(time, status, x) concordance(Surv(time, status) ~ x, reverse = TRUE)$concordance
f4 <- function(x) sprintf("%.4f", x)
rows <- list()
for (nm in splits) {
  tr <- read.csv(paste0(nm, "_train.csv"), na.strings = "")
  te <- read.csv(paste0(nm, "_test.csv"),  na.strings = "")
  tr$sex <- factor(tr$sex, levels = c("female", "male")); te$sex <- factor(te$sex, levels = c("female", "male"))
  if (logs) for (v in logcovs) { tr[[v]] <- log(tr[[v]]); te[[v]] <- log(te[[v]]) }
  # (a) all 17 covariates, complete cases (R's default na.omit), Efron ties; C on the complete test rows
  fa <- coxph(fml17, data = tr)
  lpa <- predict(fa, newdata = te, type = "lp"); oka <- !is.na(lpa)
  Ca <- cidx(te$time[oka], te$status[oka], lpa[oka])
  trc <- tr[complete.cases(tr), ]
  Ca_train <- cidx(trc$time, trc$status, predict(fa, newdata = trc, type = "lp"))
  # (b) mean-imputed with training means, sex 0/1 (male = 1); C on all test rows
  imp <- function(df, means) { df$sex <- as.numeric(df$sex == "male")
    for (v in covs) df[[v]][is.na(df[[v]])] <- means[[v]]; df }
  tr01 <- tr; tr01$sex <- as.numeric(tr01$sex == "male")
  means <- sapply(covs, function(v) mean(tr01[[v]], na.rm = TRUE))
  tri <- imp(tr, means); tei <- imp(te, means)
  stopifnot(!anyNA(tri[, covs]), !anyNA(tei[, covs]))
  fb <- coxph(fml17, data = tri)
  Cb <- cidx(tei$time, tei$status, predict(fb, newdata = tei, type = "lp"))
  # (c) cv.glmnet cox on the mean-imputed data standardized with training mean and sd, lambda.1se
  xtr <- as.matrix(tri[, covs]); xte <- as.matrix(tei[, covs])
  mu <- colMeans(xtr); sdv <- apply(xtr, 2, sd)
  xtr_s <- scale(xtr, center = mu, scale = sdv); xte_s <- scale(xte, center = mu, scale = sdv)
  set.seed(1)
  cvf <- cv.glmnet(xtr_s, Surv(tri$time, tri$status), family = "cox", nfolds = 10)
  b <- as.matrix(coef(cvf, s = "lambda.1se"))[, 1]; gsel <- names(b)[b != 0]
  Cg <- cidx(tei$time, tei$status, as.numeric(predict(cvf, newx = xte_s, s = "lambda.1se", type = "link")))
  # featsel: chosen covariates (the line after "chosen:"), printed C, C recomputed from the risk column
  fs <- list()
  for (v in c("default", "min")) {
    txt <- readLines(paste0(nm, "_", v, ".txt"))
    i <- grep("^chosen:", txt); k <- as.integer(sub("^chosen: +[^,]*, ([0-9]+) features?,.*", "\\1", txt[i]))
    sel <- trimws(strsplit(trimws(txt[i + 1]), ",")[[1]])
    stopifnot(length(sel) == k)
    pl <- grep("^c-index", readLines(paste0(nm, "_", v, "_predict.txt")), value = TRUE)
    Cprinted <- as.numeric(sub("^c-index ([0-9.]+) .*", "\\1", pl))
    pr <- read.csv(paste0(nm, "_", v, "_pred.csv")); stopifnot(nrow(pr) == nrow(te))
    fs[[v]] <- list(k = k, sel = sel, Cprinted = Cprinted, C = cidx(te$time, te$status, pr$risk))
  }
  rows[[nm]] <- data.frame(split = nm, n_train = nrow(tr), n_test = nrow(te), events_test = sum(te$status),
    cox_cc_ntrain = fa$n, cox_cc_ntest = sum(oka), cox_cc_C = Ca, cox_cc_Ctrain = Ca_train, cox_imp_C = Cb,
    glmnet_1se_k = length(gsel), glmnet_1se_sel = paste(gsel, collapse = ";"), glmnet_1se_C = Cg,
    fs_default_k = fs$default$k, fs_default_sel = paste(fs$default$sel, collapse = ";"),
    fs_default_C = fs$default$C, fs_default_Cprinted = fs$default$Cprinted,
    fs_min_k = fs$min$k, fs_min_sel = paste(fs$min$sel, collapse = ";"),
    fs_min_C = fs$min$C, fs_min_Cprinted = fs$min$Cprinted)
  cat(sprintf("%-8s test %d ev %d | cc C %s (train %s, n %d/%d) | imp C %s | glmnet k %d C %s [%s] | fs default k %d C %s (printed %.4f) | fs min k %d C %s (printed %.4f)\n",
      nm, nrow(te), sum(te$status), f4(Ca), f4(Ca_train), fa$n, sum(oka), f4(Cb), length(gsel), f4(Cg),
      paste(gsel, collapse = ","), fs$default$k, f4(fs$default$C), fs$default$Cprinted,
      fs$min$k, f4(fs$min$C), fs$min$Cprinted))
}
res <- do.call(rbind, rows)
write.csv(res, "results.csv", row.names = FALSE)
cat("\nmax |printed - R| featsel C:", max(abs(c(res$fs_default_C - res$fs_default_Cprinted, res$fs_min_C - res$fs_min_Cprinted))), "\n")
r <- res[res$split %in% paste0("r", 1:10), ]   # mean and sd (n-1) over r1..r10 only
for (col in c("cox_cc_C", "cox_imp_C", "glmnet_1se_C", "fs_default_C", "fs_min_C", "glmnet_1se_k", "fs_default_k", "fs_min_k"))
  cat(sprintf("r1..r10 %-14s mean %.4f sd %.4f\n", col, mean(r[[col]]), sd(r[[col]])))
has_bili <- function(sel) grepl("(^|;)bili(;|$)", sel)
cat("bili chosen r1..r10: featsel default", sum(has_bili(r$fs_default_sel)), "| featsel min", sum(has_bili(r$fs_min_sel)),
    "| glmnet 1se", sum(has_bili(r$glmnet_1se_sel)), "of 10\n")
cat("bili chosen seed0cc: default", has_bili(res["seed0cc", "fs_default_sel"]), "min", has_bili(res["seed0cc", "fs_min_sel"]),
    "glmnet", has_bili(res["seed0cc", "glmnet_1se_sel"]), "\n")
