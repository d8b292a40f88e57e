package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.dl4j.Dl4jEngine;
import critdamp.engine.Batch;
import critdamp.engine.NetworkSpec;
import critdamp.engine.Outputs;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.TrainableModel;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import critdamp.optim.UpdaterSettings;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same weights in both engines give the same network: DL4J builds each of critdamp's networks, its canonical
 * vector (with batch-norm statistics moved away from their initial values, so that the inference path is tested) loads
 * into the libtorch twin, and on one batch of 8 CIFAR-shaped images
 * <ul>
 *   <li>the layouts are equal (layer names, order, shapes);</li>
 *   <li>inference-mode logits agree to 1e-4 and the losses to 1e-5 (each engine's own loss);</li>
 *   <li>training-mode logits (batch statistics) agree to 1e-4;</li>
 *   <li>the gradient of the summed loss agrees with DL4J's computed in double precision (relative error of the vector
 *       below 1e-4; DL4J's own float gradient within 5e-3 of it);</li>
 *   <li>one training step's running-statistics update agrees (DL4J's decay 0.9 with the biased batch variance).</li>
 * </ul>
 */
class CrossEngineTest {
    private static final OptimizerSpec NO_DECAY = new OptimizerSpec(OptimizerKind.HEAVY_BALL, 0.0);
    private static final int EXAMPLES = 8;

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void sameWeightsGiveTheSameNetworkInBothEngines(ModelKind kind) {
        NetworkSpec spec = new NetworkSpec(kind, InputShape.CIFAR10, 10);
        Batch batch = syntheticBatch(spec, EXAMPLES, 11);
        try (TrainableModel dl4j = new Dl4jEngine().build(spec, NO_DECAY, 7);
             TorchModel torch = (TorchModel) new TorchEngine().build(spec, NO_DECAY, 7)) {
            assertThat(torch.layout().blocks()).containsExactlyElementsOf(dl4j.layout().blocks());
            float[] values = withMovedStatistics(dl4j.layout(), dl4j.parameters(), 3);
            dl4j.setParameters(values);
            torch.setParameters(values);
            assertThat(maxAbsDiff(torch.parameters(), values)).isLessThan(1e-6);

            Outputs expected = dl4j.evaluate(batch);
            Outputs actual = torch.evaluate(batch);
            double inference = maxAbsDiff(actual.logits(), expected.logits());
            System.out.printf("%s: max |logit diff| inference %.2e (max |logit| %.2f), loss %.6f vs %.6f%n", kind,
                    inference, maxAbs(expected.logits()), expected.loss(), actual.loss());
            assertThat(inference).isLessThan(1e-4);
            assertThat(actual.loss()).isCloseTo(expected.loss(), org.assertj.core.data.Offset.offset(1e-5));

            ComputationGraph graph = Dl4jEngine.graph(dl4j);
            double training = maxAbsDiff(trainingLogits(torch.net(), batch),
                    dl4jTrainingLogits(graph, batch, spec.numClasses()));
            System.out.printf("%s: max |logit diff| training mode %.2e%n", kind, training);
            assertThat(training).isLessThan(1e-4);

            boolean[] all = new boolean[EXAMPLES];
            Arrays.fill(all, true);
            double[] viaDl4j = new double[dl4j.layout().trainableSize()];
            double[] viaTorch = new double[viaDl4j.length];
            dl4j.addGradientSum(batch, all, viaDl4j);
            torch.addGradientSum(batch, all, viaTorch);
            double[] exact = dl4jDoubleGradient(graph, dl4j.layout(), batch, spec.numClasses());
            double torchError = norm(difference(viaTorch, exact)) / norm(exact);
            double dl4jError = norm(difference(viaDl4j, exact)) / norm(exact);
            System.out.printf("%s: gradient relative error against DL4J in double precision: torch %.2e, DL4J"
                    + " float %.2e%n", kind, torchError, dl4jError);
            assertThat(torchError).isLessThan(1e-4);
            assertThat(dl4jError).isLessThan(5e-3);

            // one training step that moves only the running statistics: DL4J at alpha = 0, libtorch forward
            UpdaterSettings.pin(graph, 0.0, 0.0);
            graph.fit(dl4jDataSet(batch, spec.numClasses()));
            trainingLogits(torch.net(), batch, ForwardMode.TRAIN);
            float[] dl4jAfter = dl4j.parameters();
            float[] torchAfter = torch.parameters();
            assertStatisticsMoved(dl4j.layout(), values, dl4jAfter);
            double stats = maxAbsDiff(torchAfter, dl4jAfter);
            System.out.printf("%s: max |value diff| after the statistics update %.2e%n", kind, stats);
            assertThat(stats).isLessThan(5e-6);
        }
    }

    /** {@code values} with gamma, beta, running mean and deviation drawn away from 1, 0, 0, 0. */
    static float[] withMovedStatistics(ParameterLayout layout, float[] values, long seed) {
        float[] out = values.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        List<ParameterBlock> blocks = layout.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            for (int j = layout.offset(i); j < layout.offset(i) + b.length(); j++) {
                switch (b.role()) {
                    case BN_GAMMA -> out[j] = (float) rng.nextDouble(0.8, 1.2);
                    case BN_BETA, BN_MEAN -> out[j] = (float) (0.05 * rng.nextGaussian());
                    case BN_LOG10_STD -> out[j] = (float) rng.nextDouble(-0.05, 0.05);
                    default -> {
                    }
                }
            }
        }
        return out;
    }

    private static void assertStatisticsMoved(ParameterLayout layout, float[] before, float[] after) {
        for (int i = 0; i < layout.blocks().size(); i++) {
            ParameterBlock b = layout.blocks().get(i);
            float[] x = Arrays.copyOfRange(before, layout.offset(i), layout.offset(i) + b.length());
            float[] y = Arrays.copyOfRange(after, layout.offset(i), layout.offset(i) + b.length());
            if (b.role().trained()) {
                assertThat(Arrays.equals(x, y)).as("%s unchanged at alpha 0 (max change %.3e)", b, maxAbsDiff(x, y))
                        .isTrue();
            } else {
                assertThat(maxAbsDiff(x, y)).as("%s moved", b).isGreaterThan(1e-3);
            }
        }
    }

    static Batch syntheticBatch(NetworkSpec spec, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(n * spec.input().size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % spec.numClasses();
        }
        return new Batch(spec.input(), x, labels);
    }

    private static float[] trainingLogits(TorchNetwork net, Batch batch) {
        return trainingLogits(net, batch, ForwardMode.PROBE);
    }

    private static float[] trainingLogits(TorchNetwork net, Batch batch, ForwardMode mode) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor logits = net.logits(TorchBatches.features(batch), mode).contiguous();
            float[] out = new float[Math.toIntExact(logits.numel())];
            logits.data_ptr_float().get(out);
            return out;
        }
    }

    /**
     * The gradient of the summed loss in trainable coordinates, from a double-precision copy of {@code graph}: the
     * reference for both engines' float gradients (DL4J's own float backward loses about three digits in the first
     * stages of ResNet-18, libtorch's agrees with this to ~1e-6).
     */
    private static double[] dl4jDoubleGradient(ComputationGraph graph, ParameterLayout layout, Batch batch,
                                               int classes) {
        ComputationGraph exact = graph.convertDataType(DataType.DOUBLE);
        DataSet ds = dl4jDataSet(batch, classes);
        exact.setInputs(ds.getFeatures().castTo(DataType.DOUBLE));
        exact.setLabels(ds.getLabels().castTo(DataType.DOUBLE));
        exact.computeGradientAndScore();
        double[] full = exact.getFlattenedGradients().dup().data().asDouble();
        double[] out = new double[layout.trainableSize()];
        for (int i = 0; i < layout.blocks().size(); i++) {
            if (layout.blocks().get(i).role().trained()) {
                int length = layout.blocks().get(i).length();
                System.arraycopy(full, layout.offset(i), out, layout.trainableOffset(i), length);
            }
        }
        return out;
    }

    /** DL4J's training-mode logits: the dense layer applied to its input's training-mode activations. */
    private static float[] dl4jTrainingLogits(ComputationGraph graph, Batch batch, int classes) {
        INDArray features = dl4jDataSet(batch, classes).getFeatures();
        INDArray pooled = graph.feedForward(features, true).get("avgpool");
        var fc = graph.getLayer("fc");
        INDArray logits = pooled.mmul(fc.getParam("W")).addiRowVector(fc.getParam("b"));
        graph.clear();
        return logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static DataSet dl4jDataSet(Batch batch, int classes) {
        var s = batch.shape();
        INDArray x = Nd4j.create(batch.features(), new long[] {batch.size(), s.channels(), s.height(), s.width()}, 'c');
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch.size(), classes);
        for (int i = 0; i < batch.size(); i++) {
            y.putScalar(i, batch.labels()[i], 1.0);
        }
        return new DataSet(x, y);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(float[] a) {
        double max = 0;
        for (float x : a) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
