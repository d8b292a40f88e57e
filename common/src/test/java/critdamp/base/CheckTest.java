package critdamp.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The folder-name rule that runs, sweeps and studies share: one line naming the field, the value and what is allowed. */
class CheckTest {
    @Test
    void aFolderNameTakesLettersDigitsDotsUnderscoresAndDashesOnly() {
        assertThat(Check.folderName("run.name", "cifar10-small_cnn.2")).isEqualTo("cifar10-small_cnn.2");
        assertThatThrownBy(() -> Check.folderName("schedules.a b", "a b")).isInstanceOf(ConfigException.class)
                .hasMessage("schedules.a b = 'a b': only letters, digits, '.', '_' and '-' (it names a folder)");
        assertThatThrownBy(() -> Check.folderName("name", "../x")).hasMessageStartingWith("name = '../x': only");
    }
}
