package io.smallrye.reactive.messaging.nats.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} process on a free loopback port, for tests, examples and benchmarks. It can be stopped
 * (SIGTERM), killed (SIGKILL) and started again on the same port with the same JetStream store.
 * <p>
 * jnats-server-runner starts servers too, but exposes neither SIGKILL nor a restart on the same port and store, which
 * the fault tests need; this class is the small part of process handling we need and no more.
 * <p>
 * The executable is {@code $NATS_SERVER} if set, else {@code nats-server} on the {@code PATH}, else the Debian
 * package's {@code /usr/sbin/nats-server}.
 */
public final class NatsServer implements AutoCloseable {

    /** The ports {@link #freePort()} handed out in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final int monitorPort;
    private final boolean jetStream;
    private final String config;
    private final Path workDir;
    private final Path log;
    private Process process;

    private NatsServer(Builder builder) {
        try {
            this.port = builder.port > 0 ? builder.port : freePort();
            this.monitorPort = builder.monitoring ? freePort() : -1;
            this.jetStream = builder.jetStream;
            this.config = builder.config;
            this.workDir = Files.createTempDirectory("nats-server-" + port + "-");
            this.log = workDir.resolve("server.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a plain server (no JetStream) on a free port. */
    public static NatsServer startPlain() {
        return builder().start();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The monitoring HTTP port, or -1 when monitoring was not asked for. */
    public int monitorPort() {
        return monitorPort;
    }

    /**
     * How many open connections the server lists (its monitoring's {@code /connz}, so only with monitoring) under a name
     * the regular expression matches whole.
     */
    public long connectionsNamed(String nameRegex) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + monitorPort + "/connz?limit=1024")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return Pattern.compile("\"name\":\\s*\"" + nameRegex + "\"").matcher(body).results().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process id of the running server (e.g. to read its CPU time). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("the server is not running");
        }
        return process.pid();
    }

    public Path workDir() {
        return workDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again) on its port, keeping its JetStream store, and waits until it accepts clients. */
    public synchronized NatsServer start() {
        if (isRunning()) {
            return this;
        }
        List<String> command = new ArrayList<>(List.of(executable(), "-a", "127.0.0.1", "-p", String.valueOf(port)));
        if (monitorPort > 0) {
            command.addAll(List.of("-m", String.valueOf(monitorPort)));
        }
        if (jetStream) {
            command.addAll(List.of("-js", "-sd", workDir.resolve("jetstream").toString()));
        }
        try {
            if (config != null) {
                Path file = workDir.resolve("server.conf");
                Files.writeString(file, config);
                command.addAll(List.of("-c", file.toString()));
            }
            Files.deleteIfExists(log);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + String.join(" ", command)
                    + " (install it with `apt-get install nats-server` or set NATS_SERVER)", e);
        }
        awaitReady();
        return this;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with " + process.exitValue() + ":\n" + logText());
            }
            if (logText().contains("Server is ready")) {
                return;
            }
            try {
                Thread.sleep(20); // polls the server's own readiness line; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nats-server not ready within " + STARTUP_TIMEOUT + ":\n" + logText());
    }

    /** Graceful stop (SIGTERM), waiting for the process to exit. */
    public synchronized void stop() {
        terminate(false);
    }

    /** Crash (SIGKILL): no goodbye to clients, no flush of the store. */
    public synchronized void kill() {
        terminate(true);
    }

    private void terminate(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized NatsServer restart() {
        stop();
        return start();
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing else to do
        }
    }

    /**
     * A loopback port nothing listens on, never one this JVM handed out before: the ports of a cluster are all chosen
     * before its nodes bind them, and the kernel may offer a port it just freed again (a cluster then had one route
     * twice, which nats-server 2.15 refuses).
     */
    public static int freePort() {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    /** The nats-server executable this class uses. */
    public static String executable() {
        String configured = System.getenv("NATS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "nats-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/sbin/nats-server";
    }

    public static final class Builder {
        private int port;
        private boolean jetStream;
        private boolean monitoring;
        private String config;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder jetStream() {
            this.jetStream = true;
            return this;
        }

        public Builder monitoring() {
            this.monitoring = true;
            return this;
        }

        /** Content of a server configuration file (accounts, TLS, cluster...), written to the work directory. */
        public Builder config(String config) {
            this.config = config;
            return this;
        }

        public NatsServer build() {
            return new NatsServer(this);
        }

        public NatsServer start() {
            return build().start();
        }
    }
}
