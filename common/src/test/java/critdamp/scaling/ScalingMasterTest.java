package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** Each size's master and the Spark settings that give it one executor per worker and make it wait for them. */
class ScalingMasterTest {
    @Test
    void localModeHasNoExecutorsAndSharesTheCores() {
        ScalingMaster m = ScalingMaster.of("local[{N}]", 4);
        assertThat(m.url()).isEqualTo("local[4]");
        assertThat(m.kind()).isEqualTo(ScalingMaster.Kind.LOCAL);
        assertThat(m.expectedExecutors()).isZero();
        assertThat(m.sparkProperties(60, 1, 2)).containsExactly(Map.entry("spark.master", "local[4]"));
        assertThat(m.threadsPerWorker(2)).isEqualTo(1);
        assertThat(m.oversubscribed(2)).isTrue();
        assertThat(ScalingMaster.of("local[{N}]", 1).threadsPerWorker(2)).isEqualTo(2);
        assertThat(ScalingMaster.of("local[{N}]", 2).oversubscribed(2)).isFalse();
    }

    @Test
    void localClusterAsksForOneExecutorPerWorkerAndWaitsForThem() {
        ScalingMaster m = ScalingMaster.of("local-cluster[{N},1,1536]", 2);
        assertThat(m.url()).isEqualTo("local-cluster[2,1,1536]");
        assertThat(m.expectedExecutors()).isEqualTo(2);
        assertThat(m.sparkProperties(90, 1, 2)).containsExactly(Map.entry("spark.master", "local-cluster[2,1,1536]"),
                Map.entry("spark.dynamicAllocation.enabled", "false"),
                Map.entry("spark.scheduler.minRegisteredResourcesRatio", "1.0"),
                Map.entry("spark.scheduler.maxRegisteredResourcesWaitingTime", "90s"),
                Map.entry("spark.executor.cores", "1"), Map.entry("spark.cores.max", "2"),
                Map.entry("spark.executor.memory", "1536m"), Map.entry("spark.executorEnv.OMP_NUM_THREADS", "1"));
        // a fixed cluster smaller than the size: the study still expects K executors, so the size fails clearly
        assertThat(ScalingMaster.of("local-cluster[1,1,1024]", 2).expectedExecutors()).isEqualTo(2);
    }

    @Test
    void clustersCountExecutorsInTheirOwnTerms() {
        ScalingMaster standalone = ScalingMaster.of("spark://m:7077", 4);
        assertThat(standalone.kind()).isEqualTo(ScalingMaster.Kind.STANDALONE);
        assertThat(standalone.sparkProperties(60, 4, 2)).containsEntry("spark.executor.cores", "4")
                .containsEntry("spark.cores.max", "16");
        assertThat(standalone.threadsPerWorker(2)).as("left to the cluster").isZero();
        assertThat(standalone.oversubscribed(2)).isFalse();
        ScalingMaster yarn = ScalingMaster.of("yarn", 8);
        assertThat(yarn.kind()).isEqualTo(ScalingMaster.Kind.CLUSTER);
        assertThat(yarn.sparkProperties(60, 1, 2)).containsEntry("spark.executor.instances", "8")
                .containsEntry("spark.dynamicAllocation.enabled", "false").doesNotContainKey("spark.cores.max");
    }

    @Test
    void aLocalTemplateMustTakeTheWorkerCount() {
        assertThatThrownBy(() -> ScalingMaster.of("local[2]", 4)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must take the worker count as {N}");
        assertThatThrownBy(() -> ScalingMaster.of("local-cluster[{N},1]", 2))
                .hasMessageContaining("not local-cluster[executors,cores,MB]");
    }
}
