package critdamp.scaling;

import critdamp.base.ConfigException;
import critdamp.config.TrainConfig;
import critdamp.config.TrainingSpec;
import critdamp.schedule.CriticalDamping;
import critdamp.schedule.MomentumKind;
import critdamp.schedule.MomentumSpec;
import critdamp.schedule.PhysicsMomentum;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A scaling study's runs: for each mode and size K, the per-worker batch, global batch and peak learning rate, from
 * the base config and the {@link StudySpec}. The reference run is the smallest size K0 with the config as written
 * (per-worker batch b0 = training.batchSize, global batch B0 = K0 * b0, peak rate alpha0 = learningRate.baseLr):
 * <ul>
 *   <li>strong scaling ({@link ScalingMode#STRONG}): global batch B = B0 (or {@code --global-batch}), each worker
 *       B / K (which must be whole);</li>
 *   <li>weak scaling ({@link ScalingMode#WEAK}): each worker b0, global batch K * b0;</li>
 *   <li>either: alpha = the {@link LearningRateRule} applied to B / B0, capped at {@code --max-lr}.</li>
 * </ul>
 * Everything else (data, epochs, schedule kinds, averaging frequency) is the base config's, so every size trains on
 * the same images for the same budget. A point that trains exactly as an earlier one (both modes' reference run)
 * shares its run.
 */
public final class ScalingPlan {
    private final TrainConfig base;
    private final StudySpec spec;
    private final int referenceBatch;
    private final double target;
    private final List<ScalingPoint> points = new ArrayList<>();

    private ScalingPlan(TrainConfig base, StudySpec spec) {
        this.base = base;
        this.spec = spec;
        this.referenceBatch = spec.referenceWorkers() * base.training().batchSize();
        this.target = target(base, spec);
        for (ScalingMode mode : spec.modes()) {
            for (int k : spec.workers()) {
                points.add(point(mode, k));
            }
        }
    }

    /**
     * The plan of {@code spec} over {@code base}.
     *
     * @throws ConfigException when strong scaling's global batch does not split evenly over a size, or no target
     */
    public static ScalingPlan of(TrainConfig base, StudySpec spec) {
        return new ScalingPlan(base, spec);
    }

    private ScalingPoint point(ScalingMode mode, int k) {
        int global;
        int perWorker;
        if (mode == ScalingMode.STRONG) {
            global = spec.globalBatch() != null ? spec.globalBatch() : referenceBatch;
            if (global % k != 0) {
                throw new ConfigException("strong scaling: the global batch " + global + " does not split evenly over "
                        + k + " workers; choose worker counts that divide it, or --global-batch");
            }
            perWorker = global / k;
        } else {
            perWorker = base.training().batchSize();
            global = k * perWorker;
        }
        double lr = spec.rule().apply(base.learningRate().baseLr(), (double) global / referenceBatch);
        if (spec.maxLearningRate() != null) {
            lr = Math.min(lr, spec.maxLearningRate());
        }
        lr = rounded(lr, 12); // as written in the run's config
        ScalingPoint p = new ScalingPoint(mode, k, perWorker, global, lr, ScalingMaster.of(spec.masterTemplate(), k),
                ScalingPoint.name(mode, k));
        for (ScalingPoint earlier : points) {
            if (earlier.ownsRun() && earlier.trainsLike(p)) {
                return new ScalingPoint(mode, k, perWorker, global, lr, p.master(), earlier.runName());
            }
        }
        return p;
    }

    /** {@code v} to {@code digits} significant digits, so that it prints as written (0.25, not 0.25000000000000006). */
    private static double rounded(double v, int digits) {
        return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
    }

    private static double target(TrainConfig base, StudySpec spec) {
        if (spec.target() != null) {
            return spec.target();
        }
        return base.training().targetAccuracies().stream().mapToDouble(Double::doubleValue).min()
                .orElseThrow(() -> new ConfigException("no target accuracy: set --target or "
                        + "training.targetAccuracies"));
    }

    public List<ScalingPoint> points() {
        return List.copyOf(points);
    }

    /** The points that train a run of their own, in order. */
    public List<ScalingPoint> runs() {
        return points.stream().filter(ScalingPoint::ownsRun).toList();
    }

    public TrainConfig base() {
        return base;
    }

    public StudySpec spec() {
        return spec;
    }

    /** The test accuracy whose first crossing each row reports. */
    public double target() {
        return target;
    }

    /** The reference run's global batch B0 = K0 * training.batchSize. */
    public int referenceBatch() {
        return referenceBatch;
    }

    /**
     * Run {@code p}'s config: the base with the point's workers, per-worker batch and peak rate, timings on, the
     * target among the recorded test accuracies (and, if asked, as the stopping point), named {@code p.runName()} in
     * {@code resultsDir}, on the point's master. Built and checked as one copy of the base.
     */
    public TrainConfig config(ScalingPoint p, String resultsDir) {
        TreeSet<Double> targets = new TreeSet<>(base.training().targetAccuracies());
        targets.add(target);
        return base.copy()
                .run(r -> r.withName(p.runName()).withResultsDir(resultsDir))
                .spark(s -> s.withMaster(p.master().url()).withWorkers(p.workers()).withCollectTimings(true))
                .training(t -> {
                    TrainingSpec sized = t.withBatchSize(p.perWorkerBatch()).withTargetAccuracies(List.copyOf(targets));
                    return spec.stopAtTarget() ? sized.withStopAtAccuracy(target) : sized;
                })
                .learningRate(lr -> lr.withBaseLr(p.learningRate()))
                .build();
    }

    /**
     * What {@code p}'s peak learning rate does to its momentum: for physics (and the hybrid's physics phase) mu at
     * the peak, 1 - 2 sqrt(alpha) clamped to [muMin, muMax], and the effective step alpha / (1 - mu); other kinds do
     * not follow alpha.
     */
    public String momentumAtPeak(ScalingPoint p) {
        MomentumSpec m = base.momentum();
        if (m.kind() != MomentumKind.PHYSICS && m.kind() != MomentumKind.HYBRID) {
            return "momentum " + m.kind().configName() + " does not follow alpha";
        }
        double raw = CriticalDamping.mu(p.learningRate());
        double mu = PhysicsMomentum.mu(p.learningRate(), m.muMin(), m.muMax());
        String clamp = mu > raw ? " (clamped: alpha > " + rounded(CriticalDamping.alphaAtMu(m.muMin()), 4) + ")"
                : mu < raw ? " (clamped at muMax)" : "";
        return String.format(Locale.ROOT, "physics mu %.3f%s, effective step %.4f", mu, clamp,
                CriticalDamping.effectiveStep(p.learningRate(), mu));
    }

    /** The rule and the reference, one line: what every table and log states. */
    public String ruleLine() {
        return String.format(Locale.ROOT, "learning-rate rule %s (%s; alpha0 = %s at B0 = %d%s)",
                spec.rule().configName(), spec.rule().formula(), base.learningRate().baseLr(), referenceBatch,
                spec.maxLearningRate() == null ? "" : ", capped at " + spec.maxLearningRate());
    }
}
