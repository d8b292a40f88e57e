package critdamp.sweep;

import critdamp.config.SweepConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Points that differ only in {@code run.seed}, summarised: mean, sample standard deviation and count of the final
 * validation and test accuracy, of the test accuracy at each point's best-validation epoch, and of the epochs and wall
 * time to each target test accuracy. Only finished points count; a target some seeds did not reach is averaged over
 * those that did and reported as "not reached k/n".
 *
 * @param label   the shared grid values, {@code key=value,...} ("all" when the grid holds only seeds)
 * @param values  the shared grid values
 * @param points  names of the points in the group
 * @param n       finished points
 * @param failed  failed points (diverged ones included)
 * @param finalValidationAccuracy      final validation accuracy over the finished points: what choices read
 * @param finalTestAccuracy            final test accuracy over the finished points: the measurement
 * @param testAccuracyAtBestValidation test accuracy at each finished point's best-validation epoch
 * @param imagesPerSecond training throughput over the finished points
 * @param testTargets one entry per target test accuracy
 */
public record SeedGroup(String label, Map<String, Object> values, List<String> points, int n, int failed,
                        Stat finalValidationAccuracy, Stat finalTestAccuracy, Stat testAccuracyAtBestValidation,
                        Stat imagesPerSecond, List<TargetStat> testTargets) {

    /** Mean, sample standard deviation (n - 1; NaN for n < 2) and count. */
    public record Stat(int n, double mean, double sd) {
        public static Stat of(List<Double> xs) {
            List<Double> v = xs.stream().filter(Double::isFinite).toList();
            if (v.isEmpty()) {
                return new Stat(0, Double.NaN, Double.NaN);
            }
            double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
            return new Stat(v.size(), mean, v.size() < 2 ? Double.NaN : Math.sqrt(ss / (v.size() - 1)));
        }
    }

    /**
     * Time to one target (test accuracy: a measurement) over the group's finished points.
     *
     * @param reached how many reached it
     * @param of      finished points
     * @param epochs  epochs to reach it, over those that reached it
     * @param seconds wall seconds to reach it, over those that reached it
     */
    public record TargetStat(double target, int reached, int of, Stat epochs, Stat seconds) {
        /** "3/3", or "not reached 1/3" when some did not reach it. */
        public String reachedText() {
            return reached == of ? reached + "/" + of : "not reached " + (of - reached) + "/" + of;
        }
    }

    /** Groups {@code results} by their grid values other than the seed, in first-appearance order. */
    public static List<SeedGroup> of(List<PointResult> results) {
        Map<String, List<PointResult>> byGroup = new LinkedHashMap<>();
        Map<String, Map<String, Object>> groupValues = new LinkedHashMap<>();
        for (PointResult r : results) {
            Map<String, Object> v = new LinkedHashMap<>(r.values());
            v.remove(SweepConfig.SEED_KEY);
            String label = v.isEmpty() ? "all" : SweepPoint.label(v);
            byGroup.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
            groupValues.put(label, v);
        }
        List<SeedGroup> groups = new ArrayList<>();
        byGroup.forEach((label, rs) -> groups.add(summarise(label, groupValues.get(label), rs)));
        return groups;
    }

    private static SeedGroup summarise(String label, Map<String, Object> values, List<PointResult> rs) {
        List<PointResult> done = rs.stream().filter(PointResult::done).toList();
        int failed = (int) rs.stream().filter(r -> PointStatus.FAILED.equals(r.status())).count();
        TreeSet<Double> targets = new TreeSet<>();
        rs.forEach(r -> r.testTargets().forEach(c -> targets.add(c.target())));
        List<TargetStat> ts = new ArrayList<>();
        for (double t : targets) {
            List<Double> epochs = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            for (PointResult r : done) {
                r.testTargets().stream().filter(c -> c.target() == t && c.reached()).findFirst().ifPresent(c -> {
                    epochs.add((double) c.epoch());
                    seconds.add(c.wallSeconds());
                });
            }
            ts.add(new TargetStat(t, epochs.size(), done.size(), Stat.of(epochs), Stat.of(seconds)));
        }
        return new SeedGroup(label, values, rs.stream().map(PointResult::name).toList(), done.size(), failed,
                Stat.of(done.stream().map(PointResult::finalValidationAccuracy).toList()),
                Stat.of(done.stream().map(PointResult::finalTestAccuracy).toList()),
                Stat.of(done.stream().map(PointResult::testAccuracyAtBestValidation).toList()),
                Stat.of(done.stream().map(PointResult::imagesPerSecond).toList()), ts);
    }
}
