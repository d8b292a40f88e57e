package critdamp.run;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which checkpoints go: all but the k newest (up to the anchor) and the best by validation accuracy. */
class CheckpointRetentionTest {
    /** Checkpoints at rounds 1..n; {@code val[i]} the validation accuracy of round i+1 (null: mid-epoch). */
    private static List<Checkpoints.Entry> entries(Double... val) {
        List<Checkpoints.Entry> out = new ArrayList<>();
        for (int i = 0; i < val.length; i++) {
            out.add(new Checkpoints.Entry("ckpt-" + (i + 1) + ".zip", "sha", new TrainingPosition(0, 0, i + 1, 0),
                    val[i]));
        }
        return out;
    }

    @Test
    void keepsTheNewestAndTheBestByValidation() {
        List<Checkpoints.Entry> e = entries(0.3, null, 0.6, null, 0.5, null, 0.4);
        assertThat(new CheckpointRetention(2).toDelete(e, 7))
                .containsExactlyInAnyOrder("ckpt-1.zip", "ckpt-2.zip", "ckpt-4.zip", "ckpt-5.zip");
        assertThat(new CheckpointRetention(1).toDelete(e, 7)).doesNotContain("ckpt-3.zip", "ckpt-7.zip").hasSize(5);
    }

    @Test
    void theBestAmongTheNewestCostsNoExtraSlot() {
        assertThat(new CheckpointRetention(2).toDelete(entries(0.1, 0.2, 0.9), 3)).containsExactly("ckpt-1.zip");
    }

    @Test
    void checkpointsPastTheAnchorAreKeptAndNotCounted() {
        // resuming from round 3: rounds 4 and 5 (e.g. written after it, unverified) stay; of 1..3 the 2 newest stay
        assertThat(new CheckpointRetention(2).toDelete(entries(null, null, null, null, null), 3))
                .containsExactly("ckpt-1.zip");
    }

    @Test
    void withoutValidationOnlyTheNewestStay() {
        assertThat(new CheckpointRetention(2).toDelete(entries(Double.NaN, null, Double.NaN), 3))
                .containsExactly("ckpt-1.zip");
        assertThat(new CheckpointRetention(3).toDelete(entries(0.5), 1)).isEmpty();
    }

    @Test
    void keepMustBeAtLeastOne() {
        assertThatThrownBy(() -> new CheckpointRetention(0)).hasMessageContaining(">= 1");
    }
}
