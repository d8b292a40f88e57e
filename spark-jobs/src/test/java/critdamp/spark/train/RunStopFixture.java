package critdamp.spark.train;

/** Lets tests outside this package act as if a stop signal had arrived ({@link RunStop}), and forget it. */
public final class RunStopFixture {
    private RunStopFixture() {
    }

    /** As if SIG{@code signal} ("TERM", "INT") had arrived; null forgets it and everything registered. */
    public static void simulate(String signal) {
        RunStop.reset();
        RunStop.simulate(signal);
    }
}
