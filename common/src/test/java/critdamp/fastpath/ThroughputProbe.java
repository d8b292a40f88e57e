package critdamp.fastpath;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Manual benchmark, not a test: training images/s of a network at batch 64 on synthetic CIFAR-shaped data, with
 * DL4J's oneDNN helpers on and off, timed in alternating rounds (this machine's speed drifts). Run with the test
 * classpath and the Surefire JVM flags, e.g.
 * {@code java <flags> -cp <cp> critdamp.fastpath.ThroughputProbe small_cnn 3 10} (model, rounds, iterations/round).
 */
public final class ThroughputProbe {
    private ThroughputProbe() {
    }

    public static void main(String[] args) {
        ModelKind kind = ModelKind.parse(args.length > 0 ? args[0] : "small_cnn");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int iters = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean withSlow = args.length <= 3 || !args[3].equals("fast-only");
        int batch = 64;
        ComputationGraph fast = Models.build(kind, InputShape.CIFAR10, 10, new Nesterovs(0.01, 0.9), 1);
        ComputationGraph slow = null;
        if (withSlow) {
            System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, "true");
            slow = Models.build(kind, InputShape.CIFAR10, 10, new Nesterovs(0.01, 0.9), 1);
            System.setProperty(FastCpuPath.HELPERS_DISABLE_PROPERTY, "false");
        }
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1.0);
        }
        DataSet ds = new DataSet(x, y);
        System.out.printf(Locale.ROOT, "%s: %d trainable params, helpers on: %s, slow layers off-copy: %s%n", kind,
                Models.trainableParameterCount(fast), FastCpuPath.report(fast).allFast(),
                slow == null ? "-" : FastCpuPath.report(slow).slowLayers().size());
        time(fast, ds, 3); // warm-up
        if (slow != null) {
            time(slow, ds, 2);
        }
        for (int r = 0; r < rounds; r++) {
            double f = batch * iters / time(fast, ds, iters);
            String line = String.format(Locale.ROOT, "round %d: helpers on %.1f img/s", r, f);
            if (slow != null) {
                double s = batch * Math.max(1, iters / 4) / time(slow, ds, Math.max(1, iters / 4));
                line += String.format(Locale.ROOT, ", off %.1f img/s, ratio %.2f", s, f / s);
            }
            System.out.println(line);
        }
        System.out.println("fallbacks after training: " + FastCpuPath.report(fast).slowLayers());
    }

    private static double time(ComputationGraph g, DataSet ds, int iters) {
        long t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) {
            g.fit(ds);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
