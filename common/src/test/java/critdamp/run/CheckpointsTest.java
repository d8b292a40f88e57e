package critdamp.run;

import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointsTest {
    @TempDir
    Path tmp;

    private static ComputationGraph tinyNet() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Nesterovs(0.1, 0.9)).graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "h")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    @Test
    void roundTripKeepsParamsUpdaterStateAndPosition() {
        ComputationGraph net = tinyNet();
        net.fit(new DataSet(Nd4j.rand(8, 4), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1)));
        Checkpoints cps = new Checkpoints(RunFolder.open(new Configuration(), tmp.toString(), "r", false));
        TrainingPosition pos = new TrainingPosition(1, 3, 13, 65);
        cps.save(net, pos);
        Checkpoints.Loaded back = cps.latestGood().orElseThrow();
        assertThat(back.position()).isEqualTo(pos);
        assertThat(back.model().params()).isEqualTo(net.params());
        assertThat(back.model().getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
    }

    @Test
    void aTruncatedCheckpointIsDetectedAndThePreviousGoodOneUsed() throws Exception {
        ComputationGraph net = tinyNet();
        RunFolder folder = RunFolder.open(new Configuration(), tmp.toString(), "t", false);
        Checkpoints cps = new Checkpoints(folder);
        cps.save(net, new TrainingPosition(0, 1, 1, 5));
        ComputationGraph older = net.clone();
        net.fit(new DataSet(Nd4j.rand(8, 4), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1)));
        String newest = cps.save(net, new TrainingPosition(0, 2, 2, 10));
        try (RandomAccessFile f = new RandomAccessFile(new java.io.File(java.net.URI.create(newest)), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertThat(cps.latestVerified().orElseThrow().position().globalRound()).isEqualTo(1);
        Checkpoints.Loaded back = cps.latestGood().orElseThrow();
        assertThat(back.position().globalRound()).isEqualTo(1);
        assertThat(back.model().params()).isEqualTo(older.params());
        try (RandomAccessFile f = new RandomAccessFile(new java.io.File(java.net.URI.create(back.file())), "rw")) {
            f.setLength(1);
        }
        assertThat(cps.latestVerified()).as("no checkpoint verifies").isEmpty();
        assertThat(cps.latestGood()).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestAndTheBestByValidationAndResumeStillFindsTheNewest() throws Exception {
        ComputationGraph net = tinyNet();
        RunFolder folder = RunFolder.open(new Configuration(), tmp.toString(), "k", false);
        Checkpoints cps = new Checkpoints(folder, 2);
        double[] val = {0.30, Double.NaN, 0.70, Double.NaN, 0.50, Double.NaN, 0.40};
        for (int round = 1; round <= val.length; round++) {
            cps.save(net, new TrainingPosition(0, round, round, 5L * round),
                    Double.isNaN(val[round - 1]) ? null : val[round - 1]);
            assertThat(cps.entries().size()).as("after round %d", round).isLessThanOrEqualTo(3);
        }
        try (var files = java.nio.file.Files.list(tmp.resolve("k/checkpoints"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
                    .containsExactlyInAnyOrder("ckpt-00000003.zip", "ckpt-00000003.json", "ckpt-00000006.zip",
                            "ckpt-00000006.json", "ckpt-00000007.zip", "ckpt-00000007.json");
        }
        assertThat(cps.entries()).filteredOn(e -> e.position().globalRound() == 3)
                .extracting(Checkpoints.Entry::validationAccuracy).containsExactly(0.70);
        assertThat(cps.latestGood().orElseThrow().position().globalRound()).isEqualTo(7);
    }

    @Test
    void aSidecarWrittenBeforeValidationAccuraciesIsStillRead() throws Exception {
        RunFolder folder = RunFolder.open(new Configuration(), tmp.toString(), "old", false);
        Checkpoints cps = new Checkpoints(folder);
        cps.save(tinyNet(), new TrainingPosition(0, 1, 1, 5));
        String json = folder.readString("checkpoints/ckpt-00000001.json");
        folder.writeAtomically("checkpoints/ckpt-00000001.json", json.replace(",\"validationAccuracy\":null", ""));
        assertThat(folder.readString("checkpoints/ckpt-00000001.json")).doesNotContain("validationAccuracy");
        assertThat(cps.latestGood().orElseThrow().position().globalRound()).isEqualTo(1);
    }
}
