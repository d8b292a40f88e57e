package critdamp.gpu;

/**
 * A visible GPU that this build's CUDA kernels cannot run on. The message is one line naming the GPU, its compute
 * capability and the supported range ({@link CudaSupport#refusal}); it replaces CUDA's "no kernel image is available
 * for execution on the device" at the first kernel.
 */
public final class UnsupportedGpuException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public UnsupportedGpuException(String oneLine) {
        super(oneLine);
    }
}
