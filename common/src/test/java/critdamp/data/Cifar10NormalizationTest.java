package critdamp.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Cifar10NormalizationTest {
    @Test
    void closedFormValues() {
        ChannelNormalization n = ChannelNormalization.CIFAR10;
        assertThat(n.normalize(0, 0)).isCloseTo(-0.4914f / 0.2470f, within(1e-6f));
        assertThat(n.normalize(1, 255)).isCloseTo((1 - 0.4822f) / 0.2435f, within(1e-6f));
        assertThat(n.normalize(2, 128)).isCloseTo((128 / 255f - 0.4465f) / 0.2616f, within(1e-6f));
        // a raw signed byte counts as its unsigned value
        assertThat(n.normalize(0, (byte) 200)).isEqualTo(n.normalize(0, 200));
        assertThat(n.normalize(0, (byte) 0xFF)).isEqualTo(n.normalize(0, 255));
    }
}
