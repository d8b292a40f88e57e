package critdamp.spark.cli;

import critdamp.base.Json;
import critdamp.scaling.AveragingTraffic;
import critdamp.scaling.ModelAssumption;
import critdamp.scaling.ScalingAssumptions;
import critdamp.scaling.ScalingPrediction;
import critdamp.scaling.ScalingRow;
import critdamp.scaling.TorrentBroadcast;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code critdamp scaling-model}: fits the cost model of a parameter-averaging round to a scaling study's measured
 * rows and predicts efficiency past this machine ({@link ScalingPrediction}); needs no Spark.
 */
@Command(name = "scaling-model", mixinStandardHelpOptions = true,
        description = {"Fit the cost of a parameter-averaging round (compute + broadcast + treeAggregate + Spark's "
                + "fixed cost) to a scaling study's rows, check it on them, and predict the efficiency of the small "
                + "CNN and ResNet-18 on more nodes, links and averaging frequencies, next to ring all-reduce.",
                "Writes the markdown to stdout and, with a study, scaling-model.md and scaling-model.json beside "
                        + "its rows."},
        footer = {"", "Examples:", "  critdamp scaling-model runs/scaling",
                "  critdamp scaling-model runs/scaling/" + ScalingModelCommand.ROWS + " --bandwidth 25 --nodes 8,64",
                "  critdamp scaling-model runs/scaling --throughput resnet18=1200   # a GPU node",
                "  critdamp scaling-model --assumed-overheads   # labelled assumed costs"})
public final class ScalingModelCommand implements Callable<Integer> {
    /** The rows file a study folder holds. */
    static final String ROWS = "scaling.jsonl";

    @Parameters(arity = "0..1", paramLabel = "STUDY", description = "a scaling study folder (its " + ROWS
            + ") or a rows file")
    Path study;

    @Option(names = "--assumed-overheads", description = "predict without measurements, from assumed Spark costs "
            + "(labelled as such in the output)")
    boolean assumed;

    @Option(names = "--bandwidth", split = ",", paramLabel = "GBPS", defaultValue = "10,25,100",
            description = "link bandwidths, Gb/s (default: ${DEFAULT-VALUE})")
    List<Double> bandwidths;

    @Option(names = "--nodes", split = ",", paramLabel = "N", defaultValue = "1,2,4,8,16,32,64",
            description = "worker nodes (default: ${DEFAULT-VALUE})")
    List<Integer> nodes;

    @Option(names = "--averaging", split = ",", paramLabel = "F", defaultValue = "1,5,20",
            description = "minibatches per averaging round (default: ${DEFAULT-VALUE})")
    List<Integer> averaging;

    @Option(names = "--throughput", split = ",", paramLabel = "MODEL=IMG_PER_S",
            description = "one node's training img/s, replacing the defaults (small_cnn=267, resnet18=29.6: this "
                    + "repo's 2-core CPU measurement)")
    Map<String, Double> throughput;

    @Option(names = "--latency-us", defaultValue = "50", description = "latency per message, us (default: "
            + "${DEFAULT-VALUE})")
    double latencyMicros;

    @Option(names = "--batch", defaultValue = "64", description = "images per worker minibatch (default: "
            + "${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--depth", defaultValue = "2", description = "treeAggregate depth, spark.aggregationDepth "
            + "(default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--target", defaultValue = "0.8", description = "efficiency the smallest-frequency column keeps "
            + "(default: ${DEFAULT-VALUE})")
    double target;

    @Option(names = "--mode", description = "the measured mode whose fit predicts (default: the first with executor "
            + "JVMs)")
    String mode;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((study == null) == !assumed) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give a scaling study (folder or rows file) or --assumed-overheads, not both or neither");
        }
        Path rowsFile = study == null ? null : Files.isDirectory(study) ? study.resolve(ROWS) : study;
        List<ScalingRow> rows = rowsFile == null ? List.of() : ScalingRow.readJsonl(rowsFile);
        ScalingAssumptions a = assumptions();
        String markdown = ScalingPrediction.render(rows, a);
        System.out.print(markdown);
        if (rowsFile != null) {
            Path dir = rowsFile.toAbsolutePath().getParent();
            write(dir.resolve("scaling-model.md"), markdown);
            write(dir.resolve("scaling-model.json"), Json.write(ScalingPrediction.fits(rows, a)));
            System.out.println("\nwritten: " + dir.resolve("scaling-model.md") + ", scaling-model.json");
        }
        return 0;
    }

    private ScalingAssumptions assumptions() {
        ScalingAssumptions d = ScalingAssumptions.defaults();
        List<ModelAssumption> models = List.of(model(ModelAssumption.SMALL_CNN, "small_cnn"),
                model(ModelAssumption.RESNET18, "resnet18"));
        for (String k : given().keySet()) {
            if (!List.of("small_cnn", "resnet18").contains(k)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--throughput " + k + ": unknown model; one of small_cnn, resnet18");
            }
        }
        AveragingTraffic traffic = new AveragingTraffic(new TorrentBroadcast(TorrentBroadcast.DEFAULT_BLOCK_BYTES),
                depth);
        return new ScalingAssumptions(models, batch, averaging, bandwidths, nodes, latencyMicros * 1e-6, traffic,
                target, mode, d.assumed());
    }

    private ModelAssumption model(ModelAssumption defaults, String key) {
        Double ips = given().get(key);
        return ips == null ? defaults : defaults.withThroughput(ips, "given: --throughput " + key + "=" + ips);
    }

    private Map<String, Double> given() {
        return throughput == null ? Map.of() : throughput;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
