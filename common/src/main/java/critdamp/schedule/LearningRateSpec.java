package critdamp.schedule;

import critdamp.base.Check;
import critdamp.base.ConfigException;

import java.util.List;

/**
 * The {@code learningRate:} section of a config: which schedule alpha(t) and its parameters, validated.
 *
 * @param kind           constant, step, cosine, warmup_cosine or one_cycle (default cosine)
 * @param baseLr         the peak learning rate, > 0
 * @param minLr          where cosine schedules end, in [0, baseLr) (default 0)
 * @param warmupFraction share of the run spent warming up (default 0.05 for warmup_cosine, 0.3 for one_cycle)
 * @param warmupDivisor  warm-up starts at baseLr / warmupDivisor (default 10; one_cycle 25)
 * @param milestones     step schedule: fractions of the run where alpha is multiplied by gamma (default [0.5, 0.75])
 * @param gamma          step schedule factor in (0, 1] (default 0.1)
 */
public record LearningRateSpec(LearningRateKind kind, Double baseLr, Double minLr, Double warmupFraction,
                               Double warmupDivisor, List<Double> milestones, Double gamma) {
    public LearningRateSpec {
        kind = kind == null ? LearningRateKind.COSINE : kind;
        if (baseLr == null) {
            throw new ConfigException("learningRate.baseLr: missing (the peak learning rate, e.g. 0.05)");
        }
        if (!(baseLr > 0) || Double.isInfinite(baseLr)) {
            throw new ConfigException("learningRate.baseLr = " + baseLr + ": must be a positive finite number");
        }
        minLr = Check.nonNegative("learningRate.minLr", minLr == null ? 0.0 : minLr);
        if (minLr >= baseLr) {
            throw new ConfigException("learningRate.minLr = " + minLr + " must be below baseLr = " + baseLr);
        }
        double defaultWarmup = switch (kind) {
            case ONE_CYCLE -> 0.3;
            case WARMUP_COSINE -> 0.05;
            default -> 0.0;
        };
        warmupFraction = Check.inHalfOpen("learningRate.warmupFraction",
                warmupFraction == null ? defaultWarmup : warmupFraction, 0.0, 1.0);
        warmupDivisor = warmupDivisor == null ? (kind == LearningRateKind.ONE_CYCLE ? 25.0 : 10.0) : warmupDivisor;
        if (!(warmupDivisor >= 1)) {
            throw new ConfigException("learningRate.warmupDivisor = " + warmupDivisor + ": must be >= 1");
        }
        milestones = List.copyOf(milestones == null ? List.of(0.5, 0.75) : milestones);
        double previous = 0;
        for (double m : milestones) {
            if (!(m > previous && m < 1)) {
                throw new ConfigException("learningRate.milestones = " + milestones
                        + ": must be increasing fractions of the run, each in (0, 1)");
            }
            previous = m;
        }
        gamma = gamma == null ? 0.1 : gamma;
        if (!(gamma > 0 && gamma <= 1)) {
            throw new ConfigException("learningRate.gamma = " + gamma + ": must be in (0, 1]");
        }
    }

    /** A spec of the given kind and peak rate, every other parameter at its default. */
    public static LearningRateSpec of(LearningRateKind kind, double baseLr) {
        return new LearningRateSpec(kind, baseLr, null, null, null, null, null);
    }

    /**
     * This spec with another peak rate (learning-rate studies, scaling sizes), every other parameter as it is: a
     * {@code minLr} that is not below the new rate fails as it would in a file.
     */
    public LearningRateSpec withBaseLr(double baseLr) {
        return new LearningRateSpec(kind, baseLr, minLr, warmupFraction, warmupDivisor, milestones, gamma);
    }

    /** The schedule for a run of {@code totalSteps} optimizer steps. */
    public LearningRateSchedule build(long totalSteps) {
        Check.positive("total steps", totalSteps);
        return switch (kind) {
            case CONSTANT -> new ConstantRate(baseLr, totalSteps);
            case STEP -> new StepRate(baseLr, milestones, gamma, totalSteps);
            case COSINE -> new WarmupCosineRate(baseLr, minLr, 0, 1, false, totalSteps);
            case WARMUP_COSINE -> new WarmupCosineRate(baseLr, minLr, warmupSteps(totalSteps), warmupDivisor, false,
                    totalSteps);
            case ONE_CYCLE -> new WarmupCosineRate(baseLr, minLr, warmupSteps(totalSteps), warmupDivisor, true,
                    totalSteps);
        };
    }

    private long warmupSteps(long totalSteps) {
        return Math.round(warmupFraction * totalSteps);
    }
}
