package critdamp.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class LayerAttributionTest {
    private static final Offset<Double> EXACT = Offset.offset(1e-12);

    @Test
    void aScrambledLayerRanksFirst() {
        List<DataSet> train = TinyNets.quadrants(512, 32, 1.0, 4, DataType.FLOAT);
        List<DataSet> eval = TinyNets.quadrants(256, 64, 1.0, 104, DataType.FLOAT);
        ComputationGraph net = TinyNets.convNet(4, DataType.FLOAT, 0, false);
        TinyNets.train(net, train, 3);

        LayerAttribution healthy = LayerAttribution.compute(net, eval.iterator());
        assertThat(healthy.accuracy()).as("the task was learned").isGreaterThan(0.9);
        assertThat(healthy.ranked().get(0).name()).isNotEqualTo("fc");

        for (long permutation = 1; permutation <= 3; permutation++) {
            ComputationGraph damaged = net.clone();
            TinyNets.scrambleWeights(damaged, "fc", permutation);
            LayerAttribution a = LayerAttribution.compute(damaged, eval.iterator());
            assertThat(a.accuracy()).as("permutation %d hurts", permutation).isLessThan(healthy.accuracy() - 0.2);
            assertThat(a.ranked().get(0).name()).as("permutation %d:%n%s", permutation, a.toTable())
                    .isEqualTo("fc");
        }
    }

    @Test
    void scoresFollowTheDefinitionFromTheSums() {
        List<DataSet> data = TinyNets.quadrants(64, 16, 1.0, 11, DataType.FLOAT);
        ComputationGraph net = TinyNets.convNet(11, DataType.FLOAT, 0, false);
        LayerGradientSums sums = LayerGradientSums.collect(net, data.iterator());
        LayerAttribution a = LayerAttribution.of(sums);

        assertThat(a.misclassified()).isEqualTo(sums.misclassifiedCount());
        assertThat(a.correct()).isEqualTo(sums.correctCount());
        assertThat(a.totalParams()).isEqualTo(net.numParams());
        double shares = 0;
        for (int l = 0; l < sums.layerCount(); l++) {
            LayerScore s = a.layers().get(l);
            double gm = LayerGradientSums.norm(sums.meanMisclassifiedGradient(l));
            double gc = LayerGradientSums.norm(sums.meanCorrectGradient(l));
            assertThat(s.name()).isEqualTo(sums.layerName(l));
            assertThat(s.gradNormMisclassified()).isCloseTo(gm, EXACT);
            assertThat(s.gradNormCorrect()).isCloseTo(gc, EXACT);
            assertThat(s.paramNorm()).isEqualTo(sums.paramNorm(l));
            assertThat(s.score()).isCloseTo(gm / sums.paramNorm(l), EXACT);
            assertThat(s.contrast()).isCloseTo(gm / gc, EXACT);
            assertThat(s.paramShare()).isCloseTo((double) sums.paramCount(l) / net.numParams(), EXACT);
            shares += s.paramShare();
        }
        assertThat(shares).isCloseTo(1.0, EXACT);
        List<LayerScore> ranked = a.ranked();
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i - 1).score()).isGreaterThanOrEqualTo(ranked.get(i).score());
        }
    }

    @Test
    void nanScoresRankLast() {
        LayerAttribution a = new LayerAttribution(0, 10, List.of(
                new LayerScore("a", 10, 0.25, Double.NaN, 1, 2, Double.NaN, Double.NaN),
                new LayerScore("b", 10, 0.25, 1, 1, 2, 0.5, 1),
                new LayerScore("c", 20, 0.5, 3, 1, 2, 1.5, 3)));
        assertThat(a.ranked()).extracting(LayerScore::name).containsExactly("c", "b", "a");
    }

    @Test
    void jsonRoundTripKeepsEveryFigureIncludingNaN(@TempDir Path dir) {
        List<DataSet> data = TinyNets.quadrants(64, 32, 1.0, 12, DataType.FLOAT);
        LayerAttribution real = LayerAttribution.compute(TinyNets.convNet(12, DataType.FLOAT, 0, true),
                data.iterator());
        Path file = dir.resolve("attribution.json");
        real.writeJson(file);
        assertThat(LayerAttribution.readJson(file)).isEqualTo(real);

        LayerAttribution undefined = new LayerAttribution(0, 5, List.of(
                new LayerScore("only", 3, 1.0, Double.NaN, 0.5, 1.5, Double.NaN, Double.NaN)));
        assertThat(LayerAttribution.fromJson(undefined.toJson())).isEqualTo(undefined);
        assertThat(real.toJson()).contains("\"gradNormMisclassified\"", "\"contrast\"", "\"misclassified\"");
    }

    @Test
    void tableListsLayersByRank() {
        LayerAttribution a = new LayerAttribution(3, 7, List.of(
                new LayerScore("conv1", 100, 0.1, 1, 1, 10, 0.1, 1),
                new LayerScore("dense_layer", 900, 0.9, 9, 1, 10, 0.9, 9)));
        String table = a.toTable();
        assertThat(table).contains("|M| = 3", "|C| = 7", "accuracy 0.7000", "90.00%");
        assertThat(table.indexOf("dense_layer")).isLessThan(table.indexOf("conv1"));
    }

    @Test
    void rejectsDuplicateNamesAndEmptySums() {
        LayerScore s = new LayerScore("x", 1, 1.0, 1, 1, 1, 1, 1);
        assertThatThrownBy(() -> new LayerAttribution(1, 1, List.of(s, s))).hasMessageContaining("'x' appears twice");
        assertThatThrownBy(() -> LayerAttribution.of(LayerGradientSums.identity()))
                .hasMessageContaining("no data");
    }
}
