# Part A: small known-answer cases for the Cox partial likelihood, its gradient
# and Harrell's C-index.  R + survival (R 4.2.2, survival 3.5-3).
# Run: Rscript cox_reference.R (prints the checks; writes cases.csv, cases_with_martingale.csv
# and case_summary.csv, kept here as cox_cases.csv and cox_summary.csv)
suppressPackageStartupMessages(library(survival))
options(digits = 17)
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

cases <- list(
  # 1. distinct times, some censored
  data.frame(time  = c(2, 5, 7, 9, 11, 14, 18, 21),
             event = c(1, 0, 1, 1, 0, 1, 0, 1),
             eta   = c(0.3, -1.2, 0.8, 0.1, -0.4, 1.5, -0.7, 0.6)),
  # 2. tied event times (3 events at t=6, 2 events at t=10), censored rows at
  #    the same times (t=6 and t=10), distinct eta
  data.frame(time  = c(3, 6, 6, 6, 6, 8, 10, 10, 10, 13),
             event = c(1, 1, 1, 1, 0, 0, 1, 1, 0, 1),
             eta   = c(0.5, 1.1, -0.3, 0.2, 0.9, -1.0, 0.4, -0.6, 1.3, -0.2)),
  # 3. ties in eta as well as in time (tied eta within tied-time groups and
  #    across different times)
  data.frame(time  = c(1, 4, 4, 4, 7, 7, 9, 12, 12, 15),
             event = c(1, 1, 1, 0, 1, 0, 1, 1, 1, 0),
             eta   = c(0.5, 0.5, 0.5, -0.2, 1.0, 1.0, -0.2, 0.0, 0.5, 0.0)),
  # 4. first event after some censored rows; the last rows censored
  data.frame(time  = c(1, 2, 3, 5, 6, 8, 10, 12, 12),
             event = c(0, 0, 1, 1, 0, 1, 0, 0, 0),
             eta   = c(-0.5, 0.7, 1.2, 0.3, -0.8, 0.9, -0.1, 0.4, -1.3))
)

loglik_cox <- function(time, event, eta, ties) {
  fit <- coxph(Surv(time, event) ~ offset(eta), ties = ties)
  fit$loglik   # single number: no coefficients
}
# direct Breslow formula
loglik_breslow_direct <- function(time, event, eta) {
  s <- 0
  for (i in which(event == 1))
    s <- s + eta[i] - log(sum(exp(eta[time >= time[i]])))
  s
}
# direct Efron formula (extra cross-check)
loglik_efron_direct <- function(time, event, eta) {
  s <- 0
  for (t in sort(unique(time[event == 1]))) {
    D <- which(time == t & event == 1); d <- length(D)
    R <- sum(exp(eta[time >= t])); DR <- sum(exp(eta[D]))
    s <- s + sum(eta[D])
    for (k in 0:(d - 1)) s <- s - log(R - k / d * DR)
  }
  s
}
fd_grad <- function(time, event, eta, ties, h = 1e-6) {
  sapply(seq_along(eta), function(i) {
    ep <- eta; em <- eta; ep[i] <- ep[i] + h; em[i] <- em[i] - h
    (loglik_cox(time, event, ep, ties) - loglik_cox(time, event, em, ties)) / (2 * h)
  })
}
cidx <- function(time, event, eta) {
  concordance(Surv(time, event) ~ eta, reverse = TRUE)
}
# explicit pair counting, to verify R's comparability convention
# (i has the shorter time and an event, or both times equal with exactly one event:
#  the censored one counts as longer; pairs with equal times and both events
#  are tied.y; both censored / censored-first pairs are not comparable).
hand_count <- function(time, event, eta) {
  cnt <- c(concordant = 0, discordant = 0, tied.x = 0, tied.y = 0, tied.xy = 0)
  n <- length(time)
  for (i in 1:(n - 1)) for (j in (i + 1):n) {
    a <- i; b <- j
    # order so that a is the "earlier" one
    if (time[b] < time[a] || (time[b] == time[a] && event[b] == 1 && event[a] == 0)) { a <- j; b <- i }
    if (event[a] == 0) next                      # earlier one censored: not comparable
    if (time[a] == time[b] && event[b] == 1) {   # tied event times
      if (eta[a] == eta[b]) cnt["tied.xy"] <- cnt["tied.xy"] + 1 else cnt["tied.y"] <- cnt["tied.y"] + 1
      next
    }
    # a died first (or died at a time at which b was censored)
    if (eta[a] > eta[b]) cnt["concordant"] <- cnt["concordant"] + 1
    else if (eta[a] < eta[b]) cnt["discordant"] <- cnt["discordant"] + 1
    else cnt["tied.x"] <- cnt["tied.x"] + 1
  }
  cnt
}

rows <- list(); summ <- list()
for (k in seq_along(cases)) {
  d <- cases[[k]]; tm <- d$time; ev <- d$event; et <- d$eta; n <- nrow(d)
  cat("==================== case", k, "====================\n")
  print(d)
  fb <- coxph(Surv(tm, ev) ~ offset(et), ties = "breslow")
  fe <- coxph(Surv(tm, ev) ~ offset(et), ties = "efron")
  llb <- fb$loglik; lle <- fe$loglik
  llb_d <- loglik_breslow_direct(tm, ev, et); lle_d <- loglik_efron_direct(tm, ev, et)
  cat("loglik breslow coxph  =", f17(llb), " direct =", f17(llb_d), " diff =", f17(llb - llb_d), "\n")
  cat("loglik efron   coxph  =", f17(lle), " direct =", f17(lle_d), " diff =", f17(lle - lle_d), "\n")
  gb <- fd_grad(tm, ev, et, "breslow"); ge <- fd_grad(tm, ev, et, "efron")
  mb <- unname(residuals(fb, type = "martingale")); me <- unname(residuals(fe, type = "martingale"))
  cat("grad breslow FD vs martingale: max abs diff =", f17(max(abs(gb - mb))), "\n")
  cat("grad efron   FD vs martingale: max abs diff =", f17(max(abs(ge - me))), "\n")
  print(data.frame(fd_breslow = gb, mart_breslow = mb, fd_efron = ge, mart_efron = me))
  cc <- cidx(tm, ev, et)
  ccinf <- concordance(Surv(tm, ev) ~ et, reverse = TRUE, influence = 1)
  cat("IJ check: var =", f17(cc$var), " sum(dfbeta^2) =", f17(sum(ccinf$dfbeta^2)), "\n")
  cnt <- cc$count
  hc <- hand_count(tm, ev, et)
  cat("concordance =", f17(cc$concordance), "\n")
  cat("counts R   :", paste(names(cnt), cnt), "\n")
  cat("counts hand:", paste(names(hc), hc), "\n")
  cat("counts agree:", all(unname(cnt[1:5]) == unname(hc)), "\n")
  chand <- (hc["concordant"] + hc["tied.x"] / 2) / (hc["concordant"] + hc["discordant"] + hc["tied.x"])
  cat("C from hand counts (conc + tied.x/2)/(conc+disc+tied.x) =", f17(chand),
      " diff vs R =", f17(chand - cc$concordance), "\n")
  se_ij <- sqrt(cc$var)
  cloo <- sapply(1:n, function(i) cidx(tm[-i], ev[-i], et[-i])$concordance)
  se_jk <- sqrt((n - 1) / n * sum((cloo - mean(cloo))^2))
  cat("se_ij =", f17(se_ij), " se_jackknife =", f17(se_jk), "\n")
  cat("leave-one-out C:", f17(cloo), "\n")
  rows[[k]] <- data.frame(case = k, time = f17(tm), event = ev, eta = f17(et),
                          grad_breslow = f17(gb), grad_efron = f17(ge),
                          mart_breslow = f17(mb), mart_efron = f17(me),
                          ij_dfbeta = f17(ccinf$dfbeta))
  summ[[k]] <- data.frame(case = k, loglik_breslow = f17(llb), loglik_efron = f17(lle),
                          cindex = f17(cc$concordance),
                          concordant = cnt[["concordant"]], discordant = cnt[["discordant"]],
                          tied_x = cnt[["tied.x"]], tied_y = cnt[["tied.y"]], tied_xy = cnt[["tied.xy"]],
                          se_ij = f17(se_ij), se_jackknife = f17(se_jk))
}
allrows <- do.call(rbind, rows)
write.csv(allrows[, c("case", "time", "event", "eta", "grad_breslow", "grad_efron")],
          "cases.csv", row.names = FALSE, quote = FALSE)
write.csv(allrows, "cases_with_martingale.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, summ), "case_summary.csv", row.names = FALSE, quote = FALSE)
cat("written cases.csv, cases_with_martingale.csv, case_summary.csv\n")

# ---- convention check: what if censored-at-same-time-as-event pairs were NOT comparable?
cat("\n==== convention check (cases 2 and 3) ====\n")
hand_count_alt <- function(time, event, eta) {
  cnt <- c(concordant = 0, discordant = 0, tied.x = 0)
  n <- length(time)
  for (i in 1:n) for (j in 1:n) if (i != j && event[i] == 1 && time[i] < time[j]) {
    if (eta[i] > eta[j]) cnt[1] <- cnt[1] + 1 else if (eta[i] < eta[j]) cnt[2] <- cnt[2] + 1 else cnt[3] <- cnt[3] + 1
  }
  cnt
}
for (k in 2:3) {
  d <- cases[[k]]
  cat("case", k, ": R counts =", paste(names(cidx(d$time, d$event, d$eta)$count), cidx(d$time, d$event, d$eta)$count),
      "\n   strict time_i < time_j only (censored at same time NOT comparable):",
      paste(names(hand_count_alt(d$time, d$event, d$eta)), hand_count_alt(d$time, d$event, d$eta)), "\n")
  # list the event-vs-censored same-time pairs and how R counts them
  for (i in seq_len(nrow(d))) for (j in seq_len(nrow(d)))
    if (d$event[i] == 1 && d$event[j] == 0 && d$time[i] == d$time[j])
      cat(sprintf("   pair rows (%d event, %d censored) at time %g: eta %g vs %g -> %s\n", i, j, d$time[i],
                  d$eta[i], d$eta[j],
                  if (d$eta[i] > d$eta[j]) "concordant" else if (d$eta[i] < d$eta[j]) "discordant" else "tied.x"))
}
