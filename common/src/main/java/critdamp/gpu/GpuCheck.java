package critdamp.gpu;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code java -cp <app jar> critdamp.gpu.GpuCheck [dl4j|torch]}: can this machine run an engine (default dl4j) of the
 * {@code -Pcuda} build on its GPUs? Prints the backend lines ({@link BackendChoice}), whether the engine's CUDA
 * libraries are present ({@link CudaLibraries}), and for dl4j runs one matrix product on the GPU against a plain-Java
 * reference ({@link ProductCheck}); libtorch's product is {@code critdamp.torch.TorchDevice}'s, run after this.
 * Exit codes: 0 the engine can use the GPU; {@value #UNSUPPORTED} a visible GPU is outside the engine's range (the
 * one-line refusal is printed, alone); {@value #NO_GPU} no GPU visible; {@value #FAILED} CUDA was chosen but ND4J or
 * the product failed; {@value #MISSING} a GPU is visible but the engine's CUDA libraries are not all there. Used by
 * {@code deploy/gpu-check.sh}.
 */
public final class GpuCheck {
    /** Exit code: a visible GPU is outside the engine's range. */
    public static final int UNSUPPORTED = 3;
    /** Exit code: no GPU visible (the engine would run on the CPU). */
    public static final int NO_GPU = 4;
    /** Exit code: CUDA was chosen but failed. */
    public static final int FAILED = 5;
    /** Exit code: a GPU is visible but the engine's CUDA libraries are not all there. */
    public static final int MISSING = 6;

    private GpuCheck() {
    }

    /**
     * Environment variable naming a GPU to assume instead of asking the CUDA runtime, e.g. "NVIDIA H200,9.0": checks
     * the decision and the refusal on any machine (no kernel is run then).
     */
    public static final String ASSUME_GPU_ENV = "CRITDAMP_ASSUME_GPU";

    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("usage: GpuCheck [dl4j|torch]");
            System.exit(2);
        }
        CudaSupport build;
        try {
            build = CudaSupport.forEngine(args.length == 0 ? CudaSupport.ND4J_CUDA_11_6.engine() : args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("GpuCheck: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(build, System.getenv(ASSUME_GPU_ENV)));
    }

    /**
     * Runs the check for {@code build}'s engine; {@code assumedGpu} ("name,capability", or null for the real probes)
     * replaces the probes (the CUDA libraries are still looked for on this machine).
     */
    static int run(CudaSupport build, String assumedGpu) {
        BackendChoice choice;
        if (assumedGpu == null) {
            if (System.getProperty(BackendChoice.ENGINE_PROPERTY) == null) {
                System.setProperty(BackendChoice.ENGINE_PROPERTY, build.engine());
            }
            choice = BackendChoice.prepare();
        } else {
            List<GpuDevice> gpu = List.of(assumed(assumedGpu));
            BackendChoice.Libtorch torch = BackendChoice.libtorch(true, () -> CudaLibraries.find(
                    CudaSupport.LIBTORCH_CUDA_13_1), () -> new CudaDevices(gpu, null));
            choice = BackendChoice.decide(true, torch, build.engine(), () -> new CudaDevices(gpu, null));
        }
        try {
            choice.require(build);
        } catch (UnsupportedGpuException e) {
            System.out.println("UNSUPPORTED " + e.getMessage());
            return UNSUPPORTED;
        }
        String assumedNote = assumedGpu == null ? "" : " [assumed GPU: " + ASSUME_GPU_ENV + "]";
        System.out.println(choice.describe() + assumedNote);
        System.out.println(choice.describeTorch() + assumedNote);
        if (choice.devices().isEmpty()) {
            return NO_GPU;
        }
        System.out.println("CUDA libraries of " + build.build() + ": "
                + CudaLibraries.find(build).describe(build.libraries().size()));
        return build == CudaSupport.LIBTORCH_CUDA_13_1 ? torchReady(choice) : nd4jRuns(choice, assumedGpu != null);
    }

    /** Engine torch: libtorch will load its CUDA build (its product is TorchDevice's, in the same script). */
    private static int torchReady(BackendChoice choice) {
        if (!choice.torchCuda()) {
            System.out.println("MISSING engine torch cannot use the GPU: libtorch " + choice.torchReason());
            return MISSING;
        }
        System.out.println("OK engine torch: libtorch will load its CUDA build; next, its product on the GPU");
        return 0;
    }

    /** Engine dl4j: ND4J is on CUDA and computes a product there that matches the reference. */
    private static int nd4jRuns(BackendChoice choice, boolean assumed) {
        if (choice.backend() != BackendChoice.Backend.CUDA) {
            System.out.println("MISSING engine dl4j cannot use the GPU: " + choice.reason());
            return MISSING;
        }
        if (assumed) {
            return 0;
        }
        try {
            BackendChoice.Backend loaded = choice.confirm();
            if (loaded != BackendChoice.Backend.CUDA) {
                System.out.println("FAIL ND4J loaded its " + loaded + " backend");
                return FAILED;
            }
            String error = productError(256);
            System.out.println(error == null ? "OK ND4J ran a 256x256 product on CUDA device "
                    + Nd4j.getAffinityManager().getDeviceForCurrentThread() + ", matching the reference"
                    : "FAIL " + error);
            return error == null ? 0 : FAILED;
        } catch (RuntimeException | LinkageError e) {
            System.out.println("FAIL " + e);
            return FAILED;
        }
    }

    /** Device 0 from "name,capability" (e.g. "NVIDIA H200,9.0"). */
    static GpuDevice assumed(String spec) {
        int comma = spec.lastIndexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException(ASSUME_GPU_ENV + " must be 'name,capability' (e.g. 'NVIDIA H200,9.0'),"
                    + " not '" + spec + "'");
        }
        return new GpuDevice(0, spec.substring(0, comma).strip(), ComputeCapability.parse(spec.substring(comma + 1)),
                0);
    }

    /** {@link ProductCheck#error} for ND4J's product on its current backend. */
    static String productError(int n) {
        return ProductCheck.error(n, (a, b) -> Nd4j.createFromArray(a).mmul(Nd4j.createFromArray(b))
                .castTo(DataType.DOUBLE).toDoubleMatrix());
    }
}
