package critdamp.spark.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * The main class of {@link YarnCluster}'s child JVM: a one-DataNode HDFS ({@link MiniDFSCluster}) and a one-NodeManager
 * YARN ({@link MiniYARNCluster}) whose containers are real processes launched by the NodeManager through
 * {@code launch_container.sh}. Writes the client configuration ({@code core-site.xml}, {@code yarn-site.xml},
 * {@code resource-types.xml}) into {@code <dir>/conf} and, last, {@code <dir>/ready.properties} (the HDFS URI); stops
 * both clusters when its standard input closes. Run it with {@code <dir>} as working directory: MiniYARNCluster keeps
 * its NodeManager's folders (container logs included) under {@code ./target}.
 * <p>
 * Sized for a 2-core, 24 GB machine: the NodeManager offers {@value #NODE_MEMORY_MB} MB and {@value #NODE_VCORES}
 * vcores (vcores are a scheduling count here: the default container executor does not confine CPUs), containers from
 * {@value #MIN_ALLOCATION_MB} MB, physical and virtual memory checks off (ND4J's off-heap arrays are accounted by
 * JavaCPP's own limits, and the checks would make the test depend on this machine's page cache). Two queues,
 * {@code default} and {@value #QUEUE}, so that a submission's {@code --queue} can be checked. Two GPUs in YARN's
 * sense ({@code yarn.io/gpu}, scheduled by the NodeManager's GPU plugin from a listed pair of devices): containers get
 * them, but no device exists; nothing here isolates them (that needs the LinuxContainerExecutor and cgroups).
 */
public final class MiniHadoopMain {
    /** The second queue of the capacity scheduler, beside {@code default}. */
    public static final String QUEUE = "critdamp";
    static final int NODE_MEMORY_MB = 10240;
    static final int NODE_VCORES = 8;
    static final int MIN_ALLOCATION_MB = 256;
    /** YARN's GPU resource; the NodeManager offers two (devices 0 and 1, which the tests' fake nvidia-smi lists). */
    static final String GPU_RESOURCE = "yarn.io/gpu";

    private MiniHadoopMain() {
    }

    /** Exits 1 on any failure: HDFS's and YARN's non-daemon threads would otherwise keep a failed JVM alive. */
    public static void main(String[] args) {
        try {
            run(Path.of(args[0]).toAbsolutePath());
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Path dir) throws Exception {
        Configuration dfsConf = new Configuration();
        dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
        dfs.waitActive();
        String hdfs = "hdfs://localhost:" + dfs.getNameNodePort();
        YarnConfiguration conf = yarnConf(hdfs, dir);
        ResourceUtils.resetResourceTypes(conf);
        MiniYARNCluster yarn = new MiniYARNCluster("critdamp-yarn", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        writeClientConf(hdfs, yarn.getConfig(), Files.createDirectories(dir.resolve("conf")));
        Properties ready = new Properties();
        ready.setProperty("hdfs", hdfs);
        Path tmp = dir.resolve("ready.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ready.store(out, "MiniHadoopMain");
        }
        Files.move(tmp, dir.resolve("ready.properties"), StandardCopyOption.ATOMIC_MOVE);

        while (System.in.read() >= 0) {
            // until the parent closes our standard input (or dies)
        }
        yarn.stop();
        dfs.shutdown(true);
    }

    private static YarnConfiguration yarnConf(String hdfs, Path dir) {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", hdfs);
        conf.set("hadoop.tmp.dir", dir.resolve("hadoop-tmp").toString());
        conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, NODE_MEMORY_MB); // MiniYARNCluster's own: 4096
        conf.setInt(YarnConfiguration.NM_VCORES, NODE_VCORES);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, MIN_ALLOCATION_MB);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, NODE_VCORES);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A full test disk must not turn the NodeManager unhealthy (it would then get no containers, silently).
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
        conf.set("yarn.scheduler.capacity.root.queues", "default," + QUEUE);
        for (String queue : new String[] {"default", QUEUE}) {
            conf.set("yarn.scheduler.capacity.root." + queue + ".capacity", "50");
            // Either queue may take the whole node for one user (by default a user gets the queue's 50% only).
            conf.set("yarn.scheduler.capacity.root." + queue + ".maximum-capacity", "100");
            conf.set("yarn.scheduler.capacity.root." + queue + ".user-limit-factor", "2");
        }
        // The application master of a 2-executor job is a large share of this small node.
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
        // GPUs as YARN schedules them (Hadoop >= 3.1): the resource type, the NodeManager's GPU plugin with its
        // devices listed (no nvidia-smi needed to find them), and a scheduler that counts more than memory.
        conf.set("yarn.resource-types", GPU_RESOURCE);
        conf.set(YarnConfiguration.NM_RESOURCE_PLUGINS, GPU_RESOURCE);
        conf.set(YarnConfiguration.NM_GPU_ALLOWED_DEVICES, "0:0,1:1");
        conf.set("yarn.scheduler.capacity.resource-calculator", DominantResourceCalculator.class.getName());
        return conf;
    }

    /** What a client submits with: the ResourceManager's address once it has one, HDFS, the resource types. */
    private static void writeClientConf(String hdfs, Configuration live, Path confDir) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (live.get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ResourceManager did not publish its address within 60 s");
            }
            Thread.sleep(100);
        }
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfs);
        write(core, confDir.resolve("core-site.xml"));
        write(live, confDir.resolve("yarn-site.xml"));
        Configuration types = new Configuration(false);
        types.set("yarn.resource-types", GPU_RESOURCE); // clients read the resource types from this file only
        write(types, confDir.resolve("resource-types.xml"));
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }
}
