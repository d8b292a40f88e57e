package critdamp.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeedsTest {
    @Test
    void mixIsDeterministicAndSensitiveToEveryPart() {
        assertThat(Seeds.mix(1, 2, 3)).isEqualTo(Seeds.mix(1, 2, 3));
        assertThat(Seeds.mix(1, 2, 3)).isNotEqualTo(Seeds.mix(1, 2, 4)).isNotEqualTo(Seeds.mix(1, 3, 2));
    }

    @Test
    void validationSplitHasTheRequestedShareAndDependsOnlyOnSeedAndRecord() {
        int n = 0;
        for (int f = 0; f < 5; f++) {
            for (int r = 0; r < 10_000; r++) {
                if (Seeds.isValidation(42, f, r, 0.1)) {
                    n++;
                }
            }
        }
        // Binomial(50000, 0.1): sd ~ 67; 5 sd band
        assertThat(n).isBetween(5000 - 335, 5000 + 335);
        assertThat(Seeds.isValidation(42, 0, 0, 0.0)).isFalse();
    }

    @Test
    void epochOrderIsASeededPermutationPerEpochAndWorker() {
        int[] a = Seeds.epochOrder(42, 3, 1, 1000);
        assertThat(a).hasSize(1000);
        assertThat(java.util.Arrays.stream(a).sorted().toArray())
                .isEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
        assertThat(a).isEqualTo(Seeds.epochOrder(42, 3, 1, 1000));
        assertThat(a).isNotEqualTo(Seeds.epochOrder(42, 4, 1, 1000))
                .isNotEqualTo(Seeds.epochOrder(42, 3, 0, 1000))
                .isNotEqualTo(Seeds.epochOrder(43, 3, 1, 1000))
                .isNotEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
        assertThat(Seeds.epochOrder(1, 0, 0, 0)).isEmpty();
    }
}
