package critdamp.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.LoggerFactory;

/**
 * The fast CPU path is really on (every conv / batch-norm / pooling layer holds a oneDNN helper that runs without
 * falling back) and computes the same as DL4J's built-in path.
 */
class FastCpuPathTest {
    private static final Map<HelperReport.LayerKind, String> EXPECTED = Map.of(
            HelperReport.LayerKind.CONVOLUTION, "MKLDNNConvHelper",
            HelperReport.LayerKind.BATCH_NORM, "MKLDNNBatchNormHelper",
            HelperReport.LayerKind.SUBSAMPLING, "MKLDNNSubsamplingHelper");

    private static ComputationGraph build(ModelKind kind) {
        return Models.build(kind, InputShape.CIFAR10, 10, new Sgd(0.01), 11);
    }

    /** Builds a second graph with the same configuration and parameters while DL4J's helpers are switched off. */
    private static ComputationGraph builtInCopy(ComputationGraph fast) {
        String before = System.getProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY);
        System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, "true");
        try {
            ComputationGraph slow = new ComputationGraph(fast.getConfiguration().clone());
            slow.init(fast.params().dup(), true);
            return slow;
        } finally {
            if (before == null) {
                System.clearProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, before);
            }
        }
    }

    private static INDArray[] batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 10, 1.0);
        }
        return new INDArray[]{x, y};
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"SMALL_CNN", "RESNET20"})
    void everyConvBatchNormAndPoolingLayerRunsItsOneDnnHelper(ModelKind kind) {
        ComputationGraph g = build(kind);
        INDArray[] xy = batch(8, 1);
        g.fit(new org.nd4j.linalg.dataset.DataSet(xy[0], xy[1])); // one training step: helpers must not fall back
        HelperReport report = FastCpuPath.logReport(g);
        assertThat(report.layers()).isNotEmpty();
        assertThat(report.layers()).allSatisfy(e -> {
            assertThat(e.helper()).as(e.layer()).isEqualTo(EXPECTED.get(e.kind()));
            assertThat(e.fallbacks()).as(e.layer() + " fallbacks").isZero();
        });
        assertThat(report.allFast()).isTrue();
        assertThat(report.nativeLibrary()).contains("onednn");
    }

    /**
     * Same weights, same batch, helpers on vs off (built with {@code helpers.disable=true}: every helper null), and a
     * float64 copy (built-in path; the helpers decline doubles) as the exact reference. Tolerances:
     * <ul>
     *   <li>outputs (training mode, batch statistics): relative L2 difference &lt;= 1e-5. Float32 round-off is
     *       6e-8 per operation; oneDNN and im2col+GEMM sum in different orders, and the differences grow over ~20
     *       layers by a factor of tens; measured 1e-7..4e-7.</li>
     *   <li>gradients of all parameters together: relative L2 difference &lt;= 5e-3 between the two paths, and the
     *       helper path no further from the float64 reference than twice the built-in path's distance. Backward
     *       through 20 batch-norm layers on a random batch cancels heavily in early layers: measured for ResNet-20,
     *       both float paths are ~1e-3 from float64 (stem up to 4e-3), the helper path slightly closer; SMALL_CNN
     *       ~4e-6. A wrong helper (e.g. wrong batch-norm backward) errs by O(1).</li>
     * </ul>
     */
    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"SMALL_CNN", "RESNET20"})
    void helperPathMatchesBuiltInPath(ModelKind kind) {
        ComputationGraph fast = build(kind);
        ComputationGraph slow = builtInCopy(fast);
        ComputationGraph exact = slow.convertDataType(DataType.DOUBLE);
        assertThat(FastCpuPath.report(slow).layers()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.helper()).as(e.layer()).isEqualTo(HelperReport.NONE));
        assertThat(FastCpuPath.report(fast).allFast()).isTrue();
        assertThat(slow.params()).isEqualTo(fast.params());

        INDArray[] xy = batch(16, 2);
        INDArray outFast = fast.output(true, xy[0])[0];
        INDArray outSlow = slow.output(true, xy[0])[0];
        assertThat(rel(outFast, outSlow)).as("output, helper vs built-in").isLessThanOrEqualTo(1e-5);

        Gradient gFast = gradient(fast, xy);
        Gradient gSlow = gradient(slow, xy);
        Gradient gExact = gradient(exact, xy);
        assertThat(fast.score()).isCloseTo(slow.score(), org.assertj.core.data.Offset.offset(1e-5));
        double fastSlow = rel(gFast.gradient(), gSlow.gradient());
        double fastExact = rel(gFast.gradient(), gExact.gradient());
        double slowExact = rel(gSlow.gradient(), gExact.gradient());
        LoggerFactory.getLogger(FastCpuPathTest.class).info(
                "{}: output rel diff {}; gradient rel diff helper-builtin {}, helper-float64 {}, builtin-float64 {}",
                kind, rel(outFast, outSlow), fastSlow, fastExact, slowExact);
        assertThat(fastSlow).as("gradient, helper vs built-in").isLessThanOrEqualTo(5e-3);
        assertThat(fastExact).as("gradient, helper vs float64").isLessThanOrEqualTo(2 * slowExact + 1e-6);
        for (var e : gExact.gradientForVariable().entrySet()) {
            assertThat(rel(gFast.getGradientFor(e.getKey()), e.getValue())).as(e.getKey()).isLessThanOrEqualTo(1e-2);
        }
    }

    /** Gradient of the loss on {@code xy}, copied out of the network (as float64). */
    private static Gradient gradient(ComputationGraph g, INDArray[] xy) {
        DataType t = g.params().dataType();
        g.setInputs(xy[0].castTo(t));
        g.setLabels(xy[1].castTo(t));
        g.computeGradientAndScore();
        Gradient gr = g.gradient();
        Gradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient(gr.gradient().castTo(DataType.DOUBLE).dup());
        for (var e : gr.gradientForVariable().entrySet()) {
            copy.setGradientFor(e.getKey(), e.getValue().castTo(DataType.DOUBLE).dup());
        }
        return copy;
    }

    /** ||a - b|| / ||b||, in float64. */
    private static double rel(INDArray a, INDArray b) {
        INDArray bd = b.castTo(DataType.DOUBLE);
        return a.castTo(DataType.DOUBLE).sub(bd).norm2Number().doubleValue() / Math.max(bd.norm2Number().doubleValue(), 1e-30);
    }

    @Test
    void enableDefaultsKeepsUserValues() {
        String before = System.getProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY);
        try {
            System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, "true");
            FastCpuPath.enableDefaults();
            assertThat(System.getProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY)).isEqualTo("true");
            System.clearProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY);
            FastCpuPath.enableDefaults();
            assertThat(System.getProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY)).isEqualTo("false");
        } finally {
            if (before == null) {
                System.clearProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, before);
            }
        }
        // the oneDNN build found on the classpath is the one this JVM was told to load (the pom keeps them in step);
        // the -Pcuda build lists its CUDA native build after it
        assertThat(System.getProperty(FastCpuPath.PLATFORM_EXTENSION_PROPERTY).split(":")[0])
                .isEqualTo(FastCpuPath.oneDnnExtensionOnClasspath());
    }
}
