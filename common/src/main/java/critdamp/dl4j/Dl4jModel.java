package critdamp.dl4j;

import critdamp.attribution.GradientProbe;
import critdamp.attribution.TrainableLayer;
import critdamp.engine.Batch;
import critdamp.engine.EngineKind;
import critdamp.engine.NetworkSpec;
import critdamp.engine.Outputs;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.SavedModel;
import critdamp.engine.TrainableModel;
import critdamp.model.LayerGroups;
import critdamp.model.Models;
import critdamp.optim.OptimizerSpec;
import critdamp.optim.UpdaterFactory;
import critdamp.optim.UpdaterSettings;
import critdamp.optim.WeightDecay;
import critdamp.retrain.LayerFreezing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link TrainableModel} contract over critdamp's DL4J code: {@link Models} builds, {@link UpdaterSettings} pins
 * alpha and mu, {@link GradientProbe} sums gradients, {@link LayerFreezing} freezes, {@link ModelSerializer} saves.
 * The canonical vector is the graph's own {@code params()}.
 */
final class Dl4jModel implements TrainableModel {
    /** The zip entry that holds the {@link SavedModel} line beside DL4J's own entries. */
    static final String SAVED_MODEL_ENTRY = "critdamp-model.json";

    private final NetworkSpec network;
    private final OptimizerSpec optimizer;
    private final ParameterLayout layout;
    private final Map<String, Integer> blockIndex = new HashMap<>();
    private ComputationGraph graph;
    private Set<String> frozen;
    private GradientProbe probe;

    Dl4jModel(NetworkSpec network, OptimizerSpec optimizer, ComputationGraph graph, Set<String> frozen) {
        this.network = Objects.requireNonNull(network, "network");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.graph = graph;
        this.frozen = Set.copyOf(frozen);
        this.layout = Dl4jLayout.of(graph);
        List<ParameterBlock> blocks = layout.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            blockIndex.put(blocks.get(i).layer() + "_" + blocks.get(i).role().dl4jKey(), i);
        }
    }

    /** The unfrozen configuration of this network (weights are loaded, never drawn, from it). */
    static ComputationGraphConfiguration configuration(NetworkSpec network, OptimizerSpec optimizer, long seed) {
        return Models.configuration(network.kind(), network.input(), network.numClasses(),
                UpdaterFactory.create(optimizer.kind()), seed, new WeightDecay(optimizer.weightDecay()),
                network.format());
    }

    /** The DL4J graph (for tests and the DL4J-only paths). */
    ComputationGraph graph() {
        return graph;
    }

    @Override
    public EngineKind engine() {
        return EngineKind.DL4J;
    }

    @Override
    public NetworkSpec network() {
        return network;
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public float[] parameters() {
        return graph.params().toFloatVector();
    }

    @Override
    public void setParameters(float[] values) {
        layout.requireFullLength(values.length);
        graph.setParams(Nd4j.create(values, new long[] {1, values.length}, 'c'));
    }

    @Override
    public float[] optimizerState() {
        INDArray state = graph.getUpdater().getStateViewArray();
        return state == null ? new float[0] : state.toFloatVector();
    }

    @Override
    public void setOptimizerState(float[] state) {
        INDArray view = graph.getUpdater().getStateViewArray();
        long expected = view == null ? 0 : view.length();
        if (state.length != expected) {
            throw new IllegalArgumentException(state.length + " optimizer state values for a state of " + expected);
        }
        if (view != null) {
            view.assign(Nd4j.create(state, view.shape(), view.ordering()));
        }
    }

    @Override
    public double[] train(List<Batch> batches, double alpha, double mu) {
        UpdaterSettings.pin(graph, alpha, mu);
        double[] losses = new double[batches.size()];
        for (int i = 0; i < losses.length; i++) {
            DataSet ds = dataSet(batches.get(i));
            double regularization = graph.calcRegularizationScore(true);
            graph.fit(ds);
            losses[i] = graph.score() - regularization;
        }
        return losses;
    }

    @Override
    public Outputs evaluate(Batch batch) {
        DataSet ds = dataSet(batch);
        ComputationGraphConfiguration conf = graph.getConfiguration();
        String output = conf.getNetworkOutputs().get(0);
        String below = conf.getVertexInputs().get(output).get(0);
        INDArray features = graph.feedForward(ds.getFeatures(), false).get(below);
        var out = graph.getLayer(output);
        INDArray logits = features.mmul(out.getParam("W")).addiRowVector(out.getParam("b"));
        double loss = graph.score(ds, false) - graph.calcRegularizationScore(true);
        graph.clear();
        return new Outputs(network.numClasses(), logits.castTo(DataType.FLOAT).dup('c').data().asFloat(), loss);
    }

    @Override
    public void addGradientSum(Batch batch, boolean[] selected, double[] sums) {
        layout.requireTrainableLength(sums.length);
        if (probe == null) {
            probe = GradientProbe.of(configuration(network, optimizer, 0L).toJson(), graph.params());
        } else {
            probe.network().setParams(graph.params());
        }
        List<TrainableLayer> layers = probe.layers();
        double[][] perLayer = new double[layers.size()][];
        for (int l = 0; l < perLayer.length; l++) {
            perLayer[l] = new double[Math.toIntExact(layers.get(l).paramCount())];
        }
        probe.accumulateGradientSum(dataSet(batch), selected, perLayer);
        for (int l = 0; l < perLayer.length; l++) {
            int from = 0;
            for (String key : layers.get(l).paramKeys()) {
                int i = blockIndex.get(layers.get(l).name() + "_" + key);
                ParameterBlock b = layout.blocks().get(i);
                addCanonical(b, perLayer[l], from, sums, layout.trainableOffset(i));
                from += b.length();
            }
        }
    }

    /** Adds a block given in DL4J's c order ({@code [in, out]} for a dense weight) to {@code sums} canonically. */
    private static void addCanonical(ParameterBlock b, double[] src, int from, double[] sums, int to) {
        if (Dl4jLayout.transposedInCOrder(b)) {
            int out = b.shape().get(0);
            int in = b.shape().get(1);
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    sums[to + o * in + i] += src[from + i * out + o];
                }
            }
        } else {
            for (int j = 0; j < b.length(); j++) {
                sums[to + j] += src[from + j];
            }
        }
    }

    @Override
    public void freeze(Set<String> groups) {
        layout.requireGroups(groups);
        Set<String> train = new LinkedHashSet<>();
        for (ParameterBlock b : layout.blocks()) {
            if (b.role().trained() && !groups.contains(LayerGroups.groupOf(b.layer()))) {
                train.add(b.layer());
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("cannot freeze every group " + groups + ": nothing would train");
        }
        ComputationGraph base = new ComputationGraph(configuration(network, optimizer, 0L));
        base.init(graph.params().dup(), false);
        graph = groups.isEmpty() ? base
                : LayerFreezing.retrainable(base, train, UpdaterFactory.create(optimizer.kind()));
        frozen = Set.copyOf(groups);
    }

    @Override
    public Set<String> frozenGroups() {
        return frozen;
    }

    /** DL4J's zip with the updater state, and a {@link SavedModel} entry first. */
    @Override
    public void save(OutputStream out) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, zip, true);
        ZipOutputStream z = new ZipOutputStream(out);
        z.putNextEntry(new ZipEntry(SAVED_MODEL_ENTRY));
        z.write(new SavedModel(network, optimizer, frozen).toJson().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                z.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(z);
                z.closeEntry();
            }
        }
        z.finish();
    }

    /** Reads what {@link #save} wrote. */
    static Dl4jModel load(InputStream in, String source) throws IOException {
        byte[] bytes = in.readAllBytes();
        SavedModel saved = null;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.getName().equals(SAVED_MODEL_ENTRY)) {
                    saved = SavedModel.fromJson(new String(z.readAllBytes(), StandardCharsets.UTF_8), source);
                }
            }
        }
        if (saved == null) {
            throw new IOException("checkpoint " + source + " has no " + SAVED_MODEL_ENTRY
                    + " (a DL4J zip written without the engine contract)");
        }
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true);
        return new Dl4jModel(saved.network(), saved.optimizer(), graph, saved.frozenGroups());
    }

    private DataSet dataSet(Batch batch) {
        batch.requireFits(network.input(), network.numClasses());
        var shape = batch.shape();
        INDArray features = Nd4j.create(batch.features(),
                new long[] {batch.size(), shape.channels(), shape.height(), shape.width()}, 'c');
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch.size(), network.numClasses());
        for (int i = 0; i < batch.size(); i++) {
            labels.putScalar(i, batch.labels()[i], 1.0);
        }
        return new DataSet(features, labels);
    }

    @Override
    public void close() {
        graph.clear();
    }
}
