package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import critdamp.attribution.GroupSelection;
import critdamp.attribution.RankedGroup;
import critdamp.config.ConfigLoader;
import critdamp.config.RetrainingSpec;
import critdamp.config.TrainConfig;
import critdamp.model.LayerGroups;
import critdamp.retrain.ArmKind;
import critdamp.retrain.ArmResult;
import critdamp.retrain.ProtocolChoice;
import critdamp.retrain.RandomGroupSets;
import critdamp.retrain.RetrainingReport;
import critdamp.run.Checkpoints;
import critdamp.run.RunFolder;
import critdamp.spark.data.TrainingData;
import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The whole application on tiny CIFAR-format data in one Spark application: train, attribute, flag layer groups,
 * choose the retraining protocol on the validation split, retrain the flagged groups with the data-order replicate,
 * all-layers and random-groups controls, report. Checks the files each stage writes, that selection follows the
 * ranking, that every arm ran the chosen protocol and its fixed/broken/net add up, that frozen layers stayed
 * bit-identical on Spark (as measured before any reset), that the stage resumes without retraining, and that a frozen
 * output layer survives every round's pin.
 */
@ExtendWith(SharedSpark.class)
class PipelineTest {
    private static final long SEED = 9;
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start(JavaSparkContext spark) throws Exception {
        critdamp.data.SyntheticCifar10.write(tmp.resolve("cifar"), 100, 200, 3L);
        sc = spark;
    }

    @Test
    void trainsAttributesRetrainsAndReports() throws Exception {
        TrainConfig cfg = ConfigLoader.parse(String.join("\n",
                "run: {name: pipe, resultsDir: '" + tmp.resolve("runs") + "', seed: " + SEED + "}",
                "data: {dir: '" + tmp.resolve("cifar") + "', augment: false, validationFraction: 0.2}",
                "model: {kind: small_cnn}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {epochs: 2, batchSize: 32, logEveryRounds: 100}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 3}",
                "attribution: {selection: {kind: top_k, k: 2}}",
                "retraining: {epochs: 1, baseLr: [0.01, 0.003], randomArms: 2}"), List.of(), TrainConfig.class);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pipeline.Outcome outcome = Pipeline.run(sc, cfg, "test", new PrintStream(console, true));

        Path run = Path.of(java.net.URI.create(outcome.training().runFolder()).getPath());
        for (String f : List.of("attribution.json", "selection.json", "attribution.png", "retraining.json",
                "retrain-all-layers-e1-lr0.01/epochs.jsonl", "retrain-all-layers-e1-lr0.003/epochs.jsonl",
                "retrain-targeted/epochs.jsonl", "retrain-targeted-replicate/epochs.jsonl",
                "retrain-random-layers-1/epochs.jsonl", "retrain-random-layers-2/epochs.jsonl")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        GroupSelection selection = outcome.attribution().selection();
        assertSelectionFollowsTheRanking(selection, GroupSelection.fromJson(readString(run.resolve("selection.json"))));

        RetrainingReport report = outcome.retraining();
        assertThat(RetrainingReport.fromJson(readString(run.resolve("retraining.json")))).isEqualTo(report);
        assertThat(recordedConfig(run).retraining()).isEqualTo(cfg.retraining());
        assertThat(report.arms()).extracting(ArmResult::arm).containsExactly(ArmKind.TARGETED,
                ArmKind.TARGETED_REPLICATE, ArmKind.ALL_LAYERS, ArmKind.RANDOM_LAYERS, ArmKind.RANDOM_LAYERS);
        assertThat(report.protocolTrials()).hasSize(2);
        assertThat(report.protocol()).isEqualTo(ProtocolChoice.best(report.protocolTrials()));
        assertThat(report.arm(ArmKind.ALL_LAYERS)).isIn(report.protocolTrials());
        for (ArmResult arm : report.arms()) {
            assertThat(arm.protocol()).as(arm.name()).isEqualTo(report.protocol());
            assertThat(arm.frozenDrift()).as("%s: frozen layers before any reset", arm.name()).isZero();
            assertThat(arm.net()).isEqualTo(arm.fixed() - arm.broken());
            assertThat((arm.accuracyAfter() - arm.accuracyBefore()) * report.testExamples())
                    .isCloseTo(arm.net(), within(1e-6));
            assertThat(arm.validationBefore()).isEqualTo(report.arms().get(0).validationBefore());
        }
        ArmResult targeted = report.arm(ArmKind.TARGETED);
        assertThat(targeted.groups()).containsExactlyInAnyOrderElementsOf(selection.flaggedGroups());
        assertThat(targeted.layers()).containsExactlyInAnyOrderElementsOf(selection.flagged());
        assertThat(report.arm(ArmKind.TARGETED_REPLICATE).groups()).isEqualTo(targeted.groups());
        ComputationGraph trained = loadTrained(run);
        List<String> groups = List.copyOf(LayerGroups.of(trained).keySet());
        assertThat(report.randomArms()).extracting(ArmResult::groups).isEqualTo(RandomGroupSets.draw(groups,
                Set.copyOf(selection.flaggedGroups()), 2, SEED));
        assertThat(report.randomComparison().randomArms()).isEqualTo(2);
        assertThat(console.toString()).contains("fixed", "broken", "net", "<- chosen", "targeted rank");

        // The saved networks: the retrained groups moved, the frozen layers did not (no reset happened: drift 0);
        // the replicate saw another data order, so it ended elsewhere.
        ComputationGraph corrected = corrected(run, "retrain-targeted");
        assertThat(changedLayers(trained, corrected)).isEqualTo(new TreeSet<>(targeted.layers()));
        assertThat(corrected(run, "retrain-targeted-replicate").params()).isNotEqualTo(corrected.params());

        resumesWithoutRetraining(outcome, run, report);
        frozenOutputLayerSurvivesEveryRoundsPin(outcome, run, trained);
    }

    /** Rank 1..n by score; the flagged groups are the first k of the ranking, their layers the flagged layers. */
    private static void assertSelectionFollowsTheRanking(GroupSelection selection, GroupSelection fromDisk) {
        assertThat(fromDisk).isEqualTo(selection);
        List<RankedGroup> ranking = selection.ranking();
        assertThat(ranking).extracting(RankedGroup::name).containsExactlyInAnyOrder("block1_1", "block1_2",
                "block2_1", "block2_2", "block3_1", "fc");
        for (int i = 1; i < ranking.size(); i++) {
            assertThat(ranking.get(i).rank()).isEqualTo(i + 1);
            assertThat(ranking.get(i).score()).isLessThanOrEqualTo(ranking.get(i - 1).score());
        }
        assertThat(selection.flaggedGroups()).containsExactly(ranking.get(0).name(), ranking.get(1).name());
        assertThat(selection.flagged()).containsExactlyElementsOf(Stream.concat(ranking.get(0).layers().stream(),
                ranking.get(1).layers().stream()).toList());
        assertThat(ranking).extracting(RankedGroup::flagged).containsExactly(true, true, false, false, false, false);
    }

    /** The stage run again on the same selection keeps every finished trial and arm: nothing retrains. */
    private static void resumesWithoutRetraining(Pipeline.Outcome outcome, Path run, RetrainingReport report)
            throws IOException {
        long folders = armFolders(run);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RetrainingReport again = retrain(outcome, List.of(), Set.copyOf(report.flaggedGroups()), console);
        assertThat(again).isEqualTo(report);
        assertThat(armFolders(run)).isEqualTo(folders);
        assertThat(console.toString()).contains("resuming from retraining.json: 2 protocol trial(s) and 5 arm(s)")
                .doesNotContain("retraining arm");
    }

    /**
     * Only block1_1 retrained for 2 epochs (several averaging rounds, alpha and mu pinned before each): the output
     * layer, frozen in place with a zero-rate updater that the pin must skip, and every other frozen layer come back
     * bit-identical before any reset, and the saved network differs from the trained one in block1_1 alone.
     */
    private static void frozenOutputLayerSurvivesEveryRoundsPin(Pipeline.Outcome outcome, Path run,
                                                               ComputationGraph trained) throws IOException {
        TrainConfig trainedWith = recordedConfig(run);
        RetrainingReport solo = retrain(outcome, List.of("retraining.controls=false", "retraining.replicate=false",
                "retraining.epochs=2", "retraining.baseLr=0.05"), Set.of("block1_1"), new ByteArrayOutputStream());
        assertThat(recordedConfig(run)).as("config.json records the retraining that ran, the rest as trained")
                .isEqualTo(trainedWith.withRetraining(new RetrainingSpec(List.of(2), List.of(0.05), false, 2, false)));
        assertThat(solo.arms()).singleElement().satisfies(arm -> {
            assertThat(arm.layers()).containsExactly("block1_conv1", "block1_bn1");
            assertThat(arm.frozenDrift()).isZero();
            assertThat(arm.steps()).isGreaterThan(3);
        });
        ComputationGraph corrected = corrected(run, solo.arms().get(0).folder());
        assertThat(changedLayers(trained, corrected)).containsExactly("block1_bn1", "block1_conv1");
    }

    private static RetrainingReport retrain(Pipeline.Outcome outcome, List<String> overrides, Set<String> groups,
                                            ByteArrayOutputStream console) {
        FinishedRun finished = FinishedRun.open(sc.hadoopConfiguration(), outcome.training().runFolder(), overrides);
        TrainingData data = StageData.load(sc, finished.config());
        try {
            return RetrainingStage.run(sc, finished.config(), finished.folder(), finished.model(), groups, data,
                    new PrintStream(console, true));
        } finally {
            data.release();
        }
    }

    /** Names of the layers with parameters whose parameters differ in any bit. */
    private static Set<String> changedLayers(ComputationGraph a, ComputationGraph b) {
        Set<String> changed = new TreeSet<>();
        for (Layer layer : a.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (layer.numParams() > 0 && !layer.params().equals(b.getLayer(name).params())) {
                changed.add(name);
            }
        }
        return changed;
    }

    private static ComputationGraph corrected(Path run, String armFolder) throws IOException {
        return ModelSerializer.restoreComputationGraph(run.resolve(armFolder).resolve(RunFiles.CORRECTED_ZIP).toFile(),
                false);
    }

    private static long armFolders(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(p -> p.getFileName().toString().startsWith("retrain-")).count();
        }
    }

    private static ComputationGraph loadTrained(Path run) {
        RunFolder folder = RunFolder.openToRead(sc.hadoopConfiguration(), run.getParent().toString(),
                run.getFileName().toString());
        return new Checkpoints(folder).latestGood().orElseThrow().model();
    }

    private static TrainConfig recordedConfig(Path run) {
        return ConfigLoader.parse(readString(run.resolve(RunFiles.CONFIG_JSON)), List.of(), TrainConfig.class);
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
