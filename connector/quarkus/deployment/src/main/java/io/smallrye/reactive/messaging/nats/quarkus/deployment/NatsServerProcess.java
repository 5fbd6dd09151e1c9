package io.smallrye.reactive.messaging.nats.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.quarkus.deployment.builditem.Startable;

/**
 * A local nats-server process with JetStream and its monitoring endpoint, on the loopback interface, its store in a
 * temporary directory that goes with it. A shared server leaves a marker (its URL and process id) where the next application of
 * the same service
 * name finds it.
 */
final class NatsServerProcess implements Startable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path executable;
    private final OptionalInt fixedPort;
    private final Path sharedMarker;
    private Process process;
    private Path directory;
    private String url;
    private String monitoring;

    /** @param sharedMarker where to announce the server to other applications; null when it is not shared */
    NatsServerProcess(Path executable, OptionalInt fixedPort, Path sharedMarker) {
        this.executable = executable;
        this.fixedPort = fixedPort;
        this.sharedMarker = sharedMarker;
    }

    /** The executable: configured, else {@code $NATS_SERVER}, else on the PATH, else where the Debian package puts it. */
    static Path find(Optional<String> configured) {
        if (configured.isPresent()) {
            Path path = Path.of(configured.get());
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("Dev Services for NATS: quarkus.nats.devservices.server-path=" + path
                        + " is not an executable file");
            }
            return path;
        }
        Stream<String> fromEnvironment = Stream.of(System.getenv("NATS_SERVER")).filter(p -> p != null && !p.isBlank());
        Stream<String> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "nats-server").toString());
        return Stream.concat(Stream.concat(fromEnvironment, onPath), Stream.of("/usr/sbin/nats-server", "/usr/bin/nats-server"))
                .map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("Dev Services for NATS found no nats-server executable: install"
                        + " it (Debian: apt-get install nats-server), set quarkus.nats.devservices.server-path or"
                        + " NATS_SERVER, or set mp.messaging.connector.smallrye-nats.url to use a server of your own"));
    }

    /** The URL of a shared server another application started, if it still runs. */
    static Optional<String> running(Path marker) {
        try {
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            String url = lines.get(0);
            boolean alive = ProcessHandle.of(Long.parseLong(lines.get(1))).map(ProcessHandle::isAlive).orElse(false);
            return alive && answers(url) ? Optional.of(url) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no marker, or one left by a server that is gone
        }
    }

    static Path marker(String serviceName) {
        return Path.of(System.getProperty("java.io.tmpdir"), "quarkus-smallrye-nats-devservices-" + serviceName);
    }

    @Override
    public void start() {
        try {
            int port = fixedPort.isPresent() ? fixedPort.getAsInt() : freePort();
            int monitoringPort = freePort();
            directory = Files.createTempDirectory("quarkus-smallrye-nats-");
            Path log = directory.resolve("nats-server.log");
            process = new ProcessBuilder(executable.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "-m",
                    String.valueOf(monitoringPort), "-js", "-sd", directory.resolve("jetstream").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            url = "nats://127.0.0.1:" + port;
            monitoring = "http://127.0.0.1:" + monitoringPort;
            awaitReady(log);
            if (sharedMarker != null) {
                Files.writeString(sharedMarker, url + "\n" + process.pid() + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Dev Services for NATS could not start " + executable, e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("Server is ready")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log, StandardCharsets.UTF_8);
                close();
                throw new IllegalStateException("Dev Services for NATS: " + executable + " did not become ready at " + url
                        + (process.isAlive() ? " within " + READY_TIMEOUT.toSeconds() + " s" : "") + ":\n" + output);
            }
            try {
                Thread.sleep(20); // the server's readiness line is the only signal; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while nats-server started", e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean answers(String url) {
        java.net.URI address = java.net.URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String getConnectionInfo() {
        return url;
    }

    /** The server's HTTP monitoring endpoint (connections, JetStream usage), for the developer. */
    String monitoring() {
        return monitoring;
    }

    @Override
    public String getContainerId() {
        return process == null ? null : "nats-server pid " + process.pid();
    }

    @Override
    public void close() {
        if (process != null) {
            if (sharedMarker != null) {
                try {
                    Files.deleteIfExists(sharedMarker);
                } catch (IOException e) {
                    // a marker left behind names a dead process: the next application ignores it
                }
            }
            process.destroy(); // SIGTERM: the server shuts down cleanly
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
