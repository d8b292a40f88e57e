package critdamp.gpu;

import java.util.Arrays;
import java.util.List;

/**
 * Turns the GPU address Spark assigned to a task into the CUDA runtime's device number, which ND4J takes.
 *
 * <p>Spark's addresses are what the executor's discovery script printed: {@code deploy/gpu-discovery.sh} prints
 * {@code nvidia-smi}'s indices, or the entries of {@code CUDA_VISIBLE_DEVICES} where that is set. Inside the process
 * the CUDA runtime numbers only the visible devices, 0, 1, ... in the order of {@code CUDA_VISIBLE_DEVICES}; so an
 * address listed there maps to its position, and without it the address is the device number. (nvidia-smi orders
 * devices by PCI bus, the CUDA runtime fastest first unless {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}: on hosts with
 * different GPU models executors need that variable set.)
 */
public final class GpuAddresses {
    private GpuAddresses() {
    }

    /**
     * The CUDA device number for Spark GPU {@code address}, given this process's {@code CUDA_VISIBLE_DEVICES}
     * (null or blank when unset).
     *
     * @throws IllegalArgumentException naming the address when it is neither listed there nor a device number
     */
    public static int cudaOrdinal(String address, String cudaVisibleDevices) {
        String a = address.strip();
        if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank()) {
            List<String> visible = Arrays.stream(cudaVisibleDevices.split(",")).map(String::strip).toList();
            int at = visible.indexOf(a);
            if (at >= 0) {
                return at;
            }
        }
        try {
            int n = Integer.parseInt(a);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("Spark GPU address '" + address + "' is neither a device number nor listed in"
                + " CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices);
    }
}
