package critdamp.bench;

import critdamp.dl4j.Dl4jEngine;
import critdamp.engine.EngineKind;
import critdamp.fastpath.FastCpuPath;
import critdamp.fastpath.HelperReport;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The DL4J engine's training step as the benchmarks have always timed it: {@code ComputationGraph.fit} on one
 * minibatch, the network built with {@code HeavyBallSgd} ({@link BenchModelOptions}), with DL4J's oneDNN helpers as this
 * JVM's flags leave them ({@link HelperReport}).
 */
final class Dl4jTrainer implements BenchTrainer {
    private final ComputationGraph net;
    private final List<DataSet> batches;
    private final HelperReport helpers;
    private final String source;

    /** @param batches full minibatches only */
    Dl4jTrainer(ComputationGraph net, List<DataSet> batches, String source) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no full minibatch: use more images than the batch size");
        }
        this.net = net;
        this.batches = batches;
        this.helpers = FastCpuPath.report(net);
        this.source = source;
    }

    @Override
    public EngineKind engine() {
        return EngineKind.DL4J;
    }

    @Override
    public int batches() {
        return batches.size();
    }

    @Override
    public void step(int i) {
        net.fit(batches.get(i % batches.size()));
    }

    @Override
    public double score() {
        return net.score();
    }

    @Override
    public String path() {
        return helpers.allFast() ? "fast" : "default";
    }

    @Override
    public String pathDescription() {
        return helpers.allFast() ? "fast (oneDNN helpers)" : "default (" + helpers.slowLayers().size() + " of "
                + helpers.layers().size() + " layers without helper)";
    }

    @Override
    public List<String> slowLayers() {
        return helpers.slowLayers().stream().map(HelperReport.Entry::layer).toList();
    }

    @Override
    public String engineLibrary() {
        return new Dl4jEngine().nativeLibrary();
    }

    @Override
    public String nativeLibraryFile() {
        return ShownPath.of(helpers.nativeLibrary()); // ~/.javacpp/cache/...
    }

    @Override
    public String dataSource() {
        return source;
    }

    @Override
    public void close() {
        // ND4J's arrays are freed with their Java objects
    }
}
