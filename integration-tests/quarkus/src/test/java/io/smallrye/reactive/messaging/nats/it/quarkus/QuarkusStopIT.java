package io.smallrye.reactive.messaging.nats.it.quarkus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * The packaged Quarkus application (target/quarkus-app), run as users run it and stopped as a container or
 * {@code quarkus:dev} stops it (SIGTERM), after its JetStream channel has been up past two pull expiries: the stop
 * takes well under the 10 s drain timeout, with and without traffic. Bounds are generous; this is no benchmark.
 */
class QuarkusStopIT {

    private NatsServer server;
    private Process application;
    private Path output;

    @BeforeEach
    void startServer() {
        server = NatsServer.builder().jetStream().start();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (application != null && application.isAlive()) {
            application.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    private int startApplication() throws IOException {
        int port = NatsServer.freePort();
        output = Files.createTempFile("quarkus-app", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        application = new ProcessBuilder(List.of(java, "-Dquarkus.http.port=" + port,
                "-Dmp.messaging.connector.smallrye-nats.url=" + server.url(),
                "-Dmp.messaging.incoming.journal-in.pull-expires=1s",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(port));
        return port;
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The defect needs wall time to pass: two pull expiries (pull-expires=1s), whatever happens meanwhile. */
    private static void pastTwoPullExpiries() throws InterruptedException {
        Thread.sleep(2_500);
    }

    private long timedStop() throws Exception {
        long start = System.nanoTime();
        application.destroy(); // SIGTERM
        assertTrue(application.waitFor(30, TimeUnit.SECONDS), "the application did not stop");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String log = Files.readString(output);
        assertFalse(log.contains("SRNATS00109"), "drain timed out:\n" + log);
        return millis;
    }

    @Test
    void idleStopIsQuick() throws Exception {
        startApplication();
        pastTwoPullExpiries();
        long millis = timedStop();
        assertTrue(millis < 3_000, "stop took " + millis + " ms");
    }

    @Test
    void stopAfterTrafficIsQuickAndLeavesNothingUnacked() throws Exception {
        startApplication();
        try (Connection client = Nats.connect(server.url())) {
            for (int i = 0; i < 200; i++) {
                client.jetStream().publish("journal.outside", ("{\"id\":\"o-" + i + "\",\"amount\":" + i + "}").getBytes());
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> client.jetStreamManagement()
                    .getConsumerInfo("JOURNAL", "journal").getAckFloor().getStreamSequence() == 200);
            pastTwoPullExpiries();
            long millis = timedStop();
            assertTrue(millis < 3_000, "stop took " + millis + " ms");
            assertEquals(0, client.jetStreamManagement().getConsumerInfo("JOURNAL", "journal").getNumAckPending());
        }
    }
}
