package critdamp.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import critdamp.base.ConfigException;
import critdamp.config.ConfigLoader;
import critdamp.config.SweepConfig;
import critdamp.config.TrainConfig;
import critdamp.schedule.MomentumKind;
import critdamp.train.TargetTracker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sweep files: validation before any training, grid expansion order and names, and the seed summary's figures. */
class SweepGridTest {
    @TempDir
    Path tmp;
    private Path base;

    @BeforeEach
    void baseConfig() throws Exception {
        base = tmp.resolve("base.yaml");
        Files.writeString(base, "learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n");
    }

    private SweepConfig load(String yaml, String... sets) throws Exception {
        Path f = tmp.resolve("sweep.yaml");
        Files.writeString(f, yaml);
        return SweepConfig.load(f, List.of(sets));
    }

    @Test
    void expandsTheCartesianProductFirstKeySlowestWithSafeNames() throws Exception {
        SweepConfig s = load("name: s\nbase: base.yaml\noverrides: {training: {epochs: 2}}\ngrid:\n"
                + "  momentum.kind: [constant, physics, hybrid]\n  run.seed: [1, 2]\n");
        List<SweepPoint> points = SweepGrid.expand(s);
        assertThat(points).extracting(SweepPoint::label).containsExactly(
                "momentum.kind=constant,run.seed=1", "momentum.kind=constant,run.seed=2",
                "momentum.kind=physics,run.seed=1", "momentum.kind=physics,run.seed=2",
                "momentum.kind=hybrid,run.seed=1", "momentum.kind=hybrid,run.seed=2");
        SweepPoint p = points.get(3);
        assertThat(p.name()).isEqualTo("momentum.kind-physics__run.seed-2");
        assertThat(p.config().momentum().kind()).isEqualTo(MomentumKind.PHYSICS);
        assertThat(p.config().run().seed()).isEqualTo(2L);
        assertThat(p.config().training().epochs()).isEqualTo(2);
        assertThat(p.configIn("/x/points").run().resultsDir()).isEqualTo("/x/points");
        assertThat(p.configIn("/x/points").run().name()).isEqualTo(p.name());
        assertThat(s.groupKeys()).containsExactly("momentum.kind");
    }

    @Test
    void aStudysRunKeepsItsFolderNameAndGetsItsRateAndSeedAsTypedCopies() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("training.epochs", 4);
        settings.put("momentum.kind", "physics");
        LrStudyPlan.Run run = new LrStudyPlan.Run("physics", 1.6, 1);
        SweepPoint p = SweepGrid.point(base.toString(), settings, run.values(), run::appliedTo);
        assertThat(p.name()).as("resumed studies find their runs by this name")
                .isEqualTo("schedule-physics__learningRate.baseLr-1.6__run.seed-1");
        assertThat(p.label()).isEqualTo("schedule=physics,learningRate.baseLr=1.6,run.seed=1");
        Map<String, Object> asStrings = new LinkedHashMap<>(settings);
        asStrings.put("learningRate.baseLr", 1.6);
        asStrings.put("run.seed", 1L);
        assertThat(p.config()).isEqualTo(SweepGrid.point(base.toString(), asStrings, run.values()).config());
        assertThat(p.config().learningRate().baseLr()).isEqualTo(1.6);
        assertThat(p.config().run().seed()).isEqualTo(1L);
        assertThat(p.config().run().name()).isEqualTo(p.name());
        assertThat(p.config().training().epochs()).isEqualTo(4);
        assertThat(p.configIn("/s dir/points")).isEqualTo(ConfigLoader.load(base, List.of("training.epochs=4",
                "momentum.kind=physics", "learningRate.baseLr=1.6", "run.seed=1", "run.name=" + p.name(),
                "run.resultsDir=\"/s dir/points\""), TrainConfig.class));
    }

    @Test
    void typosFailBeforeAnyTraining() throws Exception {
        assertThatThrownBy(() -> SweepGrid.expand(load("base: base.yaml\ngrid: {momentum.knd: [physics]}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("momentum.knd=physics")
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> SweepGrid.expand(load("base: base.yaml\ngrid: {momentum.kind: [physcs]}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'physics'");
        assertThatThrownBy(() -> load("base: base.yaml\ngird: {momentum.kind: [physics]}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'gird'");
        assertThatThrownBy(() -> load("base: base.yaml\ngrid: {run.name: [a, b]}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set by the sweep");
        assertThatThrownBy(() -> load("base: nope.yaml\ngrid: {run.seed: [1]}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("train config not found");
        assertThatThrownBy(() -> load("base: base.yaml\ngrid: {run.seed: []}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least one value");
    }

    @Test
    void commandLineSetsRouteToSweepGridOrEveryPoint() throws Exception {
        SweepConfig s = load("name: s\nbase: base.yaml\ngrid: {run.seed: [1]}\n", "name=t", "grid.run.seed=[3, 4]",
                "grid.momentum.kind=constant", "training.epochs=3");
        assertThat(s.name()).isEqualTo("t");
        assertThat(s.grid()).containsEntry("run.seed", List.of(3, 4)).containsEntry("momentum.kind", List.of("constant"));
        assertThat(s.overrides()).containsEntry("training.epochs", 3);
        assertThat(SweepGrid.expand(s)).hasSize(2).allMatch(p -> p.config().training().epochs() == 3);
    }

    @Test
    void settingsFlattenToDottedKeysAKeyWrittenTwiceTakingItsLaterValueAndPlace() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("training", Map.of("epochs", 2));
        settings.put("momentum.kind", "physics");
        settings.put("training.epochs", 3);
        assertThat(SweepConfig.flatten(settings)).containsExactly(entry("momentum.kind", "physics"),
                entry("training.epochs", 3));
        assertThat(SweepConfig.flatten(null)).isEmpty();
    }

    @Test
    void seedGroupsHoldMeanSampleSdAndReachedCounts() {
        List<PointResult> rs = List.of(result("a", 1, 0.60, 3), result("a", 2, 0.70, 0), result("a", 3, 0.80, 5),
                result("b", 1, 0.50, 2));
        List<SeedGroup> groups = SeedGroup.of(rs);
        assertThat(groups).extracting(SeedGroup::label).containsExactly("momentum.kind=a", "momentum.kind=b");
        SeedGroup a = groups.get(0);
        assertThat(a.n()).isEqualTo(3);
        assertThat(a.finalTestAccuracy().mean()).isCloseTo(0.70, within(1e-12));
        assertThat(a.finalTestAccuracy().sd()).isCloseTo(0.10, within(1e-12));
        SeedGroup.TargetStat t = a.testTargets().get(0);
        assertThat(t.reached()).isEqualTo(2);
        assertThat(t.reachedText()).isEqualTo("not reached 1/3");
        assertThat(t.epochs().mean()).isCloseTo(4.0, within(1e-12));
        assertThat(groups.get(1).finalTestAccuracy().sd()).isNaN();
        assertThat(groups.get(1).testTargets().get(0).reachedText()).isEqualTo("1/1");
        String csv = SweepTables.summaryCsv(List.of("momentum.kind", "run.seed"), groups);
        assertThat(csv.lines().toList().get(0)).isEqualTo("group,momentum.kind,n,failed,final_test_accuracy_mean,"
                + "final_test_accuracy_sd,final_validation_accuracy_mean,final_validation_accuracy_sd,"
                + "test_accuracy_at_best_validation_mean,test_accuracy_at_best_validation_sd,images_per_second_mean,"
                + "epochs_to_test_0.5_mean,epochs_to_test_0.5_sd,seconds_to_test_0.5_mean,seconds_to_test_0.5_sd,"
                + "reached_test_0.5");
        assertThat(csv).contains("not reached 1/3");
    }

    @Test
    void csvQuotesMessagesWithCommas() {
        assertThat(SweepTables.csv("a, \"b\"\nc")).isEqualTo("\"a, \"\"b\"\" c\"");
    }

    @Test
    void theExampleSweepsOfConfLoadAndExpand() {
        Path conf = Path.of("..", "conf").toAbsolutePath().normalize();
        SweepConfig schedules = SweepConfig.load(conf.resolve("sweep-schedules.yaml"), List.of());
        assertThat(SweepGrid.expand(schedules)).hasSize(18);
        SweepConfig lr = SweepConfig.load(conf.resolve("sweep-lr.yaml"), List.of());
        assertThat(SweepGrid.expand(lr)).hasSize(12).allMatch(p -> p.config().training().epochs() == 5);
    }

    private static PointResult result(String kind, int seed, double acc, int epochTo50) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("momentum.kind", kind);
        v.put("run.seed", seed);
        TargetTracker.Crossing c = epochTo50 > 0 ? new TargetTracker.Crossing(0.5, epochTo50, 10.0 * epochTo50, true)
                : new TargetTracker.Crossing(0.5, 0, Double.NaN, false);
        return new PointResult(kind + seed, SweepPoint.label(v), v, PointStatus.DONE, null, null, 5, acc, acc, 5, acc,
                acc, 50, 900, List.of(c));
    }
}
