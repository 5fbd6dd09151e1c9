package io.smallrye.nats.examples.council;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.smallrye.nats.examples.council.worker.WorkerMain;

/**
 * The worker replicas, each a process of its own (this JVM's classpath, {@code mp.config.profile=worker}), so that
 * killing one is what it is in production: SIGKILL, the connection dropped without a goodbye. Their output goes to
 * the transcript under their names.
 */
final class WorkerProcesses implements AutoCloseable {

    private final Map<String, Process> running = new LinkedHashMap<>();

    /** Starts the worker and returns once it says its channels are ready. */
    void start(String name, Duration timeout) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", classpath(), "-Dmp.config.profile=worker", "-Dcouncil.worker=" + name,
                "-Dnats.url=" + System.getProperty("nats.url"),
                WorkerMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        running.put(name, process);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread relay = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Transcript.say(name, line);
                    if (line.equals("ready")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException gone) {
                // the process was killed
            }
            ready.completeExceptionally(new IllegalStateException(name + " ended before it was ready"));
        }, name + "-output");
        relay.setDaemon(true);
        relay.start();
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: the worker gets no chance to unsubscribe or to finish anything. */
    void kill(String name) throws InterruptedException {
        Process process = running.remove(name);
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        for (String name : List.copyOf(running.keySet())) {
            kill(name);
        }
    }

    /** Maven's exec:java runs the example in a class loader of its own; a test or java -cp in the JVM's. */
    private static String classpath() throws URISyntaxException {
        if (WorkerProcesses.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> paths = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                paths.add(Path.of(url.toURI()).toString());
            }
            return String.join(File.pathSeparator, paths);
        }
        return System.getProperty("java.class.path");
    }
}
