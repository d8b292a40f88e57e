package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import org.apache.hadoop.fs.FsErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.junit.jupiter.api.Test;

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
}
