package critdamp.bench;

import critdamp.engine.Batch;
import critdamp.engine.Engine;
import critdamp.engine.EngineKind;
import critdamp.engine.TrainableModel;
import critdamp.torch.TorchNatives;
import java.util.List;

/**
 * The torch engine's training step through the engine contract, as the Spark workers run it:
 * {@link TrainableModel#train} of one minibatch with the benchmarks' fixed alpha and mu ({@link BenchModelOptions}),
 * on libtorch's intra-op threads as the caller set them ({@code critdamp.torch.TorchThreads}).
 */
final class TorchTrainer implements BenchTrainer {
    private final Engine engine;
    private final TrainableModel model;
    private final List<Batch> batches;
    private final double alpha;
    private final double mu;
    private final String source;
    private double score = Double.NaN;

    /** @param batches full minibatches only */
    TorchTrainer(Engine engine, TrainableModel model, List<Batch> batches, double alpha, double mu, String source) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no full minibatch: use more images than the batch size");
        }
        this.engine = engine;
        this.model = model;
        this.batches = batches;
        this.alpha = alpha;
        this.mu = mu;
        this.source = source;
    }

    @Override
    public EngineKind engine() {
        return EngineKind.TORCH;
    }

    @Override
    public int batches() {
        return batches.size();
    }

    @Override
    public void step(int i) {
        score = model.train(List.of(batches.get(i % batches.size())), alpha, mu)[0];
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public String path() {
        return "libtorch";
    }

    @Override
    public String pathDescription() {
        return "libtorch";
    }

    @Override
    public List<String> slowLayers() {
        return List.of();
    }

    @Override
    public String engineLibrary() {
        return engine.nativeLibrary();
    }

    @Override
    public String nativeLibraryFile() {
        return ShownPath.of(TorchNatives.load()); // ~/.javacpp/cache/... or a build's cache folder
    }

    @Override
    public String dataSource() {
        return source;
    }

    @Override
    public void close() {
        model.close();
    }
}
