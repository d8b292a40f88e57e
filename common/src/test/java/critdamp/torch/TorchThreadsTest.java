package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TorchThreadsTest {
    /**
     * Two task threads, like two Spark tasks of one executor: each sets its own count, and the second's setting does
     * not change what the first (still alive, as a pooled task thread is) runs with.
     */
    @Test
    void eachTaskThreadKeepsItsOwnCount() throws Exception {
        AtomicInteger firstBefore = new AtomicInteger();
        AtomicInteger firstAfter = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        CountDownLatch firstSet = new CountDownLatch(1);
        CountDownLatch secondSet = new CountDownLatch(1);
        Thread a = new Thread(() -> {
            new TorchThreads(1).applyToCurrentThread();
            firstBefore.set(TorchThreads.ofCurrentThread());
            firstSet.countDown();
            await(secondSet);
            firstAfter.set(TorchThreads.ofCurrentThread());
        });
        Thread b = new Thread(() -> {
            await(firstSet);
            new TorchThreads(2).applyToCurrentThread();
            second.set(TorchThreads.ofCurrentThread());
            secondSet.countDown();
        });
        a.start();
        b.start();
        a.join(60_000);
        b.join(60_000);
        assertThat(firstBefore.get()).isEqualTo(1);
        assertThat(second.get()).isEqualTo(2);
        assertThat(firstAfter.get()).as("the first task's count after the second set its own").isEqualTo(1);
    }

    @Test
    void readsTheLaunchersSettingOrUsesTheProcessors() {
        assertThat(TorchThreads.fromEnvironment(Map.of("OMP_NUM_THREADS", "3"), 8)).isEqualTo(new TorchThreads(3));
        assertThat(TorchThreads.fromEnvironment(Map.of(), 8)).isEqualTo(new TorchThreads(8));
        assertThatThrownBy(() -> TorchThreads.fromEnvironment(Map.of("OMP_NUM_THREADS", "two"), 8))
                .isInstanceOf(ConfigException.class).hasMessage("OMP_NUM_THREADS = two: must be an integer >= 1");
        assertThatThrownBy(() -> new TorchThreads(0)).isInstanceOf(ConfigException.class)
                .hasMessage("torch intra-op threads = 0: must be >= 1");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
