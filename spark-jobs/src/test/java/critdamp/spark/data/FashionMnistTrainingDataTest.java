package critdamp.spark.data;

import critdamp.config.ConfigLoader;
import critdamp.config.DataSpec;
import critdamp.config.TrainConfig;
import critdamp.data.FashionMnist;
import critdamp.data.SyntheticFashionMnist;
import critdamp.spark.testing.SharedSpark;
import critdamp.train.RoundPlan;
import critdamp.train.Seeds;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FashionMnistTrainingData} on Spark local mode with generated idx files read through a {@code file:} URI:
 * every training record belongs to exactly one worker and never to the validation split, the record limits hold, and
 * each round's batches are the worker's records in the (seed, epoch, worker) order the {@link RoundPlan} cuts.
 */
@ExtendWith(SharedSpark.class)
class FashionMnistTrainingDataTest {
    private static final long SEED = 17;
    private static final double VAL = 0.2;
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;
    private static Path dir;

    @BeforeAll
    static void start(JavaSparkContext spark) throws Exception {
        dir = SyntheticFashionMnist.write(tmp.resolve("fmnist"), 403, 57, 5L, true);
        sc = spark;
    }

    private static TrainConfig config(String... overrides) {
        return ConfigLoader.parse(String.join("\n",
                "run: {name: fm, resultsDir: '" + tmp.resolve("runs") + "', seed: " + SEED + "}",
                "data: {dataset: fashion_mnist, dir: '" + dir.toUri() + "', validationFraction: " + VAL + "}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {batchSize: 8}",
                "spark: {master: 'local[2]', workers: 3, averagingFrequency: 2}"), List.of(overrides),
                TrainConfig.class);
    }

    @Test
    void everyTrainingRecordGoesToExactlyOneWorkerAndNeverToValidation() {
        TrainConfig cfg = config("data.maxTrainRecords=300", "data.maxTestRecords=50");
        TrainingDataSets.Loaded loaded = TrainingDataSets.load(sc, cfg);
        assertThat(loaded.data()).isInstanceOf(FashionMnistTrainingData.class);
        assertThat(loaded.inputShape().toString()).isEqualTo("1x28x28");
        assertThat(loaded.numClasses()).isEqualTo(10);
        assertThat(loaded.provenance()).containsEntry("dataset", "fashion_mnist")
                .containsEntry("directory", dir.toUri().toString()).containsEntry("trainRecords", "403");
        FashionMnistTrainingData data = (FashionMnistTrainingData) loaded.data();
        try {
            int[][] blocks = data.blockFileIndices();
            int[] sizes = data.blockSizes();
            assertThat(blocks).hasNumberOfRows(3);
            Set<Integer> seen = new HashSet<>();
            for (int w = 0; w < 3; w++) {
                assertThat(blocks[w]).as("worker %d block", w).hasSize(sizes[w]).isSorted();
                for (int i : blocks[w]) {
                    assertThat(seen.add(i)).as("record %d given to two workers", i).isTrue();
                    assertThat(i).as("maxTrainRecords").isLessThan(300);
                    assertThat(Seeds.isValidation(SEED, 0, i, VAL)).as("record %d is a validation record", i)
                            .isFalse();
                }
            }
            assertThat(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt())
                    .isLessThanOrEqualTo(1);
            Set<Integer> expectedTrain = new HashSet<>();
            long expectedVal = 0;
            for (int i = 0; i < 300; i++) {
                if (Seeds.isValidation(SEED, 0, i, VAL)) {
                    expectedVal++;
                } else {
                    expectedTrain.add(i);
                }
            }
            assertThat(seen).isEqualTo(expectedTrain);
            assertThat(expectedVal).as("the split is not empty").isBetween(30L, 90L);
            assertThat(data.validationSize()).isEqualTo(expectedVal);
            assertThat(data.validationBatches().map(DataSet::numExamples).reduce(Integer::sum))
                    .isEqualTo((int) expectedVal);
            assertThat(data.testBatches().map(DataSet::numExamples).reduce(Integer::sum)).isEqualTo(50);
            assertThat(data.testBatches().getNumPartitions()).isEqualTo(3);
        } finally {
            data.release();
        }
    }

    @Test
    void roundBatchesAreEachWorkersRecordsInTheSeededEpochOrder() throws Exception {
        FashionMnistTrainingData data = FashionMnistTrainingData.load(sc, config());
        try {
            FashionMnist file = FashionMnist.train(dir);
            int[][] blocks = data.blockFileIndices();
            assertThat(Arrays.stream(blocks).mapToInt(b -> b.length).sum()).as("all 403 records used")
                    .isEqualTo((int) (403 - data.validationSize()));
            RoundPlan plan = new RoundPlan(data.blockSizes(), 8, 2);
            int epoch = 2;
            List<List<Integer>> trained = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                trained.add(new ArrayList<>());
            }
            for (int round = 0; round < plan.roundsPerEpoch(); round++) {
                List<List<DataSet>> perWorker = data.roundBatches(epoch, round, plan).glom().collect();
                assertThat(perWorker).hasSize(3);
                for (int w = 0; w < 3; w++) {
                    int[] order = Seeds.epochOrder(SEED, epoch, w, blocks[w].length);
                    int[] expected = new int[plan.to(w, round) - plan.from(w, round)];
                    for (int k = 0; k < expected.length; k++) {
                        expected[k] = blocks[w][order[plan.from(w, round) + k]];
                    }
                    List<DataSet> want = file.toDataSets(expected, 8);
                    List<DataSet> got = perWorker.get(w);
                    assertThat(got).as("worker %d round %d", w, round).hasSize(plan.batchesInRound(w, round))
                            .hasSize(want.size());
                    for (int b = 0; b < got.size(); b++) {
                        assertThat(got.get(b).getFeatures()).isEqualTo(want.get(b).getFeatures());
                        assertThat(got.get(b).getLabels()).isEqualTo(want.get(b).getLabels());
                    }
                    for (int i : expected) {
                        trained.get(w).add(i);
                    }
                }
            }
            for (int w = 0; w < 3; w++) {
                assertThat(trained.get(w)).as("worker %d trains its whole block once per epoch", w)
                        .containsExactlyInAnyOrder(Arrays.stream(blocks[w]).boxed().toArray(Integer[]::new));
            }
        } finally {
            data.release();
        }
    }

    @Test
    void missingDirectoryNamesTheFix() {
        TrainConfig cfg = config("data.dir=" + tmp.resolve("nowhere").toUri());
        assertThatThrownBy(() -> TrainingDataSets.load(sc, cfg))
                .hasMessageContaining("nowhere")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThat(FashionMnistTrainingData.directory(DataSpec.defaults())).isEqualTo(FashionMnist.DEFAULT_DIR);
    }
}
