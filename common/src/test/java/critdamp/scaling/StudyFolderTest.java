package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import critdamp.run.RunFolder;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resume state: a run is done by its summary.json; an unfinished one is moved aside, never lost; plans must agree. */
class StudyFolderTest {
    @TempDir
    Path tmp;

    @Test
    void doneRunsAreKnownUnfinishedOnesMovedAsideAndPlansMustAgree() throws Exception {
        StudyFolder study = new StudyFolder(RunFolder.open(new Configuration(), tmp.toString(), "s", false));
        Path done = Files.createDirectories(tmp.resolve("s/strong-w1"));
        Files.writeString(done.resolve("summary.json"), "{}");
        Files.createDirectories(tmp.resolve("s/strong-w2"));
        Files.writeString(tmp.resolve("s/strong-w2/rounds.jsonl"), "{}\n");

        assertThat(study.isDone("strong-w1")).isTrue();
        assertThat(study.isDone("strong-w2")).isFalse();
        assertThat(study.moveAsideUnfinished("weak-w4")).as("nothing there").isNull();
        assertThat(study.moveAsideUnfinished("strong-w2").getName()).isEqualTo("strong-w2-1");
        assertThat(tmp.resolve("s/attempts/strong-w2-1/rounds.jsonl")).hasContent("{}");
        assertThat(tmp.resolve("s/strong-w2")).doesNotExist();
        Files.createDirectories(tmp.resolve("s/strong-w2"));
        assertThat(study.moveAsideUnfinished("strong-w2").getName()).isEqualTo("strong-w2-2");

        study.writePlan("strong-w2", "{\"a\": 1}");
        study.writePlan("strong-w2", "{\"a\": 1}");
        assertThat(Path.of(new java.net.URI(study.planLocation("strong-w2")))).hasContent("{\"a\": 1}");
        assertThatThrownBy(() -> study.writePlan("strong-w2", "{\"a\": 2}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("run strong-w2 was planned differently in this study before");
    }
}
