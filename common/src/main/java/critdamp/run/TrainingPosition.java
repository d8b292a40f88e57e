package critdamp.run;

/**
 * Where training stands: enough to resume with the same schedule position and data order.
 *
 * @param epoch       0-based epoch in progress (or next to start when {@code roundInEpoch} = 0)
 * @param roundInEpoch averaging rounds already done in {@code epoch}
 * @param globalRound averaging rounds done since the start of training
 * @param globalStep  minibatch steps each worker has taken (the schedules' t)
 */
public record TrainingPosition(int epoch, int roundInEpoch, long globalRound, long globalStep) {
    public static final TrainingPosition START = new TrainingPosition(0, 0, 0, 0);
}
