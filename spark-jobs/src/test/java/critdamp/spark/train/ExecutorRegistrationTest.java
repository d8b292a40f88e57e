package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The executor check: passes once all registered, fails with one line naming both counts, and skips local mode. */
class ExecutorRegistrationTest {
    @Test
    void waitsUntilAllRegistered() {
        AtomicInteger polls = new AtomicInteger();
        ExecutorRegistration.await(() -> Math.min(3, polls.incrementAndGet()), 3,
                System.currentTimeMillis() + 10_000, "spark://m:7077", Duration.ofSeconds(10));
        assertThat(polls.get()).as("polled until the third registered").isEqualTo(3);
    }

    @Test
    void failsWithBothCountsTheMasterAndTheTimeout() {
        assertThatThrownBy(() -> ExecutorRegistration.await(() -> 1, 2, System.currentTimeMillis() + 300,
                "local-cluster[1,1,1024]", Duration.ofSeconds(5)))
                .isInstanceOf(ExecutorRegistration.MissingExecutorsException.class)
                .hasMessage("only 1 of the 2 executors expected registered within 5 s (master "
                        + "local-cluster[1,1,1024]): the cluster lacks free cores or memory for them, or they failed "
                        + "to start (see the executors' logs); ask for fewer workers or a longer wait "
                        + "(critdamp scaling --executor-timeout)");
    }

    @Test
    void onlyLocalModesHaveNoExecutors() {
        assertThat(ExecutorRegistration.hasExecutors("local")).isFalse();
        assertThat(ExecutorRegistration.hasExecutors("local[4]")).isFalse();
        assertThat(ExecutorRegistration.hasExecutors("local-cluster[2,1,1024]")).isTrue();
        assertThat(ExecutorRegistration.hasExecutors("yarn")).isTrue();
    }
}
