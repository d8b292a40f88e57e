package critdamp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.optim.OptimizerKind;
import critdamp.schedule.HybridSwitch;
import critdamp.schedule.LearningRateKind;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.MomentumKind;
import critdamp.schedule.MomentumSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

/**
 * Derived configs are typed copies: each equals the config the same settings give through the command-line path
 * ({@code key=value} applied to the config's JSON, then bound), keeps every other field, and a bad value fails with
 * the one-line message that path gives, naming the key.
 */
class DerivedConfigTest {
    /** Every section away from its defaults, so a copy that drops a field shows. */
    private static final TrainConfig BASE = ConfigLoader.parse(String.join("\n",
            "run: {name: base, resultsDir: runs/x, seed: 7}",
            "data: {maxTrainRecords: 2000, validationFraction: 0.2, augment: false}",
            "optimizer: {kind: adam, weightDecay: 0.001}",
            "learningRate: {kind: one_cycle, baseLr: 0.2, minLr: 0.001, warmupFraction: 0.25, warmupDivisor: 20,"
                    + " milestones: [0.3, 0.6], gamma: 0.5}",
            "momentum: {kind: hybrid, value: 0.8, muMin: 0.1, muMax: 0.95, switchAt: fraction, switchFraction: 0.5}",
            "training: {epochs: 12, batchSize: 32, targetAccuracies: [0.5, 0.7], stopAtAccuracy: 0.6,"
                    + " checkpointEveryRounds: 20, logEveryRounds: 3, keepCheckpoints: 4}",
            "spark: {master: 'local[4]', workers: 4, averagingFrequency: 3, averageUpdaterState: false,"
                    + " aggregationDepth: 3}",
            "attribution: {selection: {kind: top_k, k: 2}}",
            "retraining: {epochs: [1, 2], baseLr: [0.01, 0.003], randomArms: 4}"), List.of(), TrainConfig.class);

    /** What the code derived configs with before: the config's JSON with {@code overrides}, bound again. */
    private static TrainConfig viaStrings(TrainConfig c, String... overrides) {
        return ConfigLoader.parse(Json.write(c), List.of(overrides), TrainConfig.class);
    }

    @Test
    void eachCopyEqualsTheSameSettingsThroughTheCommandLinePath() {
        TrainConfig run = BASE.withRun(r -> r.withName("point-1").withResultsDir("/study dir/points").withSeed(3));
        assertThat(run).isEqualTo(viaStrings(BASE, "run.name=point-1",
                "run.resultsDir=" + Json.writeLine("/study dir/points"), "run.seed=3"));
        assertThat(run.run()).isEqualTo(new RunSpec("point-1", "/study dir/points", 3L));

        TrainConfig rate = BASE.withLearningRate(lr -> lr.withBaseLr(1.6));
        assertThat(rate).isEqualTo(viaStrings(BASE, "learningRate.baseLr=1.6"));
        assertThat(rate.learningRate()).isEqualTo(new LearningRateSpec(LearningRateKind.ONE_CYCLE, 1.6, 0.001, 0.25,
                20.0, List.of(0.3, 0.6), 0.5));

        TrainConfig training = BASE.withTraining(t -> t.withEpochs(3).withBatchSize(16)
                .withTargetAccuracies(List.of(0.3, 0.4)).withStopAtAccuracy(null));
        assertThat(training).isEqualTo(viaStrings(BASE, "training.epochs=3", "training.batchSize=16",
                "training.targetAccuracies=[0.3, 0.4]", "training.stopAtAccuracy="));
        assertThat(training.training()).isEqualTo(new TrainingSpec(3, 16, List.of(0.3, 0.4), null, 20, 3, 4));

        TrainConfig spark = BASE.copy().spark(s -> s.withMaster("spark://h:7077").withWorkers(8)
                .withCollectTimings(true)).build();
        assertThat(spark).isEqualTo(viaStrings(BASE, "spark.master=" + Json.writeLine("spark://h:7077"),
                "spark.workers=8", "spark.collectTimings=true"));
        assertThat(spark.spark()).isEqualTo(new SparkSpec("spark://h:7077", 8, 3, false, 3, true));

        RetrainingSpec grid = new RetrainingSpec(List.of(2), List.of(0.05, 0.02), false, 4, false);
        assertThat(BASE.withRetraining(grid)).isEqualTo(viaStrings(BASE, "retraining.epochs=[2]",
                "retraining.baseLr=[0.05, 0.02]", "retraining.controls=false", "retraining.replicate=false"));
    }

    @Test
    void aCopyKeepsEverySectionItDoesNotChange() {
        TrainConfig c = BASE.withLearningRate(lr -> lr.withBaseLr(0.1));
        assertThat(c.run()).isEqualTo(BASE.run());
        assertThat(c.data()).isEqualTo(BASE.data());
        assertThat(c.model()).isEqualTo(BASE.model());
        assertThat(c.optimizer()).isEqualTo(BASE.optimizer());
        assertThat(c.momentum()).isEqualTo(BASE.momentum());
        assertThat(c.training()).isEqualTo(BASE.training());
        assertThat(c.spark()).isEqualTo(BASE.spark());
        assertThat(c.attribution()).isEqualTo(BASE.attribution());
        assertThat(c.retraining()).isEqualTo(BASE.retraining());
        assertThat(BASE.learningRate().baseLr()).as("the original is unchanged").isEqualTo(0.2);
        assertThat(BASE.copy().build()).isEqualTo(BASE);
    }

    @Test
    void aRetrainingArmTrainsTheProtocolFromTheRunsConfig() {
        RetrainingProtocol protocol = new RetrainingProtocol(2, 0.003);
        TrainConfig arm = protocol.appliedTo(BASE);
        assertThat(arm).isEqualTo(viaStrings(BASE, "training.epochs=2", "training.stopAtAccuracy=",
                "learningRate.kind=cosine", "learningRate.baseLr=0.003", "learningRate.minLr=0",
                "learningRate.warmupFraction=", "learningRate.warmupDivisor="));
        assertThat(arm.learningRate()).as("cosine from 0.003 to 0, no warm-up; step parameters kept")
                .isEqualTo(new LearningRateSpec(LearningRateKind.COSINE, 0.003, 0.0, 0.0, 10.0, List.of(0.3, 0.6),
                        0.5));
        assertThat(arm.training().epochs()).isEqualTo(2);
        assertThat(arm.training().stopAtAccuracy()).isNull();
        assertThat(arm.optimizer().kind()).isEqualTo(OptimizerKind.ADAM);
        assertThat(arm.momentum()).isEqualTo(new MomentumSpec(MomentumKind.HYBRID, 0.8, 0.1, 0.95,
                HybridSwitch.FRACTION, 0.5));
        assertThat(arm.retraining()).isEqualTo(BASE.retraining());
    }

    @Test
    void copyChecksTheCrossSectionRulesOnceOnTheResult() {
        // 100 workers with the base's batch of 32 would not fit 2000 records (20 per worker); with 16 each they do
        TrainConfig wide = BASE.copy().spark(s -> s.withWorkers(100)).training(t -> t.withBatchSize(16)).build();
        assertThat(wide).isEqualTo(viaStrings(BASE, "spark.workers=100", "training.batchSize=16"));
        assertThat(BASE.copy().training(t -> t.withBatchSize(16)).spark(s -> s.withWorkers(100)).build())
                .as("the order of the changes does not matter").isEqualTo(wide);
        assertSameMessage(() -> BASE.copy().spark(s -> s.withWorkers(100)).build(), "spark.workers=100");
    }

    @Test
    void badValuesFailWithTheCommandLinesMessageNamingTheKey() {
        assertSameMessage(() -> BASE.withLearningRate(lr -> lr.withBaseLr(-1)), "learningRate.baseLr=-1.0");
        assertSameMessage(() -> BASE.withLearningRate(lr -> lr.withBaseLr(0.0005)), "learningRate.baseLr=0.0005");
        assertSameMessage(() -> BASE.withTraining(t -> t.withEpochs(0)), "training.epochs=0");
        assertSameMessage(() -> BASE.withTraining(t -> t.withStopAtAccuracy(1.5)), "training.stopAtAccuracy=1.5");
        assertSameMessage(() -> BASE.withTraining(t -> t.withTargetAccuracies(List.of(0.5, 2.0))),
                "training.targetAccuracies=[0.5, 2.0]");
        assertSameMessage(() -> BASE.withRun(r -> r.withName("a/b")), "run.name=a/b");
        assertSameMessage(() -> BASE.withRun(r -> r.withResultsDir(" ")), "run.resultsDir=' '");
        assertSameMessage(() -> BASE.copy().spark(s -> s.withWorkers(0)).build(), "spark.workers=0");
        assertThatThrownBy(() -> BASE.withLearningRate(lr -> lr.withBaseLr(-1))).isInstanceOf(ConfigException.class)
                .hasMessage("learningRate.baseLr = -1.0: must be a positive finite number");
        assertThatThrownBy(() -> BASE.withLearningRate(lr -> lr.withBaseLr(0.0005)))
                .hasMessage("learningRate.minLr = 0.001 must be below baseLr = 5.0E-4");
    }

    /** The typed copy fails as {@code override} does on the command line, less its leading "&lt;source&gt;: ". */
    private static void assertSameMessage(Supplier<TrainConfig> copy, String override) {
        String viaStrings = catchMessage(() -> viaStrings(BASE, override));
        assertThat(viaStrings).as(override).startsWith("<text>: ");
        assertThatThrownBy(copy::get).as(override).isInstanceOf(ConfigException.class)
                .hasMessage(viaStrings.substring("<text>: ".length()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static String catchMessage(Supplier<TrainConfig> s) {
        try {
            s.get();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException");
    }
}
