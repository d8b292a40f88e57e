package critdamp.torch;

import critdamp.gpu.BackendChoice;
import critdamp.gpu.CudaSupport;
import critdamp.gpu.GpuCheck;
import critdamp.gpu.GpuDevice;
import critdamp.gpu.ProductCheck;
import critdamp.gpu.UnsupportedGpuException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Where the torch engine's tensors live: the CPU, or one CUDA device. A network takes the {@link #current()} device
 * when it is built ({@link TorchParameters}); its batches follow it ({@link #place}) and its values come back to Java
 * through {@link #host} and {@link #writeBack}. On the CPU none of these copies or adds an operation, so CPU training
 * is exactly what it was without this class.
 *
 * <p>The choice ({@link #choose(boolean, int, List, OptionalInt)}): CUDA device 0, or the GPU a Spark task was
 * assigned ({@link #bindCurrentThread}), where libtorch reports CUDA available (its CUDA build loaded:
 * {@link BackendChoice}, {@code -Pcuda}, a GPU and the CUDA 13 libraries) and the device's compute capability is in
 * {@link CudaSupport#LIBTORCH_CUDA_13_1}'s range; a device outside it is refused in one line
 * ({@link UnsupportedGpuException}); else the CPU. Before a CUDA device is first used, one small kernel runs on it,
 * so that a device whose capability was not reported fails here, in words, rather than in the first training step.
 *
 * <p>{@code java -cp <app jar> critdamp.torch.TorchDevice} ({@code deploy/gpu-check.sh}) prints the choice and runs
 * {@link ProductCheck} on the device, with {@link GpuCheck}'s exit codes.
 */
public final class TorchDevice {
    private static final TorchDevice CPU = new TorchDevice(-1, "CPU");
    private static final ThreadLocal<TorchDevice> BOUND = new ThreadLocal<>();
    private static final Set<Integer> VERIFIED = ConcurrentHashMap.newKeySet();
    private static TorchDevice jvmDefault;

    /** The CUDA device number; -1 for the CPU. */
    private final int ordinal;
    private final String description;

    private TorchDevice(int ordinal, String description) {
        this.ordinal = ordinal;
        this.description = description;
    }

    /** The CPU. */
    public static TorchDevice cpu() {
        return CPU;
    }

    /**
     * The device of networks built on the calling thread: the one bound to it ({@link #bindCurrentThread}), else this
     * JVM's (chosen once, with no assigned GPU: CUDA device 0 or the CPU). Settles the backends and loads libtorch.
     */
    public static TorchDevice current() {
        TorchDevice bound = BOUND.get();
        return bound != null ? bound : jvmDefault();
    }

    private static synchronized TorchDevice jvmDefault() {
        if (jvmDefault == null) {
            jvmDefault = choose(OptionalInt.empty());
        }
        return jvmDefault;
    }

    /**
     * Makes CUDA device {@code cudaOrdinal} (the GPU Spark assigned to the running task) the calling thread's device
     * where libtorch uses CUDA; the CPU otherwise. Call on the task's own thread, before it builds its network.
     *
     * @return the thread's device now
     * @throws UnsupportedGpuException for a device outside libtorch's range
     */
    public static TorchDevice bindCurrentThread(int cudaOrdinal) {
        TorchDevice d = choose(OptionalInt.of(cudaOrdinal));
        BOUND.set(d);
        return d;
    }

    private static TorchDevice choose(OptionalInt assigned) {
        BackendChoice backends = BackendChoice.prepare(); // first: it picks the libtorch build JavaCPP loads
        TorchNatives.load();
        TorchDevice d = choose(torch.cuda_is_available(), torch.cuda_device_count(), backends.devices(), assigned);
        if (d.isCuda() && !VERIFIED.contains(d.ordinal)) {
            d.verify();
            VERIFIED.add(d.ordinal);
        }
        return d;
    }

    /**
     * The device for a JVM whose libtorch reports {@code cudaAvailable} and {@code deviceCount} devices, with the GPUs
     * {@code visible} as {@link BackendChoice} saw them (CUDA device numbers and capabilities) and the GPU
     * {@code assigned} to the task, if any.
     *
     * @throws UnsupportedGpuException  for a device outside {@link CudaSupport#LIBTORCH_CUDA_13_1}'s range
     * @throws IllegalArgumentException for an assigned device libtorch does not see
     */
    static TorchDevice choose(boolean cudaAvailable, int deviceCount, List<GpuDevice> visible,
                              OptionalInt assigned) {
        if (!cudaAvailable || deviceCount <= 0) {
            return new TorchDevice(-1, "CPU (libtorch reports no CUDA device: its CPU build, or no GPU or driver)");
        }
        int ordinal = assigned.orElse(0);
        if (ordinal < 0 || ordinal >= deviceCount) {
            throw new IllegalArgumentException("CUDA device " + ordinal + " was assigned, but libtorch sees "
                    + deviceCount + " device(s)");
        }
        Optional<GpuDevice> gpu = visible.stream().filter(g -> g.ordinal() == ordinal).findFirst();
        CudaSupport build = CudaSupport.LIBTORCH_CUDA_13_1;
        if (gpu.isPresent() && !build.supports(gpu.get().capability())) {
            throw new UnsupportedGpuException(build.refusal(gpu.get()));
        }
        return new TorchDevice(ordinal, "cuda:" + ordinal + " (" + gpu.map(GpuDevice::describe)
                .orElse("GPU " + ordinal + ", compute capability not reported; a first kernel checks it") + ")");
    }

    /** Runs one small kernel on this device; a failure names the device, the build and its range. */
    private void verify() {
        try (PointerScope scope = new PointerScope()) {
            double sum = place(torch.ones(4)).mul(place(torch.ones(4))).sum().item_double();
            if (sum != 4) {
                throw new IllegalStateException("libtorch computed 4 ones times ones as " + sum + " on " + this);
            }
        } catch (RuntimeException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            String line = "GPU " + ordinal + ": " + CudaSupport.LIBTORCH_CUDA_13_1.build()
                    + " could not run a kernel on it (" + first + "); it runs compute capability "
                    + CudaSupport.LIBTORCH_CUDA_13_1.range();
            throw first.contains("no kernel image") ? new UnsupportedGpuException(line)
                    : new IllegalStateException(line, e);
        }
    }

    /** True for a CUDA device. */
    public boolean isCuda() {
        return ordinal >= 0;
    }

    /** libtorch's device (CUDA only). */
    Device device() {
        if (!isCuda()) {
            throw new IllegalStateException("the CPU needs no libtorch device here");
        }
        return new Device("cuda:" + ordinal);
    }

    /**
     * {@code t}, made on the CPU, on this device: {@code t} itself on the CPU (no copy), else a copy on the GPU with
     * the same type.
     */
    Tensor place(Tensor t) {
        return isCuda() ? t.to(device(), t.scalar_type()) : t;
    }

    /** {@code t}'s values where Java can read and write them: {@code t} itself on the CPU, else a CPU copy. */
    static Tensor host(Tensor t) {
        return t.is_cuda() ? t.cpu() : t;
    }

    /** After writing into {@code host} = {@link #host}{@code (target)}: the values into {@code target} (a GPU's). */
    static void writeBack(Tensor target, Tensor host) {
        if (host != target) {
            target.copy_(host);
        }
    }

    /** "cuda:0 (GPU 0 (NVIDIA H100 80GB HBM3, compute capability 9.0, 79.1 GiB))" or "CPU (...)". */
    public String describe() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchDevice d && d.ordinal == ordinal;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(ordinal);
    }

    @Override
    public String toString() {
        return isCuda() ? "cuda:" + ordinal : "cpu";
    }

    /** {@code a x b} computed by libtorch on this device. */
    double[][] multiply(float[][] a, float[][] b) {
        TorchNatives.load();
        int n = a.length;
        try (PointerScope scope = new PointerScope()) {
            Tensor product = host(place(matrix(a)).mm(place(matrix(b))).contiguous());
            float[] flat = new float[n * n];
            product.data_ptr_float().get(flat);
            double[][] out = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[i][j] = flat[i * n + j];
                }
            }
            return out;
        }
    }

    private static Tensor matrix(float[][] m) {
        int n = m.length;
        Tensor t = torch.empty(n, n);
        for (int i = 0; i < n; i++) {
            t.data_ptr_float().position((long) i * n).put(m[i]);
        }
        return t;
    }

    /** gpu-check's libtorch step: the device chosen, and a product on it against the reference. */
    public static void main(String[] args) {
        System.exit(check());
    }

    static int check() {
        try {
            TorchDevice d = current();
            System.out.println("libtorch device: " + d.describe() + " (" + TorchNatives.describe() + ")");
            if (!d.isCuda()) {
                return GpuCheck.NO_GPU;
            }
            String error = ProductCheck.error(256, d::multiply);
            System.out.println(error == null ? "OK libtorch ran a 256x256 product on " + d + ", matching the reference"
                    : "FAIL " + error);
            return error == null ? 0 : GpuCheck.FAILED;
        } catch (UnsupportedGpuException e) {
            System.out.println("UNSUPPORTED " + e.getMessage());
            return GpuCheck.UNSUPPORTED;
        } catch (RuntimeException | LinkageError e) {
            System.out.println("FAIL " + e);
            return GpuCheck.FAILED;
        }
    }
}
