package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CUDA probe's reasons, in words, for JVMs where the CUDA runtime cannot load. */
class CudartDevicesTest {
    @Test
    void namesTheMissingLibrary() {
        assertThat(CudartDevices.missingLibrary(new UnsatisfiedLinkError("/tmp/x/libjnicudart.so: libcuda.so.1: "
                + "cannot open shared object file: No such file or directory")))
                .isEqualTo("no NVIDIA driver (libcuda.so.1 not found)");
        UnsatisfiedLinkError javacpp = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        javacpp.initCause(new UnsatisfiedLinkError("/c/libjnicudart.so: libcuda.so.1: cannot open shared object file"));
        assertThat(CudartDevices.missingLibrary(javacpp)).as("JavaCPP's last error hides the reason in its cause")
                .isEqualTo("no NVIDIA driver (libcuda.so.1 not found)");
        assertThat(CudartDevices.missingLibrary(new UnsatisfiedLinkError("libcudart.so.11.0: cannot open shared")))
                .startsWith("no CUDA 11.x runtime");
        assertThat(CudartDevices.missingLibrary(new UnsatisfiedLinkError("something\nelse")))
                .isEqualTo("CUDA runtime bindings failed to load: something");
    }

    @Test
    void probeOnThisMachineFindsNoDevice() {
        CudaDevices d = CudaDevices.probe();
        assertThat(d.any()).isFalse();
        assertThat(d.unavailable()).isNotBlank();
    }
}
