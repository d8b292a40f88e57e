package critdamp.spark.cli;

import critdamp.run.RunFiles;
import critdamp.spark.testing.LocalClusterHome;
import critdamp.spark.testing.StandaloneCluster;
import critdamp.spark.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code critdamp train --resume} of one run folder at the same time, as separate driver JVMs of the real command
 * line: exactly one resumes the run, the other refuses with one line naming the holder and writes nothing. The run
 * they resume was left by a driver killed with SIGKILL mid-training, so its lease is taken over, with a warning.
 * Afterwards the folder holds the finished run, one resume record and no lease.
 */
class ConcurrentResumeTest {
    private static final int EPOCHS = 6;

    @TempDir
    Path tmp;

    @Test
    void ofTwoResumesOfOneFolderAtOnceExactlyOneRunsAndTheOtherRefusesInOneLine() throws Exception {
        Path config = TinyRun.write(tmp, tmp.resolve("runs").toString());
        Path run = tmp.resolve("runs/tiny");
        String[] train = TinyRun.train(config, "training.epochs=" + EPOCHS);

        Process killed = start(train, "killed");
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (checkpoints(run) == 0 && killed.isAlive()) {
                assertThat(System.nanoTime()).as("a first checkpoint in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(killed.isAlive()).as("killed while training").isTrue();
        } finally {
            killed.destroyForcibly().waitFor();
        }
        assertThat(run.resolve(RunFiles.LEASE)).as("a killed driver leaves its lease").exists();

        String[] resume = Stream.concat(Arrays.stream(train), Stream.of("--resume")).toArray(String[]::new);
        Process a = start(resume, "a");
        Process b = start(resume, "b");
        List<Process> both = List.of(a, b);
        int codeA;
        int codeB;
        try {
            assertThat(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES)).as("both ended").isTrue();
            codeA = a.exitValue();
            codeB = b.exitValue();
        } finally {
            both.forEach(Process::destroyForcibly);
        }
        String logA = log("a");
        String logB = log("b");
        System.out.printf("concurrent resumes: exit codes %d and %d%n", codeA, codeB);
        assertThat(List.of(codeA, codeB)).as("%s%n----%n%s", logA, logB).containsExactlyInAnyOrder(0, ErrorHandler.BUSY);
        boolean aRan = codeA == 0;
        Process winner = aRan ? a : b;
        String ran = aRan ? logA : logB;
        String refused = aRan ? logB : logA;

        List<String> refusal = refused.lines().filter(l -> l.startsWith("critdamp ")).toList();
        System.out.println("the refused one's console line: " + refusal);
        assertThat(refusal).singleElement().asString()
                .startsWith("critdamp train: run folder file:" + run + " is in use by another run: pid "
                        + winner.pid() + " on host ")
                .contains("--resume", "wait for that run to end or stop it");
        assertThat(refused).doesNotContain("\tat ", "resuming from", "RESULT");
        assertThat(ran).contains("took over the lease of run folder", "its process has ended")
                .contains("RESULT", "after " + EPOCHS + " epochs");

        try (Stream<Path> files = Files.list(run)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            System.out.println("left in the run folder: " + names);
            assertThat(names).filteredOn(n -> n.startsWith("run-resumed-")).as("one resume recorded").hasSize(1);
            assertThat(names).noneMatch(n -> n.startsWith(RunFiles.LEASE));
        }
        assertThat(Files.readAllLines(run.resolve(RunFiles.EPOCHS_JSONL))).hasSize(EPOCHS);
    }

    private static long checkpoints(Path run) throws IOException {
        Path dir = run.resolve(RunFiles.CHECKPOINTS_DIR);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.json")).count();
        }
    }

    /** {@code critdamp <args>} as a driver JVM of its own; its console goes to {@code <name>.log}. */
    private Process start(String[] args, String name) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(StandaloneCluster.OPENS);
        cmd.addAll(Arrays.asList(LocalClusterHome.executorJavaOptions().split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CritdampMain.class.getName()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private String log(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".log"));
    }
}
