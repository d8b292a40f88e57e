package critdamp.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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
 * Runs started at the same moment with the same name get distinct folders: the claim (the folder's lease) is one
 * exclusive create, not a check followed by a create (which both runs can pass, as two {@code train} runs did, sharing
 * one folder).
 */
class RunFolderClaimTest {
    @TempDir
    java.nio.file.Path tmp;

    /** Runs {@code tasks} on as many threads, released together by a barrier. */
    private static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CyclicBarrier start = new CyclicBarrier(tasks.size());
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return t.call();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoRunsClaimingOneNameAtOnceGetDistinctFolders() throws Exception {
        Configuration conf = new Configuration();
        for (int attempt = 0; attempt < 30; attempt++) {
            String name = "same" + attempt;
            List<RunFolder> folders = atOnce(List.of(
                    () -> RunFolder.open(conf, tmp.toString(), name, false),
                    () -> RunFolder.open(conf, tmp.toString(), name, false)));
            assertThat(folders).extracting(f -> f.root().getName()).as("attempt %d", attempt)
                    .containsExactlyInAnyOrder(name, name + "-2");
            for (RunFolder f : folders) {
                assertThat(f.claimedHere()).isTrue();
                assertThat(f.readString(RunFiles.LEASE)).contains("\"pid\":" + ProcessHandle.current().pid());
                f.close();
            }
        }
    }

    @Test
    void ofManyExclusiveCreatesOfOneFileExactlyOneSucceeds() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        for (int attempt = 0; attempt < 50; attempt++) {
            Path marker = new Path(tmp.resolve("m" + attempt).toUri());
            fs.mkdirs(marker.getParent());
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] content = ("claimant " + i).getBytes();
                tasks.add(() -> ExclusiveCreate.create(fs, marker, content));
            }
            assertThat(atOnce(tasks)).as("attempt %d", attempt).containsOnlyOnce(true);
        }
    }

    @Test
    void aFolderHoldingAnythingIsNeverClaimedButAnEmptyOneIs() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Files.createDirectories(tmp.resolve("old"));
        Files.writeString(tmp.resolve("old/rounds.jsonl"), "{}\n"); // an earlier run without a claim marker
        Configuration conf = new Configuration();
        assertThat(RunFolder.open(conf, tmp.toString(), "empty", false).root().getName()).isEqualTo("empty");
        assertThat(RunFolder.open(conf, tmp.toString(), "old", false).root().getName()).isEqualTo("old-2");
        assertThat(tmp.resolve("old/rounds.jsonl")).hasContent("{}");
    }

    @Test
    void onlyAFolderClaimedAndStillHeldHereCanBeDeleted() {
        Configuration conf = new Configuration();
        RunFolder fresh = RunFolder.open(conf, tmp.toString(), "r", false);
        fresh.writeAtomically(RunFiles.RUN_JSON, "{}");
        fresh.close();
        assertThatThrownBy(fresh::deleteClaimed).as("released").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never deleted");
        RunFolder resumed = RunFolder.open(conf, tmp.toString(), "r", true);
        assertThat(resumed.claimedHere()).isFalse();
        assertThatThrownBy(resumed::deleteClaimed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never deleted");
        resumed.close();
        assertThat(tmp.resolve("r/run.json")).exists();
        RunFolder other = RunFolder.open(conf, tmp.toString(), "s", false);
        other.deleteClaimed();
        assertThat(tmp.resolve("s")).doesNotExist();
    }
}
