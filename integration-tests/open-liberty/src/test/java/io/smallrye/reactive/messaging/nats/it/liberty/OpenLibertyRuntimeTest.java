package io.smallrye.reactive.messaging.nats.it.liberty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.it.runtime.RuntimeScenario;
import io.smallrye.reactive.messaging.nats.it.runtime.RuntimeScenarioTest;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * The runtime-app on a real Open Liberty server, prepared by the build in {@code target/liberty/wlp} (the full
 * runtime zip, the server.xml of src/main/liberty/config and the WAR in apps/), started here as a process of the JDK
 * that runs the tests and connected to a real nats-server through MicroProfile Config; then the shared scenario.
 */
class OpenLibertyRuntimeTest extends RuntimeScenarioTest {

    private static final Duration SERVER_START = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 120;

    private static final Path WLP = Path.of(System.getProperty("liberty.install.dir", "target/liberty/wlp"));
    private static final String SERVER = System.getProperty("liberty.server.name", "nats-it");
    private static final Path SERVER_DIR = WLP.resolve("usr/servers").resolve(SERVER);
    private static final Path LOGS = SERVER_DIR.resolve("logs");
    private static final Path MESSAGES = LOGS.resolve("messages.log");
    private static final Path CONSOLE = WLP.getParent().resolve(SERVER + "-console.log");

    private static NatsServer nats;
    private static Process liberty;
    private static RuntimeScenario scenario;

    @BeforeAll
    static void startNatsAndLiberty() throws IOException {
        if (!Files.isDirectory(SERVER_DIR)) {
            throw new IllegalStateException("No Liberty server at " + SERVER_DIR.toAbsolutePath()
                    + ": run the build through the package phase (liberty:create and liberty:deploy) first");
        }
        nats = NatsServer.startPlain();
        int httpPort = NatsServer.freePort();
        deleteRecursively(LOGS); // the tail shown on failure must be this run's

        ProcessBuilder builder = new ProcessBuilder(WLP.resolve("bin/server").toString(), "run", SERVER, "--clean")
                .redirectErrorStream(true)
                .redirectOutput(CONSOLE.toFile());
        Map<String, String> env = builder.environment();
        // Nothing of the caller's Liberty or JVM settings leaks in; Liberty runs on the JDK that runs the tests.
        List.of("WLP_USER_DIR", "WLP_OUTPUT_DIR", "JVM_ARGS", "JAVA_OPTIONS", "OPENJ9_JAVA_OPTIONS",
                "IBM_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "LOG_DIR", "LOG_FILE", "WLP_DEBUG_ADDRESS")
                .forEach(env::remove);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // Liberty resolves ${http.port} of server.xml from HTTP_PORT; the application's MicroProfile Config reads
        // the connector's url from MP_MESSAGING_CONNECTOR_SMALLRYE_NATS_URL.
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_NATS_URL", nats.url());

        long begin = System.nanoTime();
        liberty = builder.start();
        try {
            // CWWKF0011I: the server is ready; CWWKZ0001I / CWWKZ0002E: the application started / failed.
            await("Liberty server " + SERVER + " started").atMost(SERVER_START).pollInterval(Duration.ofMillis(100))
                    .until(() -> !liberty.isAlive() || messages().contains("CWWKF0011I"));
            if (!liberty.isAlive()) {
                throw new IllegalStateException("Liberty exited with " + liberty.exitValue());
            }
        } catch (Throwable e) {
            throw withLogs("Liberty did not start", e);
        }
        System.out.printf("Open Liberty %s started in %d ms on http://localhost:%d (NATS %s)%n", SERVER,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), httpPort, nats.url());
        scenario = new RuntimeScenario(nats.url(), "http://localhost:" + httpPort + "/health/ready");
    }

    @AfterAll
    static void stopLibertyAndNats() throws InterruptedException {
        try {
            if (scenario != null) {
                scenario.close();
            }
        } finally {
            try {
                stopLiberty();
            } finally {
                if (nats != null) {
                    nats.close();
                }
            }
        }
    }

    @Override
    protected RuntimeScenario scenario() {
        return scenario;
    }

    /** A failing step carries the tail of Liberty's messages.log, so that CI explains itself. */
    @Override
    protected void step(Runnable step) {
        try {
            step.run();
        } catch (Throwable e) {
            throw withLogs(e.getMessage(), e);
        }
    }

    /**
     * Liberty scans the members of every bean class: a connector bean naming a type this runtime does not give
     * applications (OpenTelemetry, SmallRye's JsonMapping) would cost a warning and an FFDC report at each start.
     */
    @Test
    @Order(4)
    void connectorBeansLoadWithoutWarnings() {
        List<String> warnings = messages().lines()
                .filter(line -> line.matches(".* [WE] [A-Z]{4,5}\\d{4}[WE]: .*")
                        && line.contains("io.smallrye.reactive.messaging.nats"))
                .toList();
        assertEquals(List.of(), warnings);
    }

    /** SIGTERM to the server JVM (`server run` execs java): Liberty's shutdown hook stops it cleanly. */
    private static void stopLiberty() throws InterruptedException {
        if (liberty == null) {
            return;
        }
        long begin = System.nanoTime();
        liberty.destroy();
        if (!liberty.waitFor(30, TimeUnit.SECONDS)) {
            liberty.descendants().forEach(ProcessHandle::destroyForcibly);
            liberty.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        System.out.printf("Open Liberty %s stopped in %d ms%n", SERVER,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    private static AssertionError withLogs(String message, Throwable cause) {
        String report = message + "\n----- last " + LOG_TAIL_LINES + " lines of " + MESSAGES.toAbsolutePath()
                + " -----\n" + tail(MESSAGES) + "\n----- last " + LOG_TAIL_LINES + " lines of "
                + CONSOLE.toAbsolutePath() + " -----\n" + tail(CONSOLE);
        System.err.println(report);
        return new AssertionError(report, cause);
    }

    private static String messages() {
        try {
            return Files.exists(MESSAGES) ? read(MESSAGES) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file.getFileName() + ")";
            }
            List<String> lines = read(file).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }

    /** Lenient: a line cut in the middle of a character must not hide the rest. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
