package critdamp.data;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Not a unit test (not run by default): how fast SMALL_CNN learns {@link SyntheticCifar10}. Run with
 * {@code -Dtest=Cifar10SyntheticProbe}.
 */
class Cifar10SyntheticProbe {
    @Test
    void learningCurve() {
        List<Cifar10Record> train = SyntheticCifar10.generate(9600, new SplittableRandom(1));
        List<Cifar10Record> test = SyntheticCifar10.generate(1000, new SplittableRandom(2));
        List<DataSet> batches = Cifar10Batches.toDataSets(train, 64, ChannelNormalization.CIFAR10, null, 0);
        List<DataSet> testBatches = Cifar10Batches.toDataSets(test, 250, ChannelNormalization.CIFAR10, null, 0);
        ComputationGraph net = Models.build(ModelKind.SMALL_CNN, InputShape.CIFAR10, 10, new Nesterovs(0.01, 0.9), 5);
        int step = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (DataSet b : batches) {
                if (step % 50 == 0) {
                    double acc = net.evaluate(new ListDataSetIterator<>(testBatches)).accuracy();
                    LoggerFactory.getLogger(Cifar10SyntheticProbe.class).info("step {} test accuracy {}", step, acc);
                }
                net.fit(b);
                step++;
            }
        }
        LoggerFactory.getLogger(Cifar10SyntheticProbe.class).info("step {} test accuracy {}", step,
                net.evaluate(new ListDataSetIterator<>(testBatches)).accuracy());
    }
}
