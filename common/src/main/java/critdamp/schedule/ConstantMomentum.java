package critdamp.schedule;

/** mu(t) = value: the constant momentum SGD has used for decades. */
public record ConstantMomentum(double value) implements MomentumSchedule {
    @Override
    public double mu(long step) {
        return value;
    }
}
