package critdamp.report;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.run.EpochRecord;
import critdamp.run.RunFolder;
import critdamp.sweep.PointResult;
import critdamp.sweep.PointStatus;
import critdamp.sweep.SeedGroup;
import critdamp.train.TargetTracker;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sweep report from hand-made results: charts that decode, the seed summary and each schedule's best rate. */
class SweepReportTest {
    @TempDir
    Path tmp;

    @Test
    void writesChartsSummaryAndBestLearningRatePerSchedule() throws Exception {
        List<PointResult> results = new ArrayList<>();
        Map<String, List<EpochRecord>> curves = new HashMap<>();
        for (String kind : List.of("constant", "physics")) {
            for (double lr : List.of(0.02, 0.05)) {
                for (int seed = 1; seed <= 2; seed++) {
                    // physics is best at 0.05, constant at 0.02
                    double acc = 0.6 + (kind.equals("physics") == (lr == 0.05) ? 0.1 : 0) + 0.01 * seed;
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("momentum.kind", kind);
                    v.put("learningRate.baseLr", lr);
                    v.put("run.seed", seed);
                    String name = kind + lr + "-" + seed;
                    boolean failed = kind.equals("constant") && lr == 0.05 && seed == 2;
                    results.add(new PointResult(name, name, v, failed ? PointStatus.FAILED : PointStatus.DONE,
                            failed ? "DivergenceException: loss = NaN" : null, null, 2, acc, acc, 2, acc, acc, 20, 800,
                            List.of(new TargetTracker.Crossing(0.615, 2, 20, acc >= 0.615))));
                    curves.put(name, List.of(new EpochRecord(1, 10, lr, 0.5, 1.5, acc - 0.2, acc - 0.2, 1, 10, 800),
                            new EpochRecord(2, 20, lr, 0.5, 1.2, acc, acc, 1, 20, 800)));
                }
            }
        }
        RunFolder dir = RunFolder.open(new Configuration(), tmp.toString(), "sweep", false);
        RunReport.Written w = SweepReport.write(dir, "demo", List.of("momentum.kind", "learningRate.baseLr", "run.seed"),
                results, SeedGroup.of(results), curves);

        for (String png : w.pngs()) {
            assertThat(ImageIO.read(tmp.resolve("sweep").resolve(png).toFile())).as(png).isNotNull();
        }
        String html = Files.readString(tmp.resolve("sweep/report.html"));
        assertThat(html).contains("Summary over seeds", "data:image/png;base64,", "class=\"failed\"",
                "DivergenceException: loss = NaN", "Best learning rate per setting");
        String best = html.substring(html.indexOf("Best learning rate per setting"));
        assertThat(best).contains("<td>momentum.kind=constant</td><td>0.02</td>")
                .contains("<td>momentum.kind=physics</td><td>0.05</td>");
        assertThat(html).contains("not reached 1/2").doesNotContain("<script");
    }

    @Test
    void theBestLearningRateIsChosenOnValidationWhereTestWouldChooseAnother() throws Exception {
        List<PointResult> results = new ArrayList<>();
        for (double lr : List.of(0.02, 0.05)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("momentum.kind", "physics");
            v.put("learningRate.baseLr", lr);
            // validation prefers 0.02, test prefers 0.05
            double val = lr == 0.02 ? 0.70 : 0.60;
            double test = lr == 0.02 ? 0.55 : 0.75;
            String name = "physics" + lr;
            results.add(new PointResult(name, name, v, PointStatus.DONE, null, null, 2, val, test, 2, val, test, 20,
                    800, List.of()));
        }
        RunFolder dir = RunFolder.open(new Configuration(), tmp.toString(), "val", false);
        SweepReport.write(dir, "val", List.of("momentum.kind", "learningRate.baseLr"), results,
                SeedGroup.of(results), Map.of());
        String html = Files.readString(tmp.resolve("val/report.html"));
        String best = html.substring(html.indexOf("Best learning rate per setting"));
        assertThat(best).contains("final validation accuracy (chose)", "final test accuracy (measured)")
                .contains("<td>momentum.kind=physics</td><td>0.02</td><td class=\"num\">0.7000</td>"
                        + "<td class=\"num\">0.5500</td>");
    }
}
