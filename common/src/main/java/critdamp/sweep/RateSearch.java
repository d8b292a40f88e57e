package critdamp.sweep;

import critdamp.base.Check;
import critdamp.base.ConfigException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One schedule's learning-rate search on a geometric grid, on validation accuracy only: which rates to try next, the
 * best rate and its basin.
 *
 * <p>The search starts from {@code points} rates {@code lowest * factor^k} and extends the grid by one rate beyond an
 * edge ({@code lowest / factor} or {@code highest * factor}) while the best's basin (the rates within
 * {@code basinTolerance} of the best final validation accuracy, contiguous around it) reaches that edge. It stops when
 * the basin is closed on both sides: the best is then interior, better than the rates on both sides, and the basin's
 * width is measured, not cut off by the grid. An edge rate that diverged or fell out of the basin closes that side.
 * {@code maxExtensions} bounds the added rates (the side where the best itself sits goes first); past it, a best at
 * an edge is reported as such and a basin that still reaches an edge as open there. A search that would settle with
 * fewer than {@code minRates} rates tried adds one more beyond the edge with fewer rates between it and the best (above
 * on a tie, below when the top rate diverged), so every schedule's curve has at least that many points (issue #18: 6),
 * also within {@code maxExtensions}. Rates are multiples of
 * {@code lowest} by powers of {@code factor}, so a rate reached twice is the same double.
 */
public final class RateSearch {
    private RateSearch() {
    }

    /** How the run at one rate ended. */
    public enum Outcome {
        /** Not run yet, or interrupted. */
        PENDING,
        DONE,
        /** The loss went NaN or infinite: a result of the rate, worse than any finished run. */
        DIVERGED,
        /** Failed for another reason: the search waits until it is run again (--resume). */
        FAILED
    }

    /** A rate and what its run reached: the final validation accuracy when {@link Outcome#DONE}. */
    public record Trial(double rate, Outcome outcome, double validationAccuracy) {
        boolean done() {
            return outcome == Outcome.DONE && Double.isFinite(validationAccuracy);
        }
    }

    /**
     * The search's settings; null takes the default.
     *
     * @param lowest         the start grid's lowest rate (default 0.0125)
     * @param points         rates in the start grid (>= 3, so that an interior rate exists; default 6)
     * @param factor         ratio of neighbouring rates (> 1; default 2: each rate doubles the previous one)
     * @param maxExtensions  rates the search may add beyond the start grid, over both edges (>= 0; default 4)
     * @param basinTolerance a rate is in the basin when its validation accuracy is within this of the best (default
     *                       0.01: one point)
     * @param minRates       rates a settled search has tried at least (default and floor {@code points}: the start
     *                       grid; at most {@code points + maxExtensions})
     */
    public record Settings(Double lowest, Integer points, Double factor, Integer maxExtensions,
                           Double basinTolerance, Integer minRates) {
        public Settings {
            lowest = lowest == null ? 0.0125 : lowest;
            points = points == null ? 6 : points;
            factor = factor == null ? 2.0 : factor;
            maxExtensions = maxExtensions == null ? 4 : maxExtensions;
            basinTolerance = basinTolerance == null ? 0.01 : basinTolerance;
            if (!(lowest > 0) || Double.isInfinite(lowest)) {
                throw new ConfigException("search.lowest = " + lowest + ": must be a positive finite rate");
            }
            if (points < 3) {
                throw new ConfigException("search.points = " + points + ": at least 3 (a best rate with a "
                        + "neighbour on each side)");
            }
            if (!(factor > 1) || Double.isInfinite(factor)) {
                throw new ConfigException("search.factor = " + factor + ": must be > 1 (2: doubling)");
            }
            if (maxExtensions < 0) {
                throw new ConfigException("search.maxExtensions = " + maxExtensions + ": must be >= 0");
            }
            Check.inRange("search.basinTolerance", basinTolerance, 0.0, 1.0);
            minRates = minRates == null ? points : Math.max(points, minRates); // the start grid is tried anyway
            if (minRates > points + maxExtensions) {
                throw new ConfigException("search.minRates = " + minRates + ": at most search.points + "
                        + "search.maxExtensions = " + (points + maxExtensions) + " rates can be tried");
            }
        }

        /** The default settings. */
        public static Settings defaults() {
            return new Settings(null, null, null, null, null, null);
        }

        /** The start grid, ascending. */
        public List<Double> startGrid() {
            List<Double> rates = new ArrayList<>();
            for (int k = 0; k < points; k++) {
                rates.add(lowest * Math.pow(factor, k));
            }
            return rates;
        }
    }

    /** Where a schedule's search stands. */
    public enum Verdict {
        /** Some rates have not finished. */
        WAITING,
        /** A rate failed other than by diverging: run the study again with --resume. */
        FAILED,
        /** The best or its basin reaches an edge: the next rates beyond it are proposed. */
        EXTENDING,
        /** The best is better than the rates on both sides: settled (its basin closed, or no rates left to close it). */
        INTERIOR,
        /** The best is at an edge and no more rates may be added: settled, with that caveat. */
        EDGE;

        /** Whether the best rate is final. */
        public boolean settled() {
            return this == INTERIOR || this == EDGE;
        }
    }

    /**
     * The rates within the tolerance of the best, contiguous around it.
     *
     * @param low       the lowest such rate
     * @param high      the highest such rate
     * @param openBelow the basin reaches the lowest rate tried: it may extend further down
     * @param openAbove the basin reaches the highest rate tried: it may extend further up
     */
    public record Basin(double low, double high, boolean openBelow, boolean openAbove) {
        /** The basin's width as the ratio of its ends (1: only the best rate). */
        public double ratio() {
            return high / low;
        }

        /** The width in doublings: log2(high / low). */
        public double doublings() {
            return Math.log(ratio()) / Math.log(2);
        }
    }

    /**
     * The state of a search.
     *
     * @param verdict where it stands
     * @param next    rates to run next (only when {@link Verdict#EXTENDING})
     * @param best    the rate with the highest final validation accuracy so far, the lowest of equals (null: none
     *                finished)
     * @param basin   the best's basin (null with {@code best})
     * @param trials  the rates tried, ascending
     */
    public record Decision(Verdict verdict, List<Double> next, Trial best, Basin basin, List<Trial> trials) {
    }

    /** Decides on {@code trials} (the rates tried so far, with the start grid's untried ones as pending). */
    public static Decision decide(Settings s, List<Trial> trials) {
        List<Trial> sorted = trials.stream().sorted(Comparator.comparingDouble(Trial::rate)).toList();
        int best = bestIndex(sorted);
        Trial bestTrial = best < 0 ? null : sorted.get(best);
        Basin basin = best < 0 ? null : basin(sorted, best, s.basinTolerance());
        if (sorted.stream().anyMatch(t -> t.outcome() == Outcome.PENDING)) {
            return new Decision(Verdict.WAITING, List.of(), bestTrial, basin, sorted);
        }
        if (sorted.stream().anyMatch(t -> t.outcome() == Outcome.FAILED)) {
            return new Decision(Verdict.FAILED, List.of(), bestTrial, basin, sorted);
        }
        boolean bestAtLow = best == 0; // the lowest of equals: a tie with the low edge is at it
        boolean bestAtHigh = best >= 0 && reaches(sorted.get(sorted.size() - 1), bestTrial.validationAccuracy());
        boolean extendLow = best < 0 || basin.openBelow();
        boolean extendHigh = best >= 0 && basin.openAbove();
        int left = s.maxExtensions() - extensions(s, sorted);
        double below = sorted.get(0).rate() / s.factor();
        double above = sorted.get(sorted.size() - 1).rate() * s.factor();
        List<Double> next = new ArrayList<>();
        if (bestAtHigh && !bestAtLow) { // the side that may move the best goes first
            left = propose(next, extendHigh, above, left);
            left = propose(next, extendLow, below, left);
        } else {
            left = propose(next, extendLow, below, left);
            left = propose(next, extendHigh, above, left);
        }
        if (next.isEmpty() && best >= 0 && sorted.size() < s.minRates()) { // settled too soon: one more rate
            boolean topDiverged = sorted.get(sorted.size() - 1).outcome() == Outcome.DIVERGED;
            boolean goBelow = topDiverged || best < sorted.size() - 1 - best;
            propose(next, true, goBelow ? below : above, left);
        }
        Verdict verdict = !next.isEmpty() ? Verdict.EXTENDING
                : best < 0 || bestAtLow || bestAtHigh ? Verdict.EDGE : Verdict.INTERIOR;
        return new Decision(verdict, List.copyOf(next), bestTrial, basin, sorted);
    }

    /** Adds {@code rate} to {@code next} when {@code wanted} and an extension is left; returns the extensions left. */
    private static int propose(List<Double> next, boolean wanted, double rate, int left) {
        if (wanted && left > 0) {
            next.add(rate);
            return left - 1;
        }
        return left;
    }

    /** Index of the highest finished validation accuracy, the lowest rate of equals; -1 when none finished. */
    private static int bestIndex(List<Trial> sorted) {
        int best = -1;
        for (int i = 0; i < sorted.size(); i++) {
            Trial t = sorted.get(i);
            if (t.done() && (best < 0 || t.validationAccuracy() > sorted.get(best).validationAccuracy())) {
                best = i;
            }
        }
        return best;
    }

    private static boolean reaches(Trial t, double top) {
        return t.done() && t.validationAccuracy() >= top;
    }

    /** Rates tried that are not in the start grid. */
    private static int extensions(Settings s, List<Trial> sorted) {
        List<Double> start = s.startGrid();
        return (int) sorted.stream().filter(t -> start.stream().noneMatch(r -> sameRate(r, t.rate()))).count();
    }

    /** Equal up to float rounding (rates come from the same multiplications, so in practice exactly equal). */
    public static boolean sameRate(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }

    private static Basin basin(List<Trial> sorted, int best, double tolerance) {
        double floor = sorted.get(best).validationAccuracy() - tolerance - 1e-12; // "within" includes the edge
        int lo = best;
        while (lo > 0 && sorted.get(lo - 1).done() && sorted.get(lo - 1).validationAccuracy() >= floor) {
            lo--;
        }
        int hi = best;
        while (hi < sorted.size() - 1 && sorted.get(hi + 1).done()
                && sorted.get(hi + 1).validationAccuracy() >= floor) {
            hi++;
        }
        return new Basin(sorted.get(lo).rate(), sorted.get(hi).rate(), lo == 0, hi == sorted.size() - 1);
    }
}
