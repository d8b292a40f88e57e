package critdamp.spark.scaling;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A child application of this one: this JVM again (the same java, JVM options and classpath, so the launcher's
 * fast-path flags, memory limits and logging carry over, and the Spark settings spark-submit gave this JVM as
 * {@code spark.*} system properties), running another main class with its own Spark settings. Each scaling size is
 * one such child, so that each is its own Spark application with its own executors and a JVM no earlier size warmed.
 */
final class ChildJvm {
    /** How a child ended: its exit code, its console output, and its last error line ("critdamp ..."), if any. */
    record Result(int exitCode, String output, String errorLine) {
    }

    private ChildJvm() {
    }

    /**
     * The command line of a child running {@code mainClass} with {@code args}; {@code sparkProperties} are given as
     * system properties after this JVM's own {@code spark.*} ones, so they win.
     */
    static List<String> command(Class<?> mainClass, List<String> args, Map<String, String> sparkProperties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dspark.") && !a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a); // a debugger's port would clash; spark.* properties are added below
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.")).sorted()
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        sparkProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(classpath(mainClass));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * This JVM's classpath, with the jar or folder holding {@code mainClass} added when missing (under spark-submit
     * the application jar is loaded by Spark, not from {@code java.class.path}).
     */
    static String classpath(Class<?> mainClass) {
        String cp = System.getProperty("java.class.path");
        try {
            String own = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return Arrays.asList(cp.split(File.pathSeparator)).contains(own) ? cp : own + File.pathSeparator + cp;
        } catch (URISyntaxException | RuntimeException e) {
            return cp;
        }
    }

    /**
     * Runs {@code command} with {@code env} added to this JVM's environment, printing each line of its output
     * (stdout and stderr together) to {@code console} after {@code prefix}; waits for it to end. The child is
     * stopped if this JVM is.
     */
    static Result run(List<String> command, Map<String, String> env, String prefix, PrintStream console) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Thread stop = new Thread(p::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        StringBuilder output = new StringBuilder();
        String errorLine = null;
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            p.getOutputStream().close();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                console.println(prefix + line);
                output.append(line).append('\n');
                if (line.startsWith("critdamp ") || line.startsWith("critdamp:")) {
                    errorLine = line;
                }
            }
            return new Result(p.waitFor(), output.toString(), errorLine);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the output of " + prefix.trim() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + prefix.trim() + " ran", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the child
            }
        }
    }
}
