package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.spark.api.stats.CommonSparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.BaseEventStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * A round's split from DL4J's stats as the parameter-averaging master nests them (master, then each worker's
 * task, then the worker's own), with two workers and the events of later rounds appended to the same lists.
 */
class RoundTimingsTest {
    private final List<EventStats> fit = new ArrayList<>();
    private final List<EventStats> broadcastGet = new ArrayList<>();
    private final List<EventStats> workerTotal = new ArrayList<>();
    private final List<EventStats> broadcastCreate = new ArrayList<>();
    private final List<EventStats> job = new ArrayList<>();
    private final List<EventStats> processParams = new ArrayList<>();

    private ParameterAveragingTrainingMasterStats stats() {
        CommonSparkTrainingStats common = new CommonSparkTrainingStats();
        common.setWorkerFlatMapTotalTimeMs(workerTotal);
        common.setTrainingWorkerSpecificStats(new ParameterAveragingTrainingWorkerStats(broadcastGet,
                new ArrayList<>(), fit));
        return new ParameterAveragingTrainingMasterStats(common, new ArrayList<>(), new ArrayList<>(), broadcastCreate,
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), job, processParams, new ArrayList<>());
    }

    /** An event of worker {@code w} (its own thread) or of the driver (w = 0) lasting {@code ms}. */
    private static EventStats event(int w, long ms) {
        return new BaseEventStats("host", "jvm", w, 0L, ms);
    }

    @Test
    void eachRoundCountsItsSlowestWorkerAndOnlyItsOwnEvents() {
        RoundTimings timings = new RoundTimings();
        // round 1: worker 1 fits 100 + 150 ms, worker 2 fits 300 ms; the job takes 80 ms beyond worker 2's task
        fit.addAll(List.of(event(1, 100), event(1, 150), event(2, 300)));
        broadcastGet.addAll(List.of(event(1, 5), event(2, 15)));
        workerTotal.addAll(List.of(event(1, 400), event(2, 420)));
        broadcastCreate.add(event(0, 20));
        job.add(event(0, 500));
        processParams.add(event(0, 10));
        RoundTimings.Split first = timings.split(stats());
        assertThat(first.computeSeconds()).isCloseTo(0.300, within(1e-12));
        assertThat(first.broadcastSeconds()).as("20 ms created + 15 ms fetched").isCloseTo(0.035, within(1e-12));
        assertThat(first.aggregateSeconds()).as("500 - 420 ms beyond the slowest task + 10 ms")
                .isCloseTo(0.090, within(1e-12));

        // round 2, appended: the first round's events no longer count
        fit.addAll(List.of(event(1, 200), event(2, 100), event(2, 90)));
        broadcastGet.addAll(List.of(event(1, 10), event(2, 12)));
        workerTotal.addAll(List.of(event(1, 250), event(2, 260)));
        broadcastCreate.add(event(0, 30));
        job.add(event(0, 300));
        processParams.add(event(0, 5));
        RoundTimings.Split second = timings.split(stats());
        assertThat(second.computeSeconds()).isCloseTo(0.200, within(1e-12));
        assertThat(second.broadcastSeconds()).isCloseTo(0.042, within(1e-12));
        assertThat(second.aggregateSeconds()).isCloseTo(0.045, within(1e-12));

        // a job timed shorter than a task (clocks of different JVMs): never a negative share
        fit.add(event(1, 50));
        workerTotal.add(event(1, 200));
        job.add(event(0, 150));
        processParams.add(event(0, 3));
        assertThat(timings.split(stats()).aggregateSeconds()).isCloseTo(0.003, within(1e-12));
    }

    @Test
    void withoutStatsTheSplitIsNaN() {
        RoundTimings.Split none = new RoundTimings().split(null);
        assertThat(none.computeSeconds()).isNaN();
        assertThat(none.broadcastSeconds()).isNaN();
        assertThat(none.aggregateSeconds()).isNaN();
    }
}
