package critdamp.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SparkSpec#workersInDriver()}: how many workers share the driver JVM's cores, which sets their threads. */
class SparkSpecTest {
    private static SparkSpec spec(String master, int workers) {
        return new SparkSpec(master, workers, null, null, null, null);
    }

    @Test
    void localModeRunsAsManyWorkersAtOnceAsItHasSlots() {
        assertThat(spec("local[2]", 2).workersInDriver()).isEqualTo(2);
        assertThat(spec("local[1]", 2).workersInDriver()).isEqualTo(1);
        assertThat(spec("local[8]", 2).workersInDriver()).isEqualTo(2);
        assertThat(spec("local[4, 3]", 4).workersInDriver()).isEqualTo(4);
        assertThat(spec("local", 2).workersInDriver()).isEqualTo(1);
        assertThat(spec("local[*]", 64).workersInDriver())
                .isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void workersInExecutorsOfTheirOwnDoNotShareTheDriversCores() {
        assertThat(spec("local-cluster[2,1,1024]", 2).workersInDriver()).isZero();
        assertThat(spec("spark://host:7077", 4).workersInDriver()).isZero();
        assertThat(spec("yarn", 4).workersInDriver()).isZero();
        assertThat(spec("k8s://https://api:6443", 4).workersInDriver()).isZero();
    }
}
