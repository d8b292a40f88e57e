package critdamp.spark.sweep;

import critdamp.spark.cli.SweepCommand;
import critdamp.data.SyntheticCifar10;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

class ManualSweepRun {
    @Test
    void run() throws Exception {
        Path root = Path.of("/tmp/wts-manual");
        Path data = root.resolve("cifar");
        if (!Files.exists(data)) SyntheticCifar10.write(data, 96, 100, 11L);
        Path base = root.resolve("base.yaml");
        Files.writeString(base, String.join("\n",
                "run: {name: base, resultsDir: '" + root + "/unused', seed: 5}",
                "data: {dir: '" + data + "', augment: false, validationFraction: 0.1, maxTestRecords: 100}",
                "learningRate: {kind: cosine, baseLr: 0.05}", "momentum: {kind: physics}",
                "training: {epochs: 4, batchSize: 32, targetAccuracies: [0.3, 0.5, 0.7, 0.9]}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 2}", ""));
        Path sweep = root.resolve("sweep.yaml");
        Files.writeString(sweep, "name: demo\nbase: " + base + "\nresultsDir: " + root + "/sweeps\ngrid:\n"
                + "  momentum.kind: [constant, physics, hybrid]\n  run.seed: [1, 2]\n");
        int rc = new CommandLine(new SweepCommand()).execute("-c", sweep.toString());
        System.out.println("rc " + rc);
    }
}
