package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import org.apache.hadoop.fs.FsErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import critdamp.spark.train.RunStopFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.Callable;

/**
 * Hadoop reports a failed local write as {@code FSError}, an Error that picocli does not hand to an exception handler:
 * without {@link ErrorHandler#catchingFileSystemErrors} it escapes as "Exception in thread main" with a trace.
 */
class ErrorHandlerTest {
    @Command(name = "write")
    static final class FailingWrite implements Callable<Integer> {
        @Override
        public Integer call() {
            throw FsErrors.noSpaceLeft();
        }
    }

    @Test
    void anFsErrorFromAnyCodeIsOneLineAndExitCode1() {
        ConsoleCapture console = new ConsoleCapture();
        int code;
        try (console) {
            code = new CommandLine(new FailingWrite())
                    .setExecutionStrategy(ErrorHandler.catchingFileSystemErrors(new CommandLine.RunLast()))
                    .setExecutionExceptionHandler(new ErrorHandler()).execute();
        }
        assertThat(code).isEqualTo(1);
        assertThat(console.err()).containsExactly("critdamp write: file system error: No space left on device");
    }

    @Command(name = "train")
    static final class CancelledTraining implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("Job 64 cancelled because SparkContext was shut down");
        }
    }

    /** What the Spark job's failure becomes once the process is stopping (the real signal: StopSignalTest). */
    @ParameterizedTest
    @CsvSource({"TERM, SIGTERM, 143", "INT, SIGINT, 130"})
    void aFailureWhileStoppingIsTheStopLineAndTheSignalsExitCode(String signal, String name, int exitCode) {
        ConsoleCapture console = new ConsoleCapture();
        int code;
        try (console) {
            RunStopFixture.simulate(signal);
            code = new CommandLine(new CancelledTraining()).setExecutionExceptionHandler(new ErrorHandler()).execute();
        } finally {
            RunStopFixture.simulate(null);
        }
        assertThat(code).isEqualTo(exitCode);
        assertThat(console.err()).containsExactly("critdamp train: stopped by " + name);
        assertThat(console.out()).isEmpty();
    }

    /** The message of a failed Spark job as Spark 3.5 builds it: the task's trace is part of the text. */
    @Test
    void aSparkJobFailureKeepsTheReasonAndDropsTheEmbeddedStackTrace() {
        String spark = "Job aborted due to stage failure: Task 1 in stage 2.0 failed 1 times, most recent failure: "
                + "Lost task 1.0 in stage 2.0 (TID 5) (10.0.0.7 executor driver): java.lang.IllegalStateException: "
                + "mask shape [1, 1] does not match\n"
                + "\tat critdamp.attribution.GradientProbe.accumulate(GradientProbe.java:88)\n"
                + "\tat org.apache.spark.rdd.RDD.iterator(RDD.scala:329)\n"
                + "\nDriver stacktrace:";
        RuntimeException ex = new RuntimeException(spark,
                new IllegalStateException("mask shape [1, 1] does not match"));

        String line = ErrorHandler.describe(ex);

        assertThat(line).endsWith("java.lang.IllegalStateException: mask shape [1, 1] does not match")
                .doesNotContain("\tat ", "Driver stacktrace", "caused by");
    }

    @Test
    void aMessageWithoutFramesIsKeptWhole() {
        assertThat(ErrorHandler.withoutStackTrace("need 3 seeds\n  at least 2 are missing"))
                .isEqualTo("need 3 seeds\n  at least 2 are missing");
        assertThat(ErrorHandler.withoutStackTrace("  ")).isEmpty();
    }
}
