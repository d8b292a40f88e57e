package critdamp.schedule;

import critdamp.base.Check;
import critdamp.base.ConfigException;

/**
 * The {@code momentum:} section of a config: which schedule mu(t) and its parameters, validated.
 *
 * @param kind           constant, physics, hybrid, one_cycle_inverse or demon (default physics)
 * @param value          the constant momentum (constant; hybrid's refinement phase; Demon's start), default 0.9
 * @param muMin          lower clamp of physics/hybrid mu (default 0: plain SGD where alpha > 1/4); one-cycle's low
 *                       momentum (default 0.85)
 * @param muMax          upper clamp of physics/hybrid mu (default 0.99: effective step at most 100*alpha); one-cycle's
 *                       high momentum (default 0.95)
 * @param switchAt       hybrid: crossing (default) or fraction, see {@link HybridSwitch}
 * @param switchFraction hybrid with switchAt = fraction: the share of the run under physics momentum (default 0.75)
 */
public record MomentumSpec(MomentumKind kind, Double value, Double muMin, Double muMax, HybridSwitch switchAt,
                           Double switchFraction) {
    public MomentumSpec {
        kind = kind == null ? MomentumKind.PHYSICS : kind;
        value = Check.inHalfOpen("momentum.value", value == null ? 0.9 : value, 0.0, 1.0);
        boolean oneCycle = kind == MomentumKind.ONE_CYCLE_INVERSE;
        muMin = Check.inHalfOpen("momentum.muMin", muMin == null ? (oneCycle ? 0.85 : 0.0) : muMin, 0.0, 1.0);
        muMax = Check.inHalfOpen("momentum.muMax", muMax == null ? (oneCycle ? 0.95 : 0.99) : muMax, 0.0, 1.0);
        if (muMin > muMax) {
            throw new ConfigException("momentum.muMin = " + muMin + " is above momentum.muMax = " + muMax);
        }
        switchAt = switchAt == null ? HybridSwitch.CROSSING : switchAt;
        switchFraction = Check.inRange("momentum.switchFraction", switchFraction == null ? 0.75 : switchFraction,
                0.0, 1.0);
    }

    /** A spec of the given kind, every parameter at its default. */
    public static MomentumSpec of(MomentumKind kind) {
        return new MomentumSpec(kind, null, null, null, null, null);
    }

    /** The schedule for a run with learning-rate schedule {@code lr}; logs a warning if physics mu gets clamped. */
    public MomentumSchedule build(LearningRateSchedule lr) {
        return build(lr, true);
    }

    /**
     * As {@link #build(LearningRateSchedule)}, logging clamp warnings only if {@code warn}: a schedule built inside
     * another (the hybrid's physics part) or built again for the same run stays quiet, the first build has warned.
     */
    MomentumSchedule build(LearningRateSchedule lr, boolean warn) {
        return switch (kind) {
            case CONSTANT -> new ConstantMomentum(value);
            case PHYSICS -> PhysicsMomentum.create(lr, muMin, muMax, warn);
            // the physics part is built quietly: steps after the switch use the constant, their clamping is moot
            case HYBRID -> HybridMomentum.create(PhysicsMomentum.create(lr, muMin, muMax, false), value, switchAt,
                    switchFraction, warn);
            case ONE_CYCLE_INVERSE -> OneCycleInverseMomentum.of(lr, muMin, muMax);
            case DEMON -> new DemonMomentum(value, lr.totalSteps());
        };
    }
}
