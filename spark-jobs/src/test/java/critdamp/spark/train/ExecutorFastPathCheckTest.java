package critdamp.spark.train;

import critdamp.engine.EngineKind;
import static org.assertj.core.api.Assertions.assertThat;

import critdamp.config.SparkSpec;
import critdamp.fastpath.FastCpuPath;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import critdamp.optim.HeavyBallSgd;
import critdamp.spark.executor.Nd4jBackendPlugin;
import critdamp.spark.testing.OwnSparkContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ExecutorFastPathCheck} on Spark local mode: the report comes from the network the worker task trains (which
 * DL4J builds afresh from the broadcast configuration), so it sees the helpers that worker really got. Turning the
 * helpers off while the worker builds its network must show up as the slow path, layer by layer. Its own context:
 * started with the plugin set as deployments set it, to check the {@code spark.plugins} it ends up with.
 */
@ExtendWith(OwnSparkContext.class)
class ExecutorFastPathCheckTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        // the executor plugin as deployments register it: harmless on CPU executors
        System.setProperty("spark.plugins", Nd4jBackendPlugin.class.getName());
        try {
            sc = SparkContexts.getOrCreate("ExecutorFastPathCheckTest", "local[2]", EngineKind.DL4J);
        } finally {
            System.clearProperty("spark.plugins");
        }
    }

    @Test
    void workersOnTheFastPathReportEveryLayerFast() {
        List<ExecutorHelpers> seen = trainOneRound();
        assertThat(seen).as("local mode: one JVM, reported once").hasSize(1);
        ExecutorHelpers e = seen.get(0);
        assertThat(e.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(e.layers()).as("small CNN's conv, batch-norm and pooling layers").isGreaterThanOrEqualTo(6);
        assertThat(e.allFast()).as(e.describe()).isTrue();
        assertThat(e.nativeLibrary()).contains("onednn");
        assertThat(e.backend()).isEqualTo("CPU");
        assertThat(e.gpuAddresses()).as("no GPU scheduling in local mode").isEmpty();
        assertThat(e.cudaDevice()).isNull();
        assertThat(sc.getConf().get("spark.plugins")).isEqualTo(Nd4jBackendPlugin.class.getName());
    }

    @Test
    void workersThatLoseTheHelpersAreNamedLayerByLayer() {
        String before = System.getProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY);
        System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, "true");
        try {
            List<ExecutorHelpers> seen = trainOneRound();
            assertThat(seen).hasSize(1);
            ExecutorHelpers e = seen.get(0);
            assertThat(e.allFast()).isFalse();
            assertThat(e.slowLayers()).as("every helper-capable layer is slow").hasSize(e.layers());
            assertThat(e.describe()).startsWith("!!! SLOW PATH").contains(e.slowLayers().get(0));
        } finally {
            if (before == null) {
                System.clearProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, before);
            }
        }
    }

    /** One parameter-averaging round of the small CNN on 2 workers; returns the executors the check saw. */
    private static List<ExecutorHelpers> trainOneRound() {
        ComputationGraph net = Models.build(ModelKind.SMALL_CNN, InputShape.CIFAR10, 10, new HeavyBallSgd(0.01, 0.8), 1);
        ParameterAveragingTrainingMaster master = TrainingMasterFactory.create(
                new SparkSpec("local[2]", 2, 1, true, 2, false), 8, 1);
        ExecutorFastPathCheck check = new ExecutorFastPathCheck(sc);
        master.addHook(check.hook());
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            float[] labels = new float[8 * 10];
            for (int k = 0; k < 8; k++) {
                labels[k * 10 + (k + i) % 10] = 1f;
            }
            batches.add(new DataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 3, 32, 32),
                    Nd4j.create(labels, new long[]{8, 10}, 'c')));
        }
        new SparkComputationGraph(sc, net, master).fit(sc.parallelize(batches, 2));
        return check.collect(); // two tasks ran in this JVM: reported once
    }
}
