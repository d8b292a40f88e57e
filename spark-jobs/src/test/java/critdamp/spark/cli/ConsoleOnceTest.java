package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import critdamp.spark.testing.SharedSpark;
import critdamp.spark.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a tiny {@code critdamp train} shows on the terminal (stdout, stderr and the log): every line once, the
 * target crossings and the RESULT line once, the report named once; and a resumed run does not announce again the
 * targets its earlier epochs reached, nor move them to a later epoch. The command trains on the shared context
 * ({@link SharedSpark}: its {@code getOrCreate} gets the running one).
 */
@ExtendWith(SharedSpark.class)
class ConsoleOnceTest {
    @TempDir
    static Path tmp;

    private static ConsoleCapture run(String... args) {
        ConsoleCapture console = new ConsoleCapture();
        try (console) {
            assertThat(CritdampMain.execute(args)).as("exit code").isZero();
        }
        return console;
    }

    private static long count(List<String> lines, String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).count();
    }

    @Test
    void everyLineOnceAndAResumeDoesNotAnnounceReachedTargetsAgain() {
        Path config = TinyRun.write(tmp, tmp.resolve("runs").toString());
        ConsoleCapture first = run(TinyRun.train(config));
        List<String> all = first.all();
        assertThat(count(all, "reached test accuracy 0.01 at epoch 1")).isEqualTo(1);
        assertThat(count(all, "reached test accuracy 0.02 at epoch 1")).isEqualTo(1);
        assertThat(count(all, "RESULT")).isEqualTo(1);
        assertThat(count(all, "report.html")).as("the report is named once").isEqualTo(1);
        List<String> ours = Stream.concat(first.out().stream(), first.err().stream()
                        .filter(l -> !l.isBlank()))
                .collect(Collectors.toList());
        ours.addAll(first.logged().stream().filter(l -> l.startsWith("critdamp")).toList());
        Map<String, Long> repeated = ours.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        repeated.values().removeIf(n -> n == 1);
        assertThat(repeated).as("lines shown more than once").isEmpty();

        ConsoleCapture resumed = run(Stream.concat(Stream.of(TinyRun.train(config)),
                Stream.of("--resume", "--extend-epochs", "1")).toArray(String[]::new));
        assertThat(resumed.out()).anyMatch(l -> l.startsWith("epoch 2/2"))
                .noneMatch(l -> l.contains("reached test accuracy"));
        assertThat(resumed.out()).filteredOn(l -> l.startsWith("RESULT")).singleElement().asString()
                .contains("after 2 epochs").contains("1%@epoch 1").contains("2%@epoch 1");
    }
}
