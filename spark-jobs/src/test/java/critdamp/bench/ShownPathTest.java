package critdamp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bench records show local paths relative to the repository (the working directory) or the home directory as ~. */
class ShownPathTest {
    private final ShownPath shown = new ShownPath(Path.of("/srv/checkout"), Path.of("/users/ada"));

    @Test
    void aPathUnderTheWorkingDirectoryIsRelativeToIt() {
        assertThat(shown.show("/srv/checkout/bench/results/tmp/run")).isEqualTo("bench/results/tmp/run");
        assertThat(shown.show("/srv/checkout")).isEqualTo(".");
        assertThat(shown.show("/srv/checkout/./bench/../conf")).isEqualTo("conf");
    }

    @Test
    void aPathUnderTheHomeDirectoryStartsWithTilde() {
        assertThat(shown.show("/users/ada/.cache/critdamp/cifar-10-batches-bin"))
                .isEqualTo("~/.cache/critdamp/cifar-10-batches-bin");
        assertThat(shown.show("/users/ada")).isEqualTo("~");
    }

    @Test
    void theCheckoutWinsOverTheHomeItLiesIn() {
        ShownPath inHome = new ShownPath(Path.of("/users/ada/critdamp"), Path.of("/users/ada"));
        assertThat(inHome.show("/users/ada/critdamp/bench/results")).isEqualTo("bench/results");
        assertThat(inHome.show("/users/ada/.javacpp/cache/libjnind4jcpu.so"))
                .isEqualTo("~/.javacpp/cache/libjnind4jcpu.so");
    }

    @Test
    void otherPathsAndNonPathsAreKept() {
        assertThat(shown.show("/srv/checkout-old/x")).isEqualTo("/srv/checkout-old/x"); // a sibling, not under it
        assertThat(shown.show("/users/adam/x")).isEqualTo("/users/adam/x");
        assertThat(shown.show("/tmp/data")).isEqualTo("/tmp/data");
        assertThat(shown.show("bench/results")).isEqualTo("bench/results");
        assertThat(shown.show("unknown")).isEqualTo("unknown");
        assertThat(shown.show("file:/srv/checkout/x")).isEqualTo("file:/srv/checkout/x");
    }

    @Test
    void theRootFolderIsNeverAPrefix() {
        ShownPath atRoot = new ShownPath(Path.of("/"), Path.of("/"));
        assertThat(atRoot.show("/srv/checkout/x")).isEqualTo("/srv/checkout/x");
    }

    @Test
    void benchDataNamesItsFolderFromTheHome() throws Exception {
        String dir = System.getProperty("user.home") + "/no-such-critdamp-folder/cifar-10-batches-bin";
        BenchData d = BenchData.load(dir, 4, 2);
        assertThat(d.source())
                .isEqualTo("synthetic (no CIFAR-10 files in ~/no-such-critdamp-folder/cifar-10-batches-bin)");
        assertThat(d.images()).isEqualTo(4);
    }
}
