#!/usr/bin/env python3
"""Tables of the correction study ("Is targeting better than chance?") from bench/run-correction.sh's results.

Usage: bench/correction_table.py DIR > tables.md, where DIR is the study folder (bench/results/correction): one
folder per run, named small-cnn-s<seed>-<optimizer>, with summary.json, selection.json and retraining.json as the run
folder wrote them. A file missing from a run's folder is read from DIR/raw.tar.xz (member <run>/<file>), where the
study keeps the finished runs' raw records compressed; a run is finished when its retraining.json is in either.
`bench/correction_table.py --finished DIR` prints the finished runs' names, one a line (bench/run-correction.sh skips
them). Prints Markdown:
  1. per run: the trained model's test accuracy, the flagged groups and their parameter share, the protocol chosen on
     the validation split, fixed / broken / net of the targeted arm, of its data-order replicate (and the spread of net
     between the two), of the all-layers arm, the random arms' net (mean +- sd, their shares) and the targeted arm's
     rank among them (rank_among: ties counted against it, in every table), the change in validation and test
     accuracy of the targeted arm;
  2. the random arms' distribution per run (every net, the targeted one marked);
  3. mean +- sd over seeds per optimizer;
  4. pooled over runs, per optimizer and in all: is the targeted arm's rank among the random arms better than chance?
     (the exact one-sided p-value of the sum of its ranks, ties counted against it, under the null that it is one
     more random draw, so that its rank is uniform on 1..R+1 in every run);
  5. the same question with the parameter share taken out: per run a least-squares line of the random arms' net
     against their share, the targeted arm's residual from it (in units of the random arms' residual sd) and that
     residual's rank among theirs, pooled as in 4 (a targeted set of small share is not penalised for being small);
  6. SGD vs Adam per seed: Jaccard index of the flagged groups beside its chance level for random draws of the same
     sizes (hypergeometric expectation), Spearman rank correlation of the group scores over all groups.
Standard library only; sd is the sample standard deviation (n - 1).
"""
import json
import math
import os
import posixpath
import re
import sys
import tarfile
from statistics import mean, stdev

RUN_NAME = re.compile(r"small-cnn-s(\d+)-(\w+)$")
RAW_ARCHIVE = "raw.tar.xz"
FINISHED_MARK = "retraining.json"   # bench/run-correction.sh keeps it last: its presence marks a run done


class RunRecords:
    """The run records of a study folder: a run's file from its own folder or, when absent there, from the folder's
    raw.tar.xz (member <run>/<file>). The archive keeps finished runs' raw records out of the tree's line count; a run
    folder written after it (a new seed) is read as it is, and takes precedence over the archive."""

    def __init__(self, root):
        self.root = root
        self.archived = {}
        archive = os.path.join(root, RAW_ARCHIVE)
        if os.path.isfile(archive):
            with tarfile.open(archive) as tar:
                for member in tar.getmembers():
                    if member.isfile():
                        self.archived[posixpath.normpath(member.name)] = tar.extractfile(member).read()

    def names(self):
        """The run names (small-cnn-s<seed>-<optimizer>) with a folder or an archived file, sorted."""
        folders = os.listdir(self.root) if os.path.isdir(self.root) else []
        folders = [n for n in folders if os.path.isdir(os.path.join(self.root, n))]
        archived = [member.split("/")[0] for member in self.archived if "/" in member]
        return sorted(n for n in set(folders) | set(archived) if RUN_NAME.match(n))

    def has(self, run, file):
        return os.path.isfile(os.path.join(self.root, run, file)) or run + "/" + file in self.archived

    def load(self, run, file):
        """The parsed JSON of run's file (its folder first, then the archive); FileNotFoundError in neither."""
        path = os.path.join(self.root, run, file)
        if os.path.isfile(path):
            with open(path) as f:
                return json.load(f)
        member = run + "/" + file
        if member not in self.archived:
            raise FileNotFoundError("{}: neither in {} nor in {}".format(file, os.path.join(self.root, run),
                                                                        os.path.join(self.root, RAW_ARCHIVE)))
        return json.loads(self.archived[member].decode("utf-8"))

    def finished(self):
        """The names of the finished runs: those whose retraining.json is in their folder or the archive."""
        return [n for n in self.names() if self.has(n, FINISHED_MARK)]


def runs(root):
    """{(seed, optimizer): {summary, selection, retraining}} for every finished run under root (RunRecords)."""
    records = RunRecords(root)
    out = {}
    for name in records.finished():
        m = RUN_NAME.match(name)
        out[(int(m.group(1)), m.group(2))] = {
            part: records.load(name, part + ".json") for part in ("summary", "selection", "retraining")}
    return out


def arms(report, kind):
    return [a for a in report["arms"] if a["arm"] == kind]


def ms(values, fmt="{:.1f}"):
    """mean +- sd of the values ('-' without any; the mean alone for one)."""
    values = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not values:
        return "-"
    if len(values) == 1:
        return fmt.format(values[0])
    return fmt.format(mean(values)) + " +- " + fmt.replace("+", "").format(stdev(values))


def fbn(arm):
    return "{} / {} / {:+d}".format(arm["fixed"], arm["broken"], arm["net"])


def rank_among(value, others):
    """(rank, ties) of value among others, highest first, ties counted against it: rank = 1 + the others at least as
    large, ties = the others equal to it. The one rank rule of every table here: a tie is no evidence that targeting
    beats a random draw, and the pooled p-value's null (rank uniform on 1..R+1) is conservative under it."""
    return 1 + sum(o >= value for o in others), sum(o == value for o in others)


def random_stats(report):
    """(nets, shares, targeted net, rank, ties) of the targeted arm among the random arms (rank_among); None without
    them."""
    random = arms(report, "random_layers")
    targeted = arms(report, "targeted")
    if not random or not targeted:
        return None
    t = targeted[0]["net"]
    nets = [a["net"] for a in random]
    return (nets, [a["paramShare"] for a in random], t) + rank_among(t, nets)


def binomial(n, k):
    return math.comb(n, k) if 0 <= k <= n else 0


def expected_jaccard(n, k1, k2):
    """E[|A n B| / |A u B|] for independent uniform k1- and k2-subsets of n: the overlap is hypergeometric."""
    if k1 == 0 and k2 == 0:
        return 1.0
    total = 0.0
    for x in range(max(0, k1 + k2 - n), min(k1, k2) + 1):
        p = binomial(k1, x) * binomial(n - k1, k2 - x) / binomial(n, k2)
        total += p * x / (k1 + k2 - x)
    return total


def ranks(values):
    """Ranks 1..n, highest first, NaN last, ties sharing their average rank: Spearman's convention, for the rank
    correlation only (the targeted arm's rank among the random arms is rank_among)."""
    key = [(-math.inf if v is None or math.isnan(v) else v) for v in values]
    order = sorted(range(len(key)), key=lambda i: -key[i])
    r = [0.0] * len(key)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and key[order[j + 1]] == key[order[i]]:
            j += 1
        for t in range(i, j + 1):
            r[order[t]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = mean(rx), mean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return float("nan") if sxx == 0 or syy == 0 else sxy / math.sqrt(sxx * syy)


def scores(selection):
    return {g["name"]: (float("nan") if g["score"] in (None, "NaN") else g["score"]) for g in selection["ranking"]}


def delta(arm, before, after):
    return 100 * (arm[after] - arm[before])


def per_run_table(data):
    print("## Per run\n")
    print("| seed | optimizer | trained test acc | flagged groups | share | protocol (val) | targeted f / b / net "
          "| replicate net (spread) | all layers net | random net (R) | random shares | targeted rank "
          "| targeted change in val acc | targeted change in test acc |")
    print("|" + "---|" * 14)
    for (seed, opt), r in sorted(data.items()):
        rep, sel = r["retraining"], r["selection"]
        acc = r["summary"]["finalTestAccuracy"]
        t = arms(rep, "targeted")[0]
        rep_arm = arms(rep, "targeted_replicate")
        replicate = "{:+d} ({})".format(rep_arm[0]["net"], abs(rep_arm[0]["net"] - t["net"])) if rep_arm else "-"
        all_arm = arms(rep, "all_layers")
        stats = random_stats(rep)
        p = rep["protocol"]
        print("| {} | {} | {:.4f}{} | {} | {:.1f}% | {} ep, lr {} | {} | {} | {} | {} | {} | {} | {:+.2f} pp | {:+.2f} pp |"
              .format(seed, opt, acc, "" if acc > 0.65 else " (below 65%)", ", ".join(sel["flaggedGroups"]),
                      100 * sel["flaggedShare"], p["epochs"], p["baseLr"], fbn(t), replicate,
                      "{:+d}".format(all_arm[0]["net"]) if all_arm else "-",
                      "{} ({})".format(ms(stats[0]), len(stats[0])) if stats else "-",
                      "{:.1f}-{:.1f}%".format(100 * min(stats[1]), 100 * max(stats[1])) if stats else "-",
                      "{} of {}{}".format(stats[3], len(stats[0]) + 1, " ({} tied)".format(stats[4]) if stats[4] else "")
                      if stats else "-",
                      delta(t, "validationBefore", "validationAfter"), delta(t, "accuracyBefore", "accuracyAfter")))
    print()


def distribution_table(data):
    print("## Random arms: the distribution of net, the targeted arm marked\n")
    print("| seed | optimizer | random nets, sorted (targeted in brackets) | random shares mean | targeted share |")
    print("|---|---|---|---|---|")
    for (seed, opt), r in sorted(data.items()):
        stats = random_stats(r["retraining"])
        if not stats:
            continue
        nets, shares, t, _, _ = stats
        cells = sorted([(n, "{:+d}".format(n)) for n in nets] + [(t, "[{:+d}]".format(t))], key=lambda c: -c[0])
        print("| {} | {} | {} | {:.1f}% | {:.1f}% |".format(seed, opt, " ".join(c[1] for c in cells),
                                                             100 * mean(shares),
                                                             100 * arms(r["retraining"], "targeted")[0]["paramShare"]))
    print()


def summary_table(data):
    print("## Mean +- sd over seeds\n")
    print("| optimizer | seeds | trained test acc | flagged share | targeted fixed | targeted broken | targeted net "
          "| data-order spread of net | all layers net | random net (mean of runs) | targeted rank | targeted beats "
          "every random arm | targeted change in test acc (pp) |")
    print("|" + "---|" * 13)
    for opt in sorted({o for _, o in data}):
        rs = [r for (_, o), r in sorted(data.items()) if o == opt]
        t = [arms(r["retraining"], "targeted")[0] for r in rs]
        reps = [arms(r["retraining"], "targeted_replicate") for r in rs]
        alls = [arms(r["retraining"], "all_layers") for r in rs]
        stats = [random_stats(r["retraining"]) for r in rs]
        spreads = [abs(rp[0]["net"] - a["net"]) for rp, a in zip(reps, t) if rp]
        print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            opt, len(rs), ms([r["summary"]["finalTestAccuracy"] for r in rs], "{:.4f}"),
            ms([100 * r["selection"]["flaggedShare"] for r in rs], "{:.1f}%"),
            ms([a["fixed"] for a in t]), ms([a["broken"] for a in t]), ms([a["net"] for a in t], "{:+.1f}"),
            ms(spreads), ms([a[0]["net"] for a in alls if a], "{:+.1f}"),
            ms([mean(s[0]) for s in stats if s], "{:+.1f}"), ms([s[3] for s in stats if s]),
            "{} of {}".format(sum(1 for s in stats if s and s[3] == 1), sum(1 for s in stats if s)),
            ms([delta(a, "accuracyBefore", "accuracyAfter") for a in t], "{:+.2f}")))
    print()


def rank_sum_p(ranks_and_sizes):
    """P(sum of independent uniform ranks on 1..m_i <= the observed sum) for [(rank_i, m_i)]: the exact one-sided
    p-value of "the targeted arm ranks better than a random draw would", by convolving the uniform distributions."""
    dist = {0: 1.0}
    for _, m in ranks_and_sizes:
        nxt = {}
        for total, prob in dist.items():
            for r in range(1, m + 1):
                nxt[total + r] = nxt.get(total + r, 0.0) + prob / m
        dist = nxt
    observed = sum(r for r, _ in ranks_and_sizes)
    return sum(prob for total, prob in dist.items() if total <= observed)


def pooled_table(data):
    print("## Pooled over runs: does targeting rank better than chance?\n")
    print("Per run the targeted arm's rank among its R random arms, ties counted against it (1 + the random arms "
          "with a net at least as large, as in the tables above). If targeting were one more random draw its rank "
          "would be uniform on 1..R+1; p is the exact probability of a rank sum this small or smaller under that "
          "null (small p: targeting beats chance).\n")
    print("| runs | n | conservative ranks (of R+1) | mean rank | expected under chance | targeted net above the random "
          "mean | p (one-sided) |")
    print("|---|---|---|---|---|---|---|")
    groups = [(opt, [r for (_, o), r in sorted(data.items()) if o == opt]) for opt in sorted({o for _, o in data})]
    if len(groups) > 1:
        groups.append(("all", [r for _, r in sorted(data.items())]))
    for name, rs in groups:
        stats = [random_stats(r["retraining"]) for r in rs]
        stats = [s for s in stats if s]
        if not stats:
            continue
        ranks_sizes = [(s[3], len(s[0]) + 1) for s in stats]
        above = sum(1 for s in stats if s[2] > mean(s[0]))
        print("| {} | {} | {} | {:.1f} | {:.1f} | {} of {} | {:.3f} |".format(
            name, len(stats), ", ".join("{} of {}".format(r, m) for r, m in ranks_sizes),
            mean(r for r, _ in ranks_sizes), mean((m + 1) / 2 for _, m in ranks_sizes), above, len(stats),
            rank_sum_p(ranks_sizes)))
    print()


def line_fit(x, y):
    """(intercept, slope) of the least-squares line y = a + b x; slope 0 when every x is equal."""
    mx, my = mean(x), mean(y)
    sxx = sum((v - mx) ** 2 for v in x)
    b = 0.0 if sxx == 0 else sum((u - mx) * (v - my) for u, v in zip(x, y)) / sxx
    return my - b * mx, b


def share_adjusted(report):
    """(slope, targeted share, residual, z, rank, R, share range) of the targeted arm's net after the random arms'
    net-on-share line is taken out: residual = net - (a + b share), z = residual / sd of the random arms' residuals,
    rank of the residual among theirs (rank_among: ties against it); None with fewer than 3 random arms."""
    random = arms(report, "random_layers")
    targeted = arms(report, "targeted")
    if len(random) < 3 or not targeted:
        return None
    x = [a["paramShare"] for a in random]
    y = [a["net"] for a in random]
    a, b = line_fit(x, y)
    res = [v - (a + b * u) for u, v in zip(x, y)]
    t = targeted[0]
    t_res = t["net"] - (a + b * t["paramShare"])
    sd = stdev(res)
    z = float("nan") if sd == 0 else t_res / sd
    return b, t["paramShare"], t_res, z, rank_among(t_res, res)[0], len(res), (min(x), max(x))


def share_table(data):
    print("## Share taken out: is the targeted arm better than random arms of its share?\n")
    print("Random sets of as many groups differ in parameter share, and more trainable parameters can move net either "
          "way. Per run: the least-squares line of the random arms' net against their share (slope: net per 100% of "
          "the parameters), the net that line predicts at the targeted share, the targeted arm's residual (observed - "
          "predicted), z = residual / sd of the random arms' residuals, and the residual's rank among theirs (ties "
          "against it). A targeted share outside the random shares' range is an extrapolation of the line. Pooled p: "
          "as above, over the residual ranks.\n")
    print("| seed | optimizer | slope (net per 100% share) | random shares | targeted share | predicted net | targeted "
          "net | residual | z | residual rank |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    pooled = {}
    for (seed, opt), r in sorted(data.items()):
        s = share_adjusted(r["retraining"])
        if not s:
            continue
        slope, share, res, z, rank, n, (lo, hi) = s
        net = arms(r["retraining"], "targeted")[0]["net"]
        print("| {} | {} | {:+.0f} | {:.1f}-{:.1f}% | {:.1f}%{} | {:+.1f} | {:+d} | {:+.1f} | {:+.2f} | {} of {} |"
              .format(seed, opt, slope, 100 * lo, 100 * hi, 100 * share,
                      "" if lo <= share <= hi else " (outside)", net - res, net, res, z, rank, n + 1))
        pooled.setdefault(opt, []).append((rank, n + 1, z))
    if not pooled:
        print()
        return
    groups = sorted(pooled.items())
    if len(groups) > 1:
        groups.append(("all", [v for _, vs in groups for v in vs]))
    print()
    print("| runs | n | residual ranks | mean z | p (one-sided, rank sum) |")
    print("|---|---|---|---|---|")
    for name, vs in groups:
        print("| {} | {} | {} | {} | {:.3f} |".format(
            name, len(vs), ", ".join("{} of {}".format(r, m) for r, m, _ in vs),
            ms([z for _, _, z in vs], "{:+.2f}"), rank_sum_p([(r, m) for r, m, _ in vs])))
    print()


def optimizer_table(data, first="sgd", second="adam"):
    seeds = sorted(s for s, o in data if o == first and (s, second) in data)
    if not seeds:
        return
    print("## {} vs {}: the flagged groups\n".format(first.upper(), second.capitalize()))
    print("| seed | {} flagged | {} flagged | Jaccard | chance Jaccard | Spearman rho (all groups) |".format(
        first.upper(), second.capitalize()))
    print("|---|---|---|---|---|---|")
    js, cs, rhos = [], [], []
    for seed in seeds:
        a, b = data[(seed, first)]["selection"], data[(seed, second)]["selection"]
        fa, fb = set(a["flaggedGroups"]), set(b["flaggedGroups"])
        sa, sb = scores(a), scores(b)
        names = sorted(sa)
        n = len(names)
        j = len(fa & fb) / len(fa | fb) if fa | fb else 1.0
        c = expected_jaccard(n, len(fa), len(fb))
        rho = spearman([sa[g] for g in names], [sb[g] for g in names])
        js.append(j)
        cs.append(c)
        rhos.append(rho)
        print("| {} | {} | {} | {:.2f} | {:.2f} ({} and {} of {}) | {:.2f} |".format(
            seed, ", ".join(a["flaggedGroups"]), ", ".join(b["flaggedGroups"]), j, c, len(fa), len(fb), n, rho))
    print("| mean +- sd | | | {} | {} | {} |".format(ms(js, "{:.2f}"), ms(cs, "{:.2f}"), ms(rhos, "{:.2f}")))
    print()


def print_tables(root):
    """Every table of the finished runs under root, as Markdown on stdout; exits with status 1, printing nothing,
    when root holds no finished run (so that `> tables.md` never replaces the tables with an empty page)."""
    data = runs(root)
    if not data:
        sys.exit("correction_table.py: no finished run under {} (a run needs summary.json, selection.json and "
                 "retraining.json, in its folder or in {})".format(root, RAW_ARCHIVE))
    print("# Is targeting better than chance?\n")
    print("{} finished runs. fixed = wrong before, right after; broken = right before, wrong after; net = fixed - "
          "broken, on the test set. The targeted arm's rank among the random arms counts ties against it: rank 1 = "
          "every random arm had a smaller net. pp = percentage points.\n"
          .format(len(data)))
    per_run_table(data)
    distribution_table(data)
    summary_table(data)
    pooled_table(data)
    share_table(data)
    optimizer_table(data)


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--finished":
        for name in RunRecords(args[1]).finished():
            print(name)
    elif len(args) == 1 and not args[0].startswith("--"):
        print_tables(args[0])
    else:
        sys.exit("usage: correction_table.py DIR | correction_table.py --finished DIR")


if __name__ == "__main__":
    main()
