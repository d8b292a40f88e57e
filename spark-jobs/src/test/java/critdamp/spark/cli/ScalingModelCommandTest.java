package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.base.Json;
import critdamp.scaling.ScalingRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code critdamp scaling-model}: a study's rows in, the fitted model and its predictions out. */
class ScalingModelCommandTest {
    /** A row whose overhead is 0.1 s + 0.02 s per worker, split over broadcast, aggregate and the rest. */
    private static ScalingRow row(String mode, String master, int workers) {
        double other = 0.1 + 0.02 * workers;
        double communication = 0.002 * workers;
        double round = 1.2 + other + communication;
        return new ScalingRow(critdamp.scaling.ScalingMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), workers, 64, 64 * workers, 5, 0.05, 30, workers * 320 / round, Double.NaN, round, 1.2,
                communication / 2, communication / 2, other, 2L * workers * 282_708 * 4, 141_674, Double.NaN, 0.4, 0.41,
                80, master, false);
    }

    private static String run(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(CritdampMain.execute(args)).as(String.join(" ", args)).isEqualTo(expectedExit);
        } finally {
            System.setOut(stdout);
        }
        return out.toString();
    }

    @Test
    void fitsAStudysRowsAndWritesTheModelBesideThem(@TempDir Path study) throws Exception {
        List<ScalingRow> rows = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            rows.add(row("weak", "local-cluster[4,1,2048]", n));
        }
        Files.writeString(study.resolve(ScalingModelCommand.ROWS),
                rows.stream().map(Json::writeLine).collect(Collectors.joining("\n")));
        String out = run(0, "scaling-model", study.toString(), "--bandwidth", "25", "--nodes", "2,64");
        assertThat(out).contains("## Fit: mode weak (local-cluster[4,1,2048]), 4 rows",
                "a0 = 0.1 s, a1 = 0.02 s per worker", "### small CNN, 25 Gb/s", "| 64 |")
                .doesNotContain("10 Gb/s");
        assertThat(Files.readString(study.resolve("scaling-model.md"))).isEqualTo(out.substring(0,
                out.indexOf("\nwritten: ")));
        assertThat(Files.readString(study.resolve("scaling-model.json"))).contains("\"perWorkerSeconds\"");
    }

    @Test
    void predictsFromAssumedCostsOnlyWhenAskedTo() {
        String out = run(0, "scaling-model", "--assumed-overheads", "--throughput", "resnet18=1200");
        assertThat(out).contains("## Predictions (coefficients: ASSUMED, not fitted",
                "1200 img/s per node (given: --throughput resnet18=1200.0)");
        run(ErrorHandler.USAGE, "scaling-model");
        run(ErrorHandler.USAGE, "scaling-model", "--assumed-overheads", "--throughput", "vgg16=100");
    }
}
