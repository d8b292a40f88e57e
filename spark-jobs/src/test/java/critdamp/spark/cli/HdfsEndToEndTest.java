package critdamp.spark.cli;

import critdamp.base.Json;
import static org.assertj.core.api.Assertions.assertThat;

import critdamp.config.SweepConfig;
import critdamp.data.SyntheticCifar10;
import critdamp.retrain.ArmKind;
import critdamp.retrain.ArmResult;
import critdamp.retrain.RetrainingReport;
import critdamp.run.EpochRecord;
import critdamp.spark.testing.OwnSparkContext;
import critdamp.sweep.SweepGrid;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The application against a real HDFS (Hadoop's {@link MiniDFSCluster}, one NameNode and one DataNode in this JVM):
 * the CIFAR-format data, the config and the run folder all live on HDFS, and train -> attribute -> retrain run
 * through the command-line entry point with {@code -c hdfs://...} and {@code --run hdfs://...}, Spark in local mode.
 * Also: a sweep file on HDFS finds its relative base beside it, and a missing {@code hdfs://} config is exit code 2
 * with one line naming the URI. Each stage's time is printed. Its own contexts: the commands start them on the
 * masters they are given (attribute and retrain stop theirs).
 */
@ExtendWith(OwnSparkContext.class)
class HdfsEndToEndTest {
    @TempDir
    static java.nio.file.Path tmp;
    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;
    private static String root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeAll
    static void startHdfs() throws IOException {
        long t0 = System.nanoTime();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = "hdfs://localhost:" + cluster.getNameNodePort();
        java.nio.file.Path local = SyntheticCifar10.write(tmp.resolve("cifar"), 240, 200, 7L);
        hdfs.copyFromLocalFile(new Path(local.toUri()), new Path(root + "/data/cifar"));
        System.out.printf(Locale.ROOT, "HDFS test: MiniDFSCluster up at %s with the data in %.1f s%n", root,
                (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopHdfs() throws IOException {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(new Tee(out, stdout), true));
        System.setErr(new PrintStream(new Tee(err, stderr), true));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void trainAttributeRetrainWithEverythingOnHdfs() throws IOException {
        String config = root + "/conf/hdfs-e2e.yaml";
        write(config, String.join("\n",
                "run: {name: hdfs-e2e, resultsDir: '" + root + "/runs', seed: 5}",
                "data: {dir: '" + root + "/data/cifar', augment: false, validationFraction: 0.1}",
                "model: {kind: small_cnn}",
                "optimizer: {kind: heavy_ball, weightDecay: 0.0005}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {epochs: 2, batchSize: 32, checkpointEveryRounds: 4, logEveryRounds: 100}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 3}",
                "attribution: {selection: {kind: top_k, k: 2}}",
                "retraining: {epochs: 1, baseLr: 0.01, randomArms: 1, replicate: false}", ""));
        String run = root + "/runs/hdfs-e2e";

        long t0 = System.nanoTime();
        assertThat(CritdampMain.execute("train", "-c", config)).as(err.toString()).isZero();
        long t1 = System.nanoTime();
        assertThat(out.toString()).contains("run folder: " + run);
        for (String f : List.of("config.json", "run.json", "epochs.jsonl", "rounds.jsonl", "summary.json")) {
            assertThat(hdfs.isFile(new Path(run, f))).as(f).isTrue();
        }
        assertThat(hdfs.listStatus(new Path(run, "checkpoints"))).as("checkpoints").isNotEmpty();
        List<EpochRecord> epochs = epochs(run + "/epochs.jsonl");
        assertThat(epochs).hasSize(2);
        // synthetic CIFAR: chance is 10%; the small CNN gets far past it in ~34 steps
        assertThat(epochs.get(1).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(epochs.get(1).testAccuracy()).isGreaterThan(0.3);

        assertThat(CritdampMain.execute("attribute", "--run", run, "--master", "local[1]")).as(err.toString())
                .isZero();
        long t2 = System.nanoTime();
        for (String f : List.of("attribution.json", "selection.json", "attribution.png")) {
            assertThat(hdfs.isFile(new Path(run, f))).as(f).isTrue();
        }

        assertThat(CritdampMain.execute("retrain", "--run", run)).as(err.toString()).isZero();
        long t3 = System.nanoTime();
        for (String f : List.of("retraining.json", "retrain-targeted/epochs.jsonl", "retrain-all-layers/epochs.jsonl",
                "retrain-random-layers-1/epochs.jsonl")) {
            assertThat(hdfs.isFile(new Path(run, f))).as(f).isTrue();
        }
        RetrainingReport report = RetrainingReport.fromJson(read(run + "/retraining.json"));
        assertThat(report.arms()).extracting(ArmResult::arm)
                .containsExactly(ArmKind.TARGETED, ArmKind.ALL_LAYERS, ArmKind.RANDOM_LAYERS);
        assertThat(report.arm(ArmKind.TARGETED).groups()).hasSize(2);
        stdout.printf(Locale.ROOT, "HDFS test: train %.1f s (test accuracy %.3f -> %.3f), attribute %.1f s, "
                        + "retrain %.1f s, total %.1f s%n", (t1 - t0) / 1e9, epochs.get(0).testAccuracy(),
                epochs.get(1).testAccuracy(), (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t3 - t0) / 1e9);
    }

    @Test
    void aMissingHdfsConfigIsExitTwoAndOneLineNamingTheUri() {
        String missing = root + "/conf/no-such.yaml";
        assertThat(CritdampMain.execute("train", "-c", missing)).isEqualTo(ErrorHandler.USAGE);
        assertThat(err.toString().strip()).isEqualTo("critdamp: config error: config file not found: " + missing);
        err.reset();
        assertThat(CritdampMain.execute("sweep", "-c", missing)).isEqualTo(ErrorHandler.USAGE);
        assertThat(err.toString().strip()).isEqualTo("critdamp: config error: sweep file not found: " + missing);
    }

    @Test
    void aSweepOnHdfsFindsItsBaseBesideIt() throws IOException {
        write(root + "/sweeps/base.yaml", "learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n");
        write(root + "/sweeps/sweep.yaml", "name: s\nbase: base.yaml\ngrid: {momentum.kind: [physics, constant]}\n");
        SweepConfig sweep = SweepConfig.load(root + "/sweeps/sweep.yaml", List.of());
        assertThat(sweep.base()).isEqualTo(root + "/sweeps/base.yaml");
        assertThat(SweepGrid.expand(sweep)).hasSize(2);
        assertThat(CritdampMain.execute("sweep", "-c", root + "/sweeps/sweep.yaml", "--dry-run")).isZero();
        assertThat(out.toString()).contains("2 points (base " + root + "/sweeps/base.yaml)");
    }

    private static void write(String uri, String text) throws IOException {
        try (FSDataOutputStream o = hdfs.create(new Path(uri), true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(String uri) throws IOException {
        try (InputStream in = hdfs.open(new Path(uri))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<EpochRecord> epochs(String uri) throws IOException {
        List<EpochRecord> records = new ArrayList<>();
        for (String line : read(uri).split("\n")) {
            if (!line.isBlank()) {
                records.add(Json.mapper().readValue(line, EpochRecord.class));
            }
        }
        return records;
    }

    /** Writes to the captured buffer and on to the console, so a failing run can still be read in the build log. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
