package critdamp.schedule;

import java.util.List;

/** alpha(t) = baseLr * gamma^k, k = the number of milestones (fractions of the run) at or before step t. */
public record StepRate(double baseLr, List<Double> milestones, double gamma, long totalSteps)
        implements LearningRateSchedule {
    public StepRate {
        milestones = List.copyOf(milestones);
    }

    @Override
    public double alpha(long step) {
        double a = baseLr;
        for (double m : milestones) {
            if (step >= Math.round(m * totalSteps)) {
                a *= gamma;
            }
        }
        return a;
    }
}
