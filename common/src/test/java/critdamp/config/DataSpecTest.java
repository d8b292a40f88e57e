package critdamp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataSpecTest {
    private static DataSpec withCache(String cacheDir) {
        return new DataSpec(null, null, cacheDir, null, null, null, null, null);
    }

    @Test
    void theDefaultCacheNamesNoMachinePathButResolvesUnderHome() {
        DataSpec spec = DataSpec.defaults();
        assertThat(spec.cacheDir()).isEqualTo("~/.cache/critdamp");
        assertThat(spec.cacheDirPath())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "critdamp"));
    }

    @Test
    void aTildeAloneIsHomeAndOtherPathsAreKeptAsGiven() {
        assertThat(withCache("~").cacheDirPath()).isEqualTo(Path.of(System.getProperty("user.home")));
        assertThat(withCache("/data/cache").cacheDirPath()).isEqualTo(Path.of("/data/cache"));
        assertThat(withCache("cache/here").cacheDirPath()).isEqualTo(Path.of("cache/here"));
        assertThat(withCache("~user/x").cacheDirPath()).isEqualTo(Path.of("~user/x"));
    }
}
