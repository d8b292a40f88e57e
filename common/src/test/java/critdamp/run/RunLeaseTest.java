package critdamp.run;

import critdamp.base.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
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
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * One writer per run folder, on the local file system: of concurrent resumes of one folder exactly one opens it and
 * the others refuse in one line naming the holder; a live lease is never taken over, a stale one (or one whose process
 * has ended on this machine) is, with a warning, and of several takers of one stale lease exactly one wins; a held
 * lease is refreshed, released on close, and a holder that lost it writes nothing more. The same on HDFS:
 * {@code RunLeaseHdfsTest} in spark-jobs.
 */
class RunLeaseTest {
    private static final String COMMAND = "critdamp.spark.cli.CritdampMain train -c conf/x.yaml --resume";

    @TempDir
    Path tmp;
    private final Configuration conf = new Configuration();

    @AfterEach
    void defaultTiming() {
        System.clearProperty(LeaseTiming.HEARTBEAT_PROPERTY);
        System.clearProperty(LeaseTiming.STALE_PROPERTY);
    }

    @Test
    void ofConcurrentResumesOfOneFolderExactlyOneOpensItAndTheOthersRefuseInOneLine() throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            String name = "r" + attempt;
            aRun(name);
            List<Object> outcomes = atOnce(4, () -> RunFolder.open(conf, tmp.toString(), name, true));
            assertThat(outcomes).as("attempt %d", attempt).filteredOn(RunFolder.class::isInstance).hasSize(1);
            for (Object o : outcomes) {
                if (o instanceof RunFolderBusyException busy) {
                    assertOneLineNamingThisProcess(busy.getMessage(), tmp.resolve(name));
                } else {
                    ((RunFolder) o).close();
                }
            }
            assertThat(tmp.resolve(name + "/" + RunFiles.LEASE)).as("released").doesNotExist();
        }
    }

    @Test
    void aLiveLeaseOfAnotherHostIsNotTakenOver() throws Exception {
        aRun("r");
        Path lease = foreignLease("r", Instant.now());
        byte[] before = Files.readAllBytes(lease);
        assertThatThrownBy(() -> RunFolder.open(conf, tmp.toString(), "r", true))
                .isInstanceOf(RunFolderBusyException.class)
                .hasMessageContaining("is in use by another run: pid 4242 on host node-7")
                .hasMessageContaining(COMMAND)
                .hasMessageNotContaining("\n");
        assertThat(Files.readAllBytes(lease)).isEqualTo(before);
    }

    @Test
    void aStaleLeaseIsTakenOverWithOneWarning() throws Exception {
        aRun("r");
        foreignLease("r", Instant.now().minusSeconds(120));
        String warning;
        try (StderrCapture err = new StderrCapture(); RunFolder f = RunFolder.open(conf, tmp.toString(), "r", true)) {
            warning = err.text();
            assertThat(holder("r").token()).isEqualTo(f.lease().holder().token());
            assertThat(holder("r").pid()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(warning).contains("took over the lease of run folder").contains("pid 4242 on host node-7")
                .contains("not refreshed for 120 s (limit 60 s)");
        assertThat(warning.lines().filter(l -> l.contains("took over"))).hasSize(1);
        assertThat(leaseFiles("r")).as("the lease and the takeover marker are gone once released").isEmpty();
    }

    @Test
    void ofTakersOfOneStaleLeaseExactlyOneWins() throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            String name = "s" + attempt;
            aRun(name);
            foreignLease(name, Instant.now().minusSeconds(300));
            List<Object> outcomes = atOnce(4, () -> RunFolder.open(conf, tmp.toString(), name, true));
            assertThat(outcomes).as("attempt %d", attempt).filteredOn(RunFolder.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(RunFolderBusyException.class::isInstance).hasSize(3);
            outcomes.stream().filter(RunFolder.class::isInstance).forEach(o -> ((RunFolder) o).close());
        }
    }

    @Test
    void aLeaseWhoseProcessEndedOnThisMachineIsTakenOverAtOnceAndALiveOnesIsNot() throws Exception {
        LeaseHolder here = LeaseHolder.thisProcess();
        assumeThat(here.processSpace()).as("process namespaces are readable (Linux)").isNotNull();
        aRun("r");
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            String started = sleeper.info().startInstant().orElseThrow().toString();
            writeLease("r", new LeaseHolder(here.host(), sleeper.pid(), started, here.processSpace(),
                    Instant.now().toString(), COMMAND, "t-sleeper"), Instant.now());
            assertThatThrownBy(() -> RunFolder.open(conf, tmp.toString(), "r", true))
                    .as("its process runs").isInstanceOf(RunFolderBusyException.class)
                    .hasMessageContaining("pid " + sleeper.pid());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        try (StderrCapture err = new StderrCapture(); RunFolder f = RunFolder.open(conf, tmp.toString(), "r", true)) {
            assertThat(err.text()).contains("took over").contains("its process has ended");
            assertThat(holder("r").pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aHeldLeaseIsRefreshedSoItNeverGoesStaleWhileItsRunLives() throws Exception {
        System.setProperty(LeaseTiming.HEARTBEAT_PROPERTY, "0.2");
        System.setProperty(LeaseTiming.STALE_PROPERTY, "2");
        aRun("r");
        try (RunFolder f = RunFolder.open(conf, tmp.toString(), "r", true)) {
            Thread.sleep(3000); // longer than the staleness limit
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(leasePath("r")).toMillis();
            assertThat(age).as("refreshed since it was taken").isLessThan(1500);
            assertThatThrownBy(() -> RunFolder.open(conf, tmp.toString(), "r", true))
                    .isInstanceOf(RunFolderBusyException.class);
            f.writeAtomically("notes.txt", "still the writer");
        }
        assertThat(leasePath("r")).doesNotExist();
    }

    @Test
    void aRunWhoseLeaseWasTakenOverWritesNothingMoreAndLeavesTheNewLeaseAlone() throws Exception {
        fastTiming();
        aRun("r");
        RunFolder f = RunFolder.open(conf, tmp.toString(), "r", true);
        Path taker = foreignLease("taker", Instant.now()); // what a taker writes after judging this run's lease stale
        Path lease = Files.move(taker, leasePath("r"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.currentTimeMillis() + 5000;
        while (f.lease().held() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThatThrownBy(() -> f.writeAtomically("epochs.jsonl", "{}\n"))
                .isInstanceOf(RunFolderWriteException.class)
                .hasMessageContaining("no longer holds the lease").hasMessageContaining("pid 4242 on host node-7");
        f.close();
        assertThat(lease).exists();
        assertThat(tmp.resolve("r/epochs.jsonl")).doesNotExist();
    }

    @Test
    void aNewRunsClaimIsItsLeaseAndADeletedClaimStopsRefreshing() {
        RunFolder f = RunFolder.open(conf, tmp.toString(), "n", false);
        assertThat(LeaseHolder.parse(f.readString(RunFiles.LEASE).getBytes(StandardCharsets.UTF_8)))
                .hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid()));
        f.deleteClaimed();
        assertThat(tmp.resolve("n")).doesNotExist();
        f.close();
        assertThat(LeaseHeartbeat.held()).noneMatch(l -> l.toString().contains(tmp.resolve("n").toString()));
    }

    @Test
    void theTimingComesFromSystemPropertiesAndIsChecked() {
        assertThat(LeaseTiming.current()).isEqualTo(LeaseTiming.DEFAULT);
        System.setProperty(LeaseTiming.HEARTBEAT_PROPERTY, "0.5");
        System.setProperty(LeaseTiming.STALE_PROPERTY, "2");
        assertThat(LeaseTiming.current().heartbeat().toMillis()).isEqualTo(500);
        System.setProperty(LeaseTiming.STALE_PROPERTY, "1");
        assertThatThrownBy(LeaseTiming::current).isInstanceOf(ConfigException.class)
                .hasMessage("critdamp.lease.staleSeconds = 1: must be at least 3 x critdamp.lease.heartbeatSeconds "
                        + "(0.5)");
        System.setProperty(LeaseTiming.HEARTBEAT_PROPERTY, "ten");
        assertThatThrownBy(LeaseTiming::current).isInstanceOf(ConfigException.class)
                .hasMessage("critdamp.lease.heartbeatSeconds = ten: must be a number of seconds in (0, 86400]");
    }

    // --- helpers

    /** A folder holding a run (its run.json), its lease released, as a run that ended leaves it. */
    private void aRun(String name) {
        try (RunFolder f = RunFolder.open(conf, tmp.toString(), name, false)) {
            f.writeAtomically(RunFiles.RUN_JSON, "{}");
        }
    }

    private static void fastTiming() {
        System.setProperty(LeaseTiming.HEARTBEAT_PROPERTY, "0.1");
        System.setProperty(LeaseTiming.STALE_PROPERTY, "0.5");
    }

    /** A lease of another machine's process on {@code name}, last refreshed at {@code refreshed}. */
    private Path foreignLease(String name, Instant refreshed) throws Exception {
        return writeLease(name, new LeaseHolder("node-7", 4242, "2026-12-07T09:59:58Z", "boot-elsewhere/pid:[1]",
                "2026-12-07T10:00:00Z", COMMAND, "t-" + name), refreshed);
    }

    private Path writeLease(String name, LeaseHolder holder, Instant refreshed) throws Exception {
        Path lease = leasePath(name);
        Files.createDirectories(lease.getParent());
        Files.write(lease, holder.toBytes());
        Files.setLastModifiedTime(lease, FileTime.from(refreshed));
        return lease;
    }

    private Path leasePath(String name) {
        return tmp.resolve(name + "/" + RunFiles.LEASE);
    }

    private LeaseHolder holder(String name) throws Exception {
        return LeaseHolder.parse(Files.readAllBytes(leasePath(name))).orElseThrow();
    }

    private List<String> leaseFiles(String name) throws Exception {
        try (var files = Files.list(tmp.resolve(name))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(RunFiles.LEASE)).toList();
        }
    }

    private static void assertOneLineNamingThisProcess(String message, Path folder) {
        assertThat(message).doesNotContain("\n")
                .contains("run folder file:" + folder + " is in use by another run: pid "
                        + ProcessHandle.current().pid() + " on host ")
                .contains("wait for that run to end or stop it");
    }

    /** Runs {@code n} copies of {@code task} on as many threads, released together: each one's result or exception. */
    static List<Object> atOnce(int n, Callable<?> task) throws Exception {
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

    /** What is written to {@code System.err} (where the tests' logger writes) until closed. */
    private static final class StderrCapture implements AutoCloseable {
        private final PrintStream saved = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StderrCapture() {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(saved);
        }
    }
}
