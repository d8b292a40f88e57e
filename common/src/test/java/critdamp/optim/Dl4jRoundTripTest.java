package critdamp.optim;

import critdamp.schedule.MomentumKind;
import critdamp.schedule.LearningRateKind;
import critdamp.schedule.MomentumISchedule;
import critdamp.schedule.LearningRateISchedule;
import critdamp.schedule.MomentumSpec;
import critdamp.schedule.MomentumSchedule;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.LearningRateSchedule;
import critdamp.optim.HeavyBallSgd;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Our updater and schedule adapters survive every way DL4J and Spark copy a configuration: DL4J's JSON, a
 * ModelSerializer checkpoint (with updater state) and Java serialization.
 */
class Dl4jRoundTripTest {
    private static final long T = 200;
    private static final LearningRateSpec LR = new LearningRateSpec(LearningRateKind.WARMUP_COSINE, 0.1, 0.001, 0.1,
            10.0, null, null);
    private static final MomentumSpec MOM = MomentumSpec.of(MomentumKind.HYBRID);
    private static final int[] ITERATIONS = {0, 1, 10, 19, 20, 100, 150, 185, 199, 250};

    private static HeavyBallSgd heavyBall() {
        return new HeavyBallSgd(LearningRateISchedule.of(LR, T), MomentumISchedule.of(LR, MOM, T));
    }

    private static IUpdater updaterOf(ComputationGraphConfiguration conf, String layer) {
        return ((BaseLayer) ((LayerVertex) conf.getVertices().get(layer)).getLayerConf().getLayer()).getIUpdater();
    }

    private static void assertSameSchedules(ISchedule a, ISchedule b) {
        for (int it : ITERATIONS) {
            assertThat(b.valueAt(it, 0)).as("iteration %d", it).isEqualTo(a.valueAt(it, 0));
        }
    }

    @Test
    void adaptersFollowOurSchedulesExactly() {
        LearningRateSchedule alpha = LR.build(T);
        MomentumSchedule mu = MOM.build(alpha);
        LearningRateISchedule a = LearningRateISchedule.of(LR, T);
        MomentumISchedule m = MomentumISchedule.of(LR, MOM, T);
        for (int it : ITERATIONS) {
            assertThat(a.valueAt(it, 3)).isEqualTo(alpha.alpha(it));
            assertThat(m.valueAt(it, 3)).isEqualTo(mu.mu(it));
        }
        assertThat(a.spec()).isEqualTo(LR);
        assertThat(m.spec()).isEqualTo(MOM);
        assertThat(a.clone()).isEqualTo(a).hasSameHashCodeAs(a).isNotSameAs(a);
        assertThat(m.clone()).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(m).isNotEqualTo(MomentumISchedule.of(LR, MOM, T + 1));
    }

    @Test
    void heavyBallRoundTripsThroughDl4jJson() {
        ComputationGraphConfiguration conf = Dl4jNets.config(heavyBall(), 1);
        String json = conf.toJson();
        assertThat(json).contains(HeavyBallSgd.class.getName()).contains(MomentumISchedule.class.getName());
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        assertThat(back.toJson()).isEqualTo(json);
        for (String layer : List.of("hidden", "out")) {
            HeavyBallSgd before = (HeavyBallSgd) updaterOf(conf, layer);
            IUpdater after = updaterOf(back, layer);
            assertThat(after).isInstanceOf(HeavyBallSgd.class).isEqualTo(before);
            HeavyBallSgd h = (HeavyBallSgd) after;
            assertThat(h.learningRateSchedule()).isInstanceOf(LearningRateISchedule.class);
            assertSameSchedules(before.learningRateSchedule(), h.learningRateSchedule());
            assertSameSchedules(before.momentumSchedule(), h.momentumSchedule());
        }
        // a pinned updater round-trips too (what a checkpoint taken mid-run in Spark holds)
        HeavyBallSgd pinned = heavyBall();
        pinned.pin(0.03, 0.7);
        ComputationGraphConfiguration pc = Dl4jNets.config(pinned, 1);
        HeavyBallSgd pb = (HeavyBallSgd) updaterOf(ComputationGraphConfiguration.fromJson(pc.toJson()), "out");
        assertThat(pb.getLearningRate(5, 0)).isEqualTo(0.03);
        assertThat(pb.currentMomentum(5, 0)).isEqualTo(0.7);
    }

    @Test
    void nesterovsWithOurAdaptersRoundTripsThroughDl4jJson() {
        Nesterovs n = new Nesterovs(LearningRateISchedule.of(LR, T), MomentumISchedule.of(LR, MOM, T));
        ComputationGraphConfiguration conf = Dl4jNets.config(n, 1);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        Nesterovs after = (Nesterovs) updaterOf(back, "hidden");
        assertThat(after.getMomentumISchedule()).isEqualTo(n.getMomentumISchedule());
        assertThat(after.getLearningRateSchedule()).isEqualTo(n.getLearningRateSchedule());
        assertSameSchedules(n.getMomentumISchedule(), after.getMomentumISchedule());
        for (int it : ITERATIONS) {
            assertThat(after.currentMomentum(it, 0)).isEqualTo(n.currentMomentum(it, 0));
            assertThat(after.getLearningRate(it, 0)).isEqualTo(n.getLearningRate(it, 0));
        }
    }

    @Test
    void javaSerializationKeepsConfigAndSchedules() throws Exception {
        ComputationGraphConfiguration conf = Dl4jNets.config(heavyBall(), 1);
        ComputationGraphConfiguration back = javaRoundTrip(conf);
        assertThat(back).isEqualTo(conf);
        HeavyBallSgd before = (HeavyBallSgd) updaterOf(conf, "out");
        HeavyBallSgd after = (HeavyBallSgd) updaterOf(back, "out");
        assertThat(after).isEqualTo(before).isNotSameAs(before);
        assertSameSchedules(before.learningRateSchedule(), after.learningRateSchedule());
        assertSameSchedules(before.momentumSchedule(), after.momentumSchedule());
        HeavyBallSgd pinned = heavyBall();
        pinned.pin(0.02, 0.6);
        HeavyBallSgd pb = javaRoundTrip(pinned);
        assertThat(pb).isEqualTo(pinned);
        assertThat(pb.getLearningRate(9, 0)).isEqualTo(0.02);
    }

    @Test
    void checkpointRestoreKeepsConfigAndUpdaterStateSoTrainingContinuesIdentically(@TempDir Path dir)
            throws Exception {
        List<DataSet> data = Dl4jNets.data(6, 8, 11);
        ComputationGraph original = Dl4jNets.graph(heavyBall(), 5);
        for (int i = 0; i < 3; i++) {
            original.fit(data.get(i));
        }
        assertThat(original.getUpdater().getStateViewArray().sumNumber().doubleValue()).isNotZero();
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(original, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertThat(restored.getConfiguration()).isEqualTo(original.getConfiguration());
        assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(original.getUpdater().getStateViewArray());
        assertThat(restored.params()).isEqualTo(original.params());
        assertThat(restored.getIterationCount()).isEqualTo(original.getIterationCount());
        for (int i = 3; i < 6; i++) {
            original.fit(data.get(i));
            restored.fit(data.get(i));
        }
        assertThat(restored.params()).isEqualTo(original.params());

        // and a restore without the updater state does diverge: the check above can fail
        ComputationGraph fresh = ModelSerializer.restoreComputationGraph(file, false);
        ComputationGraph again = ModelSerializer.restoreComputationGraph(file, true);
        for (int i = 3; i < 6; i++) {
            fresh.fit(data.get(i));
            again.fit(data.get(i));
        }
        assertThat(again.params()).isEqualTo(original.params());
        assertThat(fresh.params().equalsWithEps(original.params(), 1e-9)).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
