package critdamp.train;

/**
 * Where a run's learning-rate and momentum schedules end, and which step's values a round trains with. A run
 * extended past its schedules ({@link RunExtensions}) keeps them for every step up to their end, unchanged, and
 * trains every later round at the values of the schedule's last round: alpha and mu neither jump nor restart at the
 * boundary, and the steps already trained keep the values they were trained with.
 *
 * @param endStep       the schedules' length in steps: steps per epoch times the epochs they span
 * @param lastRoundStep the first step of the schedules' last averaging round
 */
public record ScheduleHorizon(long endStep, long lastRoundStep) {

    /** The horizon of schedules spanning {@code scheduleEpochs} epochs of {@code plan}. */
    public static ScheduleHorizon of(RoundPlan plan, int scheduleEpochs) {
        long end = plan.stepsPerEpoch() * scheduleEpochs;
        return new ScheduleHorizon(end, end - plan.stepsInRound(plan.roundsPerEpoch() - 1));
    }

    /** The step whose alpha and mu the round starting at {@code step} trains with. */
    public long scheduleStep(long step) {
        return step < endStep ? step : lastRoundStep;
    }
}
