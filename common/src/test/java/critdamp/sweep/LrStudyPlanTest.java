package critdamp.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import critdamp.base.ConfigException;
import critdamp.run.EpochRecord;
import critdamp.sweep.LrStudyPlan.Observation;
import critdamp.sweep.LrStudyPlan.Run;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study's decisions on hand-made observations: which runs it wants, the seed phase, and that every choice (rate,
 * best schedule) follows validation accuracy where test accuracy would choose otherwise; the relative targets and the
 * time to reach them; the tables; the study file.
 */
class LrStudyPlanTest {
    private final Map<Run, Observation> seen = new HashMap<>();

    private static LrStudyConfig config() {
        Map<String, Map<String, Object>> schedules = new LinkedHashMap<>();
        schedules.put("a", Map.of("momentum.kind", "constant"));
        schedules.put("b", Map.of("momentum.kind", "physics"));
        return new LrStudyConfig("s", "base.yaml", null, Map.of(), schedules,
                new RateSearch.Settings(0.025, 3, 2.0, 2, 0.01, null), List.of(1L, 2L, 3L), List.of(0.9, 0.95), null,
                null);
    }

    /** A finished run: 3 epochs whose validation and test accuracy rise to {@code val} and {@code test}. */
    private void done(String schedule, double rate, long seed, double val, double test) {
        List<EpochRecord> epochs = List.of(epoch(1, val * 0.5, test * 0.5), epoch(2, val * 0.9, test * 0.93),
                epoch(3, val, test));
        seen.put(new Run(schedule, rate, seed), Observation.of(status(PointStatus.DONE, null), epochs));
    }

    /**
     * Seed 1 of {@code schedule} finished at each rate of {@link #config}'s start grid, 0.025, 0.05 and 0.1: one pair
     * of final validation and test accuracy per rate.
     */
    private void startGrid(String schedule, double... validationTestPairs) {
        double[] rates = {0.025, 0.05, 0.1};
        for (int i = 0; i < rates.length; i++) {
            done(schedule, rates[i], 1, validationTestPairs[2 * i], validationTestPairs[2 * i + 1]);
        }
    }

    private static EpochRecord epoch(int e, double val, double test) {
        return new EpochRecord(e, 10L * e, 0.05, 0.9, 1.0, val, test, 1.0, 10.0 * e, 100);
    }

    private static PointStatus status(String status, String error) {
        return new PointStatus("p", "p", status, error, "f", "t", 1);
    }

    private Map<String, RateSearch.Decision> searches(LrStudyConfig c) {
        return LrStudyPlan.searches(c, r -> seen.getOrDefault(r, Observation.PENDING));
    }

    @Test
    void theStudyWantsTheStartGridThenExtensionsThenSeedsAtTheChosenRate() {
        LrStudyConfig c = config();
        assertThat(LrStudyPlan.wanted(c, searches(c))).containsExactly(new Run("a", 0.025, 1), new Run("a", 0.05, 1),
                new Run("a", 0.1, 1), new Run("b", 0.025, 1), new Run("b", 0.05, 1), new Run("b", 0.1, 1));

        startGrid("a", 0.50, 0.50, 0.60, 0.60, 0.55, 0.55);
        startGrid("b", 0.40, 0.40, 0.45, 0.45, 0.50, 0.50);
        Map<String, RateSearch.Decision> s = searches(c);
        assertThat(s.get("a").verdict()).isEqualTo(RateSearch.Verdict.INTERIOR);
        assertThat(s.get("b").verdict()).isEqualTo(RateSearch.Verdict.EXTENDING);
        assertThat(LrStudyPlan.wanted(c, s)).contains(new Run("a", 0.05, 2), new Run("a", 0.05, 3),
                new Run("b", 0.2, 1)).doesNotContain(new Run("b", 0.1, 2));

        done("b", 0.2, 1, 0.48, 0.48);
        s = searches(c);
        assertThat(s.get("b").verdict()).as("the extension ran and was re-decided").isEqualTo(RateSearch.Verdict.INTERIOR);
        assertThat(s.get("b").trials()).extracting(RateSearch.Trial::rate).containsExactly(0.025, 0.05, 0.1, 0.2);
        assertThat(LrStudyPlan.wanted(c, s)).contains(new Run("b", 0.1, 2), new Run("b", 0.1, 3)).hasSize(11);
    }

    @Test
    void validationChoosesTheRateAndTheBestScheduleWhereTestWouldChooseOtherwise() {
        LrStudyConfig c = config();
        // a: validation peaks at 0.05, test at 0.1
        startGrid("a", 0.50, 0.50, 0.60, 0.52, 0.55, 0.70);
        // b: validation peaks at 0.05 too, lower than a's, with higher test accuracy
        startGrid("b", 0.40, 0.40, 0.58, 0.65, 0.50, 0.50);
        done("a", 0.05, 2, 0.60, 0.56);
        done("a", 0.05, 3, 0.60, 0.60);
        done("b", 0.05, 2, 0.58, 0.66);
        done("b", 0.05, 3, 0.58, 0.67);
        Map<String, RateSearch.Decision> s = searches(c);
        LrStudyResult r = LrStudyResult.of(c, "budget", s, x -> seen.getOrDefault(x, Observation.PENDING), null);

        assertThat(r.row("a").chosenRate()).as("chosen on validation, not test").isEqualTo(0.05);
        assertThat(r.bestSchedule()).as("best by validation, though b measures higher on test").isEqualTo("a");
        assertThat(r.complete()).isTrue();
        LrStudyResult.ScheduleRow a = r.row("a");
        assertThat(a.finalTestAccuracy().mean()).isCloseTo(0.56, within(1e-12));
        assertThat(a.finalTestAccuracy().sd()).isCloseTo(0.04, within(1e-12));
        assertThat(r.targets()).hasSize(2);
        assertThat(r.targets().get(0)).isCloseTo(0.504, within(1e-12));
        assertThat(r.targets().get(1)).isCloseTo(0.532, within(1e-12));

        // 90% of 0.56 = 0.504: the seeds ending at 0.52 / 0.56 / 0.60 reach it at epochs 3 / 2 / 2
        SeedGroup.TargetStat t90 = a.targets().get(0);
        assertThat(t90.reached()).isEqualTo(3);
        assertThat(t90.epochs().mean()).isCloseTo(7.0 / 3, within(1e-12));
        assertThat(t90.seconds().mean()).isCloseTo(70.0 / 3, within(1e-9));
        // 95% = 0.532: 0.52 never, 0.56 at epoch 3, 0.60 at epoch 2
        SeedGroup.TargetStat t95 = a.targets().get(1);
        assertThat(t95.reachedText()).isEqualTo("not reached 1/3");
        assertThat(t95.epochs().mean()).isCloseTo(2.5, within(1e-12));
        assertThat(r.row("b").targets().get(1).epochs().mean()).isCloseTo(2.0, within(1e-12));

        String md = LrStudyTables.markdown(r);
        assertThat(md).contains("| schedule | rate (chosen on validation) | validation acc. at that rate",
                "epochs to 95% (test)", "| a | 0.05 | 0.6000 | 0.05–0.05 (x1) | 3 | 0.5600 ± 0.0400 (3/3) | 2.3 ± 0.6 |",
                "of the mean final test accuracy of a (the best schedule by mean final validation accuracy)");
        String csv = LrStudyTables.csv(r);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("schedule,search,chosen_rate_by_validation,"
                + "validation_accuracy_at_chosen_rate,").contains("epochs_to_test_0.95_of_best_mean");
        assertThat(csv).contains("\na,interior,0.05,0.6,");
    }

    @Test
    void aWaitingStudyIsIncompleteWithoutTargets() {
        LrStudyConfig c = config();
        done("a", 0.025, 1, 0.50, 0.50);
        LrStudyResult r = LrStudyResult.of(c, "budget", searches(c), x -> seen.getOrDefault(x, Observation.PENDING),
                null);
        assertThat(r.complete()).isFalse();
        assertThat(r.bestSchedule()).isNull();
        assertThat(r.targets()).isEmpty();
        assertThat(r.row("a").search().verdict()).isEqualTo(RateSearch.Verdict.WAITING);
        assertThat(LrStudyTables.markdown(r)).contains("Incomplete", "| a | 0.025 (searching) |");
    }

    @Test
    void observationsFollowTheRunsLastState() {
        List<EpochRecord> e = List.of(epoch(1, 0.4, 0.3));
        assertThat(Observation.of(null, List.of()).outcome()).isEqualTo(RateSearch.Outcome.PENDING);
        assertThat(Observation.of(status(PointStatus.RUNNING, null), e).outcome()).isEqualTo(RateSearch.Outcome.PENDING);
        assertThat(Observation.of(status(PointStatus.FAILED, "DivergenceException: loss = NaN"), e).outcome())
                .isEqualTo(RateSearch.Outcome.DIVERGED);
        assertThat(Observation.of(status(PointStatus.FAILED, "IOException: disk full"), e).outcome())
                .isEqualTo(RateSearch.Outcome.FAILED);
        Observation done = Observation.of(status(PointStatus.DONE, null), e);
        assertThat(done.finalValidationAccuracy()).isEqualTo(0.4);
        assertThat(done.finalTestAccuracy()).isEqualTo(0.3);
    }

    @Test
    void theStudyFileOfConfLoadsWithItsEstimateAndCommandLineSettingsRoute() {
        Path file = Path.of("..", "conf", "lr-study.yaml").toAbsolutePath().normalize();
        LrStudyConfig c = LrStudyConfig.load(file.toString(), List.of());
        assertThat(c.schedules()).containsOnlyKeys("constant", "physics", "hybrid-crossing", "hybrid-half",
                "one-cycle", "demon");
        assertThat(c.schedules().get("hybrid-half")).containsEntry("momentum.switchAt", "fraction")
                .containsEntry("momentum.switchFraction", 0.5);
        assertThat(c.search().startGrid()).containsExactly(0.05, 0.1, 0.2, 0.4);
        assertThat(c.base()).endsWith("cifar10-small-cnn.yaml");
        LrStudyConfig.Estimate e = c.estimate(20);
        assertThat(c.search().minRates()).isEqualTo(6);
        assertThat(e.minRuns()).as("6 schedules x (6 rates + 2 more seeds)").isEqualTo(48);
        assertThat(e.expectedRuns()).isEqualTo(54);
        assertThat(e.maxRuns()).isEqualTo(60);
        assertThat(e.secondsPerRun()).isEqualTo(1060.0);

        LrStudyConfig set = LrStudyConfig.load(file.toString(), List.of("training.epochs=2", "search.points=3",
                "seeds=[1]", "schedules.physics.momentum.muMax=0.95"));
        assertThat(set.overrides()).containsEntry("training.epochs", 2);
        assertThat(set.search().points()).isEqualTo(3);
        assertThat(set.seeds()).containsExactly(1L);
        assertThat(set.schedules().get("physics")).containsEntry("momentum.muMax", 0.95);
    }

    @Test
    void theStudySetsRateSeedAndNamesItself() {
        assertThatThrownBy(() -> new LrStudyConfig("s", "b.yaml", null, Map.of(),
                Map.of("a", Map.of("learningRate.baseLr", 0.1)), null, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schedules.a.learningRate.baseLr")
                .hasMessageContaining("set by the study");
        assertThatThrownBy(() -> new LrStudyConfig("s", "b.yaml", null, Map.of("run.seed", 3),
                Map.of("a", Map.of()), null, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("overrides.run.seed");
        assertThatThrownBy(() -> new LrStudyConfig("s", "b.yaml", null, Map.of(), Map.of("a", Map.of()), null, null,
                null, new LrStudyConfig.Ceiling(10, "nope", null), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ceiling.schedule = 'nope'");
    }
}
