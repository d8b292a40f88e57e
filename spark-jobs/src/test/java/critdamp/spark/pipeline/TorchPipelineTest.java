package critdamp.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import critdamp.attribution.GroupSelection;
import critdamp.attribution.LayerAttribution;
import critdamp.attribution.RankedGroup;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.engine.EngineKind;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.TrainableModel;
import critdamp.model.LayerGroups;
import critdamp.retrain.ArmKind;
import critdamp.retrain.ArmResult;
import critdamp.retrain.RetrainingReport;
import critdamp.run.RunFiles;
import critdamp.spark.data.TrainingData;
import critdamp.spark.executor.Engines;
import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The whole application with {@code engine: torch} on tiny CIFAR-format data, in one Spark application: train,
 * attribute on the executors (the driver merging their per-layer sums), flag groups, retrain the flagged groups and the
 * controls with the others frozen ({@code TrainableModel.freeze}), report. The stages write the same files as for
 * DL4J. Each arm's own last checkpoint, written by the training loop before the stage measures or resets anything,
 * holds every value of its frozen groups (running statistics included) bit-identical to the trained run's checkpoint,
 * while each retrained group moved; the stage measured no drift. The stage resumes without retraining.
 */
@ExtendWith(SharedSpark.class)
class TorchPipelineTest {
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start(JavaSparkContext spark) throws Exception {
        critdamp.data.SyntheticCifar10.write(tmp.resolve("cifar"), 100, 200, 3L);
        sc = spark;
    }

    @Test
    void trainsAttributesAndRetrainsWithFrozenGroupsBitIdentical() throws Exception {
        TrainConfig cfg = ConfigLoader.parse(String.join("\n",
                "run: {name: torch-pipe, resultsDir: '" + tmp.resolve("runs") + "', seed: 9}",
                "engine: torch",
                "data: {dir: '" + tmp.resolve("cifar") + "', augment: false, validationFraction: 0.2}",
                "model: {kind: small_cnn}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {epochs: 2, batchSize: 32, logEveryRounds: 100}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 3}",
                "attribution: {selection: {kind: top_k, k: 2}}",
                "retraining: {epochs: 1, baseLr: 0.01, randomArms: 1, replicate: false}"), List.of(),
                TrainConfig.class);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pipeline.Outcome outcome = Pipeline.run(sc, cfg, "test", new PrintStream(console, true));

        Path run = Path.of(java.net.URI.create(outcome.training().runFolder()).getPath());
        for (String f : List.of("attribution.json", "selection.json", "attribution.png", "retraining.json",
                "retrain-targeted/epochs.jsonl", "retrain-targeted/corrected.zip", "retrain-all-layers/epochs.jsonl",
                "retrain-random-layers-1/epochs.jsonl")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        LayerAttribution attribution = outcome.attribution().attribution();
        assertThat(LayerAttribution.readJson(run.resolve(RunFiles.ATTRIBUTION_JSON))).isEqualTo(attribution);
        GroupSelection selection = outcome.attribution().selection();
        assertThat(GroupSelection.fromJson(Files.readString(run.resolve(RunFiles.SELECTION_JSON))))
                .isEqualTo(selection);
        assertThat(selection.ranking()).extracting(RankedGroup::name).containsExactlyInAnyOrder("block1_1",
                "block1_2", "block2_1", "block2_2", "block3_1", "fc");
        assertThat(selection.flaggedGroups()).containsExactly(selection.ranking().get(0).name(),
                selection.ranking().get(1).name());

        RetrainingReport report = outcome.retraining();
        assertThat(attribution.misclassified() + attribution.correct()).as("the whole validation split")
                .isEqualTo(report.validationExamples());
        assertThat(RetrainingReport.fromJson(Files.readString(run.resolve(RunFiles.RETRAINING_JSON))))
                .isEqualTo(report);
        assertThat(report.arms()).extracting(ArmResult::arm).containsExactly(ArmKind.TARGETED, ArmKind.ALL_LAYERS,
                ArmKind.RANDOM_LAYERS);
        assertThat(report.arm(ArmKind.TARGETED).groups()).containsExactlyInAnyOrderElementsOf(
                selection.flaggedGroups());

        try (TrainableModel trained = latestCheckpoint(run, ".")) {
            for (ArmResult arm : report.arms()) {
                Set<String> frozen = new HashSet<>(trained.layout().groups().keySet());
                frozen.removeAll(arm.groups());
                try (TrainableModel retrained = latestCheckpoint(run, arm.folder());
                     TrainableModel corrected = load(run.resolve(arm.folder()).resolve(RunFiles.CORRECTED_ZIP))) {
                    assertFrozenBitIdenticalAndTrainedMoved(arm.name(), trained, retrained, frozen);
                    assertThat(retrained.frozenGroups()).as("%s trained with the other groups frozen", arm.name())
                            .isEqualTo(frozen);
                    assertThat(corrected.frozenGroups()).as("the corrected network is a plain one").isEmpty();
                    assertThat(corrected.parameters()).isEqualTo(retrained.parameters());
                }
                assertThat(arm.frozenDrift()).as("%s: frozen groups before any reset", arm.name()).isZero();
                assertThat(arm.net()).isEqualTo(arm.fixed() - arm.broken());
                assertThat((arm.accuracyAfter() - arm.accuracyBefore()) * report.testExamples())
                        .isCloseTo(arm.net(), within(1e-6));
            }
        }
        assertThat(console.toString()).contains("fixed", "broken", "net").doesNotContain("drifted");

        RetrainingReport again = retrainAgain(outcome, Set.copyOf(report.flaggedGroups()));
        assertThat(again).as("resumed: nothing retrains").isEqualTo(report);
    }

    /**
     * Every value of a frozen group's blocks (weights, batch-norm scale and shift, running mean and deviation) equal
     * in every bit, and in each retrained group at least one trained value changed.
     */
    private static void assertFrozenBitIdenticalAndTrainedMoved(String arm, TrainableModel trained,
                                                                TrainableModel retrained, Set<String> frozen) {
        ParameterLayout layout = trained.layout();
        float[] before = trained.parameters();
        float[] after = retrained.parameters();
        Set<String> moved = new HashSet<>();
        for (int i = 0; i < layout.blocks().size(); i++) {
            ParameterBlock b = layout.blocks().get(i);
            String group = LayerGroups.groupOf(b.layer());
            for (int j = layout.offset(i); j < layout.offset(i) + b.length(); j++) {
                boolean same = Float.floatToRawIntBits(before[j]) == Float.floatToRawIntBits(after[j]);
                if (frozen.contains(group)) {
                    assertThat(same).as("%s: frozen %s value %d: %s -> %s", arm, b, j - layout.offset(i),
                            before[j], after[j]).isTrue();
                } else if (!same && b.role().trained()) {
                    moved.add(group);
                }
            }
        }
        Set<String> retrainedGroups = new HashSet<>(layout.groups().keySet());
        retrainedGroups.removeAll(frozen);
        assertThat(moved).as("%s: every retrained group moved", arm).isEqualTo(retrainedGroups);
    }

    private static RetrainingReport retrainAgain(Pipeline.Outcome outcome, Set<String> groups) {
        try (FinishedRun finished = FinishedRun.open(sc.hadoopConfiguration(), outcome.training().runFolder(),
                List.of())) {
            assertThat(finished.model().engine()).isEqualTo(EngineKind.TORCH);
            TrainingData data = StageData.load(sc, finished.config());
            try {
                return RetrainingStage.run(sc, finished.config(), finished.folder(), finished.model(), groups, data,
                        new PrintStream(new ByteArrayOutputStream(), true));
            } finally {
                data.release();
            }
        }
    }

    /** The newest checkpoint of the folder {@code sub} of the run (".": the run's own), loaded by the torch engine. */
    private static TrainableModel latestCheckpoint(Path run, String sub) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve(sub).resolve(RunFiles.CHECKPOINTS_DIR))) {
            return load(files.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.zip"))
                    .max(Comparator.naturalOrder()).orElseThrow());
        }
    }

    private static TrainableModel load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Engines.of(EngineKind.TORCH).load(in, file.toString());
        }
    }
}
