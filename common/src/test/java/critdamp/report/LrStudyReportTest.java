package critdamp.report;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.run.RunFolder;
import critdamp.sweep.LrStudyResult;
import critdamp.sweep.RateSearch;
import critdamp.sweep.SeedGroup;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The study's page and charts from a hand-made result: a PNG per schedule and one of all, the table, every rate. */
class LrStudyReportTest {
    @TempDir
    Path tmp;

    private static LrStudyResult.ScheduleRow row(String name, double... acc) {
        RateSearch.Settings s = new RateSearch.Settings(0.025, acc.length, 2.0, 0, 0.01, null);
        List<Double> rates = s.startGrid();
        List<RateSearch.Trial> trials = new java.util.ArrayList<>();
        for (int i = 0; i < acc.length; i++) {
            trials.add(Double.isNaN(acc[i]) ? new RateSearch.Trial(rates.get(i), RateSearch.Outcome.DIVERGED, acc[i])
                    : new RateSearch.Trial(rates.get(i), RateSearch.Outcome.DONE, acc[i]));
        }
        RateSearch.Decision d = RateSearch.decide(s, trials);
        SeedGroup.Stat test = SeedGroup.Stat.of(List.of(0.6, 0.62));
        return new LrStudyResult.ScheduleRow(name, d, 2, 0, test, test, List.of());
    }

    @Test
    void writesAChartPerScheduleOneOfAllAndThePage() throws Exception {
        LrStudyResult r = new LrStudyResult("2 epochs", 1, List.of(row("constant", 0.5, 0.6, 0.55, Double.NaN),
                row("physics", 0.4, 0.45, 0.48, 0.5)), "constant", List.of(0.9), List.of(0.55), true, null);
        RunFolder dir = RunFolder.open(new Configuration(), tmp.toString(), "study", false);
        RunReport.Written w = LrStudyReport.write(dir, "demo", r, 0.025, 2.0);

        assertThat(w.pngs()).containsExactly("report/lr-constant.png", "report/lr-physics.png", "report/lr-all.png");
        for (String png : w.pngs()) {
            assertThat(ImageIO.read(tmp.resolve("study").resolve(png).toFile())).as(png).isNotNull();
        }
        String html = Files.readString(tmp.resolve("study/study.html"));
        assertThat(html).contains("rate (chosen on validation)", "<td>constant</td><td class=\"num\">0.05</td>",
                "constant — interior", "physics — at the grid&#39;s edge", "<td class=\"num\">0.2</td><td>diverged</td>",
                "Ceiling: not run").doesNotContain("<script");
    }
}
