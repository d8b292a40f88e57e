package critdamp.gpu;

import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code java -cp <app jar> critdamp.gpu.GpuCheck}: can this machine run the {@code -Pcuda} build on its GPU? Prints
 * the {@link BackendChoice} line and, on CUDA, runs one matrix product on the GPU against a plain-Java reference (a
 * GPU without a kernel image for it would fail here). Exit codes: 0 CUDA works; {@value #UNSUPPORTED} a visible GPU
 * is outside the supported range (the one-line refusal is printed); {@value #NO_GPU} no usable GPU (ND4J would run
 * on the CPU); {@value #FAILED} CUDA was chosen but ND4J or the product failed. Used by {@code deploy/gpu-check.sh}.
 */
public final class GpuCheck {
    static final int UNSUPPORTED = 3;
    static final int NO_GPU = 4;
    static final int FAILED = 5;

    private GpuCheck() {
    }

    /**
     * Environment variable naming a GPU to assume instead of asking the CUDA runtime, e.g. "NVIDIA H200,9.0": checks
     * the decision and the refusal on any machine (no kernel is run then).
     */
    public static final String ASSUME_GPU_ENV = "CRITDAMP_ASSUME_GPU";

    public static void main(String[] args) {
        System.exit(run(System.getenv(ASSUME_GPU_ENV)));
    }

    /** Runs the check; {@code assumedGpu} ("name,capability", or null for the real probe) replaces the probe. */
    static int run(String assumedGpu) {
        BackendChoice choice;
        try {
            choice = assumedGpu == null ? BackendChoice.prepare()
                    : BackendChoice.decide(true, () -> new CudaDevices(java.util.List.of(assumed(assumedGpu)), null));
        } catch (UnsupportedGpuException e) {
            System.out.println("UNSUPPORTED " + e.getMessage());
            return UNSUPPORTED;
        }
        System.out.println(choice.describe() + (assumedGpu == null ? "" : " [assumed GPU: " + ASSUME_GPU_ENV + "]"));
        if (choice.backend() != BackendChoice.Backend.CUDA) {
            return NO_GPU;
        }
        if (assumedGpu != null) {
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

    /**
     * Null when ND4J's float product of two random n x n matrices matches a double reference, else the mismatch. The
     * tolerance, 2^-9 of the sum of |products| per element, admits TF32 tensor-core rounding (10-bit mantissa) on
     * Ampere and later; a wrong or missing kernel errs by the order of the values themselves.
     */
    static String productError(int n) {
        Random rnd = new Random(7);
        float[][] a = new float[n][n];
        float[][] b = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = rnd.nextFloat() * 2 - 1;
                b[i][j] = rnd.nextFloat() * 2 - 1;
            }
        }
        INDArray c = Nd4j.createFromArray(a).mmul(Nd4j.createFromArray(b)).castTo(DataType.DOUBLE);
        double[][] got = c.toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double abs = 0;
                for (int k = 0; k < n; k++) {
                    ref += (double) a[i][k] * b[k][j];
                    abs += Math.abs((double) a[i][k] * b[k][j]);
                }
                if (!(Math.abs(got[i][j] - ref) <= 0x1p-9 * abs + Double.MIN_NORMAL)) {
                    return String.format(Locale.ROOT, "C[%d][%d] = %s, reference %s", i, j, got[i][j], ref);
                }
            }
        }
        return null;
    }
}
