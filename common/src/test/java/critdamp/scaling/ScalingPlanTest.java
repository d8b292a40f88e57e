package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.RunSpec;
import critdamp.config.TrainConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * The study's plan: batches per mode, the learning-rate rules and their cap, what the peak rate does to physics
 * momentum, the shared reference run, and the config each run gets.
 */
class ScalingPlanTest {
    private static final TrainConfig BASE = ConfigLoader.parse(String.join("\n",
            "learningRate: {kind: cosine, baseLr: 0.05}", "momentum: {kind: physics}",
            "training: {batchSize: 64, targetAccuracies: [0.4, 0.3]}", "spark: {averagingFrequency: 5}"),
            List.of(), TrainConfig.class);

    private static ScalingPlan plan(List<Integer> workers, List<ScalingMode> modes, LearningRateRule rule,
                                    Integer globalBatch, Double maxLr) {
        return ScalingPlan.of(BASE, new StudySpec(workers, modes, rule, globalBatch, maxLr, null, false,
                "local[{N}]", 60));
    }

    @Test
    void strongScalingSplitsTheReferenceGlobalBatchAndKeepsAlphaUnderEveryRule() {
        for (LearningRateRule rule : LearningRateRule.values()) {
            List<ScalingPoint> p = plan(List.of(4, 1, 2), List.of(ScalingMode.STRONG), rule, null, null).points();
            assertThat(p).extracting(ScalingPoint::workers).containsExactly(1, 2, 4);
            assertThat(p).extracting(ScalingPoint::perWorkerBatch).containsExactly(64, 32, 16);
            assertThat(p).extracting(ScalingPoint::globalBatch).containsOnly(64);
            assertThat(p).extracting(ScalingPoint::learningRate).containsOnly(0.05);
        }
        List<ScalingPoint> p = plan(List.of(2, 4), List.of(ScalingMode.STRONG), LearningRateRule.LINEAR, 256, null)
                .points();
        assertThat(p).extracting(ScalingPoint::perWorkerBatch).containsExactly(128, 64);
        assertThat(p.get(0).learningRate()).as("B / B0 = 256 / (2 x 64)").isEqualTo(0.1);
    }

    @Test
    void weakScalingGrowsTheGlobalBatchAndAlphaByTheRule() {
        List<ScalingPoint> linear = plan(List.of(1, 2, 4), List.of(ScalingMode.WEAK), LearningRateRule.LINEAR, null,
                null).points();
        assertThat(linear).extracting(ScalingPoint::perWorkerBatch).containsOnly(64);
        assertThat(linear).extracting(ScalingPoint::globalBatch).containsExactly(64, 128, 256);
        assertThat(linear).extracting(ScalingPoint::learningRate).containsExactly(0.05, 0.1, 0.2);
        List<ScalingPoint> sqrt = plan(List.of(2, 8), List.of(ScalingMode.WEAK), LearningRateRule.SQRT, null, null)
                .points();
        assertThat(sqrt.get(1).learningRate()).as("sqrt(8 / 2) x 0.05").isCloseTo(0.1, within(1e-12));
        assertThat(plan(List.of(1, 4), List.of(ScalingMode.WEAK), LearningRateRule.NONE, null, null).points())
                .extracting(ScalingPoint::learningRate).containsOnly(0.05);
        assertThat(plan(List.of(1, 8), List.of(ScalingMode.WEAK), LearningRateRule.LINEAR, null, 0.25).points())
                .extracting(ScalingPoint::learningRate).as("capped").containsExactly(0.05, 0.25);
    }

    @Test
    void physicsMomentumFallsWithTheScaledRateAndClampsAtMuMin() {
        ScalingPlan plan = plan(List.of(1, 4, 8), List.of(ScalingMode.WEAK), LearningRateRule.LINEAR, null, null);
        List<ScalingPoint> p = plan.points();
        // mu = 1 - 2 sqrt(alpha): 0.05 -> 0.553, 0.2 -> 0.106; effective step sqrt(alpha)/2: 0.1118, 0.2236
        assertThat(plan.momentumAtPeak(p.get(0))).isEqualTo("physics mu 0.553, effective step 0.1118");
        assertThat(plan.momentumAtPeak(p.get(1))).isEqualTo("physics mu 0.106, effective step 0.2236");
        // alpha 0.4 > 1/4: 1 - 2 sqrt(0.4) < 0 = muMin, plain SGD (effective step = alpha)
        assertThat(plan.momentumAtPeak(p.get(2))).isEqualTo("physics mu 0.000 (clamped: alpha > 0.25), effective step "
                + "0.4000");
        TrainConfig constant = ConfigLoader.parse(String.join("\n", "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: constant}"), List.of(), TrainConfig.class);
        ScalingPlan c = ScalingPlan.of(constant, new StudySpec(List.of(1), List.of(ScalingMode.WEAK),
                LearningRateRule.LINEAR, null, null, null, false, "local[{N}]", 60));
        assertThat(c.momentumAtPeak(c.points().get(0))).isEqualTo("momentum constant does not follow alpha");
        assertThat(plan.ruleLine()).isEqualTo(
                "learning-rate rule linear (alpha = alpha0 * B / B0; alpha0 = 0.05 at B0 = 64)");
    }

    @Test
    void bothModesShareTheReferenceRunAndEachRunGetsItsSize() {
        ScalingPlan plan = plan(List.of(1, 2), List.of(ScalingMode.STRONG, ScalingMode.WEAK), LearningRateRule.LINEAR,
                null, null);
        assertThat(plan.points()).extracting(ScalingPoint::name)
                .containsExactly("strong-w1", "strong-w2", "weak-w1", "weak-w2");
        assertThat(plan.points()).extracting(ScalingPoint::runName)
                .containsExactly("strong-w1", "strong-w2", "strong-w1", "weak-w2");
        assertThat(plan.runs()).extracting(ScalingPoint::name).containsExactly("strong-w1", "strong-w2", "weak-w2");
        assertThat(plan.target()).as("the smallest configured target").isEqualTo(0.3);
        TrainConfig weak2 = plan.config(plan.points().get(3), "study");
        assertThat(weak2.run()).isEqualTo(new RunSpec("weak-w2", "study", BASE.run().seed()));
        assertThat(weak2.spark().workers()).isEqualTo(2);
        assertThat(weak2.spark().master()).isEqualTo("local[2]");
        assertThat(weak2.spark().collectTimings()).isTrue();
        assertThat(weak2.training().batchSize()).isEqualTo(64);
        assertThat(weak2.training().targetAccuracies()).containsExactly(0.3, 0.4);
        assertThat(weak2.training().stopAtAccuracy()).isNull();
        assertThat(weak2.learningRate().baseLr()).isEqualTo(0.1);
        assertThat(plan.config(plan.points().get(1), "study").training().batchSize()).as("strong, 2 x 32")
                .isEqualTo(32);

        ScalingPlan stop = ScalingPlan.of(BASE, new StudySpec(List.of(1), List.of(ScalingMode.WEAK),
                LearningRateRule.LINEAR, null, null, 0.35, true, "local[{N}]", 60));
        TrainConfig stopping = stop.config(stop.points().get(0), "study");
        assertThat(stopping.training().targetAccuracies()).containsExactly(0.3, 0.35, 0.4);
        assertThat(stopping.training().stopAtAccuracy()).isEqualTo(0.35);
    }

    /**
     * Each run's config is the copy of the base that the command line's settings give (how runs were configured
     * before: those overrides on the config file), so plans written then and now are the same.
     */
    @Test
    void eachRunsConfigIsTheBaseWithItsSizeAsTheCommandLineWouldSetIt() {
        ScalingPlan plan = plan(List.of(1, 2), List.of(ScalingMode.STRONG, ScalingMode.WEAK), LearningRateRule.LINEAR,
                null, null);
        List<List<String>> expected = List.of(
                List.of("spark.workers=1", "training.batchSize=64", "learningRate.baseLr=0.05", "run.name=strong-w1",
                        "spark.master=\"local[1]\""),
                List.of("spark.workers=2", "training.batchSize=32", "learningRate.baseLr=0.05", "run.name=strong-w2",
                        "spark.master=\"local[2]\""),
                List.of("spark.workers=2", "training.batchSize=64", "learningRate.baseLr=0.1", "run.name=weak-w2",
                        "spark.master=\"local[2]\""));
        assertThat(plan.runs()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            List<String> o = new ArrayList<>(expected.get(i));
            o.addAll(List.of("spark.collectTimings=true", "training.targetAccuracies=[0.3, 0.4]",
                    "run.resultsDir=\"/study dir\""));
            assertThat(plan.config(plan.runs().get(i), "/study dir")).as(plan.runs().get(i).name())
                    .isEqualTo(ConfigLoader.parse(Json.write(BASE), o, TrainConfig.class));
        }
    }

    @Test
    void aRunTooWideForTheDataFailsWithTheConfigsMessage() {
        TrainConfig small = ConfigLoader.parse(String.join("\n", "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}", "data: {maxTrainRecords: 200}", "training: {batchSize: 64}"), List.of(),
                TrainConfig.class);
        ScalingPlan wide = ScalingPlan.of(small, new StudySpec(List.of(1, 4), List.of(ScalingMode.WEAK),
                LearningRateRule.LINEAR, null, null, 0.3, false, "local[{N}]", 60));
        assertThat(wide.config(wide.points().get(0), "study").spark().workers()).isEqualTo(1);
        assertThatThrownBy(() -> wide.config(wide.points().get(1), "study")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("training.batchSize = 64 is larger than a worker's partition (50 records");
        ScalingPlan strong = ScalingPlan.of(small, new StudySpec(List.of(1, 4), List.of(ScalingMode.STRONG),
                LearningRateRule.LINEAR, null, null, 0.3, false, "local[{N}]", 60));
        assertThat(strong.config(strong.points().get(1), "study").training().batchSize())
                .as("4 x 16 fits 4 x 50 records, checked on the result, not on 4 workers with the base's 64")
                .isEqualTo(16);
    }

    @Test
    void badStudiesFailBeforeAnyRun() {
        assertThatThrownBy(() -> plan(List.of(1, 3), List.of(ScalingMode.STRONG), LearningRateRule.LINEAR, null,
                null)).isInstanceOf(ConfigException.class)
                .hasMessage("strong scaling: the global batch 64 does not split evenly over 3 workers; choose worker "
                        + "counts that divide it, or --global-batch");
        assertThatThrownBy(() -> new StudySpec(List.of(), List.of(ScalingMode.WEAK), LearningRateRule.LINEAR, null,
                null, null, false, "local[{N}]", 60)).hasMessageContaining("--workers");
        assertThatThrownBy(() -> new StudySpec(List.of(0, 2), List.of(ScalingMode.WEAK), LearningRateRule.LINEAR,
                null, null, null, false, "local[{N}]", 60)).hasMessageContaining("--workers");
        TrainConfig noTargets = ConfigLoader.parse(String.join("\n", "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}", "training: {targetAccuracies: []}"), List.of(), TrainConfig.class);
        assertThatThrownBy(() -> ScalingPlan.of(noTargets, new StudySpec(List.of(1), List.of(ScalingMode.WEAK),
                LearningRateRule.LINEAR, null, null, null, false, "local[{N}]", 60)))
                .hasMessageContaining("no target accuracy");
    }
}
