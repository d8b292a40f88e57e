package critdamp.run;

import critdamp.spark.testing.ConsoleCapture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One writer per run folder on a real HDFS (Hadoop's {@link MiniDFSCluster} in this JVM), where the exclusive create
 * is the NameNode's {@code create(path, false)}: of concurrent resumes of one folder exactly one opens it and the
 * others refuse in one line naming the holder; a live lease is not taken over, a stale one is, with a warning, and of
 * several takers of one stale lease exactly one wins; a held lease is refreshed and released. Every open uses its own
 * HDFS client (the file system cache is off), as separate driver processes would. The local-disk twin is
 * {@code RunLeaseTest} in common.
 */
class RunLeaseHdfsTest {
    private static final String COMMAND = "critdamp.spark.cli.CritdampMain train -c hdfs:///conf/x.yaml --resume";
    @TempDir
    static java.nio.file.Path tmp;
    private static MiniDFSCluster cluster;
    private static String root;
    /** A client configuration that gives every {@code getFileSystem} call its own HDFS client. */
    private static Configuration conf;
    private static FileSystem hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration clusterConf = new Configuration();
        clusterConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        cluster = new MiniDFSCluster.Builder(clusterConf).numDataNodes(1).build();
        cluster.waitActive();
        root = "hdfs://localhost:" + cluster.getNameNodePort() + "/runs";
        conf = new Configuration();
        conf.setBoolean("fs.hdfs.impl.disable.cache", true);
        hdfs = cluster.getFileSystem();
    }

    @AfterAll
    static void stopHdfs() {
        LeaseHeartbeat.held().stream().filter(l -> l.toString().startsWith(root)).forEach(RunLease::close);
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @AfterEach
    void defaultTiming() {
        System.clearProperty(LeaseTiming.HEARTBEAT_PROPERTY);
        System.clearProperty(LeaseTiming.STALE_PROPERTY);
    }

    @Test
    void ofConcurrentResumesOfOneFolderExactlyOneOpensItAndTheOthersRefuseInOneLine() throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            String name = "r" + attempt;
            aRun(name);
            List<Object> outcomes = atOnce(3, () -> RunFolder.open(conf, root, name, true));
            assertThat(outcomes).as("attempt %d: %s", attempt, outcomes).filteredOn(RunFolder.class::isInstance)
                    .hasSize(1);
            for (Object o : outcomes) {
                if (o instanceof RunFolderBusyException busy) {
                    assertThat(busy.getMessage()).doesNotContain("\n")
                            .contains("run folder " + root + "/" + name + " is in use by another run: pid "
                                    + ProcessHandle.current().pid() + " on host ");
                } else {
                    ((RunFolder) o).close();
                }
            }
            assertThat(hdfs.exists(lease(name))).as("released").isFalse();
        }
    }

    @Test
    void aLiveLeaseIsNotTakenOver() throws Exception {
        aRun("live");
        foreignLease("live", Instant.now());
        assertThatThrownBy(() -> RunFolder.open(conf, root, "live", true))
                .isInstanceOf(RunFolderBusyException.class)
                .hasMessageContaining("is in use by another run: pid 4242 on host node-7")
                .hasMessageContaining(COMMAND);
        assertThat(holder("live").token()).isEqualTo("t-live");
    }

    @Test
    void aStaleLeaseIsTakenOverWithOneWarning() throws Exception {
        aRun("stale");
        foreignLease("stale", Instant.now().minusSeconds(120));
        try (ConsoleCapture console = new ConsoleCapture();
             RunFolder f = RunFolder.open(conf, root, "stale", true)) {
            assertThat(holder("stale").token()).isEqualTo(f.lease().holder().token());
            assertThat(console.logged()).filteredOn(l -> l.contains("took over the lease")).singleElement()
                    .asString().contains("pid 4242 on host node-7").contains("not refreshed for 120 s");
        }
        assertThat(hdfs.listStatus(new Path(root, "stale"), p -> p.getName().startsWith(RunFiles.LEASE)))
                .as("lease and takeover marker released").isEmpty();
    }

    @Test
    void ofTakersOfOneStaleLeaseExactlyOneWins() throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            String name = "s" + attempt;
            aRun(name);
            foreignLease(name, Instant.now().minusSeconds(300));
            List<Object> outcomes = atOnce(3, () -> RunFolder.open(conf, root, name, true));
            assertThat(outcomes).as("attempt %d: %s", attempt, outcomes).filteredOn(RunFolder.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes).filteredOn(RunFolderBusyException.class::isInstance).hasSize(2);
            outcomes.stream().filter(RunFolder.class::isInstance).forEach(o -> ((RunFolder) o).close());
        }
    }

    @Test
    void aHeldLeaseIsRefreshedAndReleased() throws Exception {
        System.setProperty(LeaseTiming.HEARTBEAT_PROPERTY, "0.2");
        System.setProperty(LeaseTiming.STALE_PROPERTY, "2");
        aRun("held");
        try (RunFolder f = RunFolder.open(conf, root, "held", true)) {
            Thread.sleep(3000); // longer than the staleness limit
            long age = System.currentTimeMillis() - hdfs.getFileStatus(lease("held")).getModificationTime();
            assertThat(age).as("refreshed since it was taken").isLessThan(1500);
            assertThatThrownBy(() -> RunFolder.open(conf, root, "held", true))
                    .isInstanceOf(RunFolderBusyException.class);
            f.writeAtomically("notes.txt", "still the writer");
        }
        assertThat(hdfs.exists(lease("held"))).isFalse();
    }

    /** A folder holding a run (its run.json), its lease released, as a run that ended leaves it. */
    private static void aRun(String name) {
        try (RunFolder f = RunFolder.open(conf, root, name, false)) {
            f.writeAtomically(RunFiles.RUN_JSON, "{}");
        }
    }

    private static Path lease(String name) {
        return new Path(root + "/" + name + "/" + RunFiles.LEASE);
    }

    /** A lease of another machine's process, last refreshed at {@code refreshed}. */
    private static void foreignLease(String name, Instant refreshed) throws IOException {
        LeaseHolder h = new LeaseHolder("node-7", 4242, "2026-12-07T09:59:58Z", "boot-elsewhere/pid:[1]",
                "2026-12-07T10:00:00Z", COMMAND, "t-" + name);
        try (FSDataOutputStream out = hdfs.create(lease(name), true)) {
            out.write(h.toBytes());
        }
        hdfs.setTimes(lease(name), refreshed.toEpochMilli(), -1);
    }

    private static LeaseHolder holder(String name) throws IOException {
        try (var in = hdfs.open(lease(name))) {
            return LeaseHolder.parse(in.readAllBytes()).orElseThrow();
        }
    }

    /** Runs {@code n} copies of {@code task} on as many threads, released together: each one's result or exception. */
    private static List<Object> atOnce(int n, Callable<?> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
