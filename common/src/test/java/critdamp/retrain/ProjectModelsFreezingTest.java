package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** The project's networks (residual, batch norm everywhere): a retraining step changes exactly the chosen layers. */
class ProjectModelsFreezingTest {
    @Test
    void resnet20StepChangesOnlyTheChosenLayers() {
        ComputationGraph net = Models.build(ModelKind.RESNET20, new InputShape(3, 8, 8), 10, new Sgd(0.1), 3);
        // the first half of the layers chosen: frozen batch norms below and above trained ones
        var names = TrainableLayers.paramCounts(net).keySet().stream().toList();
        Set<String> chosen = new TreeSet<>(names.subList(names.size() / 2, names.size() / 2 + 4));
        Map<String, double[]> before = RetrainNets.snapshot(net);
        ComputationGraph retrain = LayerFreezing.retrainable(net, chosen, new Sgd(0.05));
        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3, 8, 8),
                Nd4j.eye(10).castTo(DataType.FLOAT).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)));
        retrain.fit(batch);
        retrain.fit(batch);
        Set<String> changedLayers = new TreeSet<>();
        for (String key : RetrainNets.changed(RetrainNets.snapshot(retrain), before)) {
            changedLayers.add(key.substring(0, key.indexOf('/')));
        }
        assertThat(changedLayers).isEqualTo(chosen);
        assertThat(RetrainNets.changed(RetrainNets.snapshot(net), before)).isEmpty();
    }
}
