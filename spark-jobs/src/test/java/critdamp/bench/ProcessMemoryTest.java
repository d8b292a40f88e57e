package critdamp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resident memory read from /proc/self/status: VmRSS and VmHWM in bytes. */
class ProcessMemoryTest {
    @Test
    void readsVmRssAndVmHwm() {
        ProcessMemory m = ProcessMemory.parse(List.of("Name:\tjava", "VmHWM:\t  204800 kB", "VmRSS:\t  102400 kB"));
        assertThat(m.residentBytes()).isEqualTo(100L << 20);
        assertThat(m.peakResidentBytes()).isEqualTo(200L << 20);
        assertThat(ProcessMemory.mib(m.residentBytes())).isEqualTo(100.0);
        assertThatThrownBy(() -> ProcessMemory.parse(List.of("VmRSS: 1 kB"))).hasMessageContaining("VmHWM");
    }

    @Test
    void thisProcessHoldsSomeMemory() {
        ProcessMemory now = ProcessMemory.now();
        assertThat(now.residentBytes()).isPositive();
        assertThat(now.peakResidentBytes()).isGreaterThanOrEqualTo(now.residentBytes());
    }
}
