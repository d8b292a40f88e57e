package critdamp.schedule;

/** alpha(t) = alpha for every step. */
public record ConstantRate(double value, long totalSteps) implements LearningRateSchedule {
    @Override
    public double alpha(long step) {
        return value;
    }
}
