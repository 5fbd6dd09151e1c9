package io.smallrye.reactive.messaging.nats.it.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.it.base.InOutApp;
import io.smallrye.reactive.messaging.nats.it.base.LogCapture;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.it.base.TestCertificates;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * Every refused connection or denied subject says why, once, where the user looks: readiness keeps the most specific
 * cause of the last failed attempt, the log has one line per distinct failure (no disconnected / closed lines for a
 * connection that never opened), and a denied publish is nacked with the permission cause.
 */
class SecurityDiagnosticsTest extends NatsTestBase {

    private static final String PASSWORD = "diagnostics-pa55";
    private static TestCertificates certs;
    private NatsServer own;
    private LogCapture log;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create();
    }

    @AfterEach
    void stopOwnServer() {
        if (log != null) {
            log.close();
        }
    }

    private Map<String, String> app(String url) {
        Map<String, String> config = incoming(config(), "in", "data.in");
        outgoing(config, "out", "data.out");
        config.put("mp.messaging.connector.smallrye-nats.url", url);
        config.put("mp.messaging.connector.smallrye-nats.connection-name", prefix);
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "200ms");
        config.put("mp.messaging.connector.smallrye-nats.reconnect-jitter", "0");
        config.put("mp.messaging.connector.smallrye-nats.connection-timeout", "1s");
        return config;
    }

    private Map<String, String> trusting(Map<String, String> config) {
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-path", certs.path("truststore.p12"));
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-password", TestCertificates.STORE_PASSWORD);
        return config;
    }

    /**
     * Starts the application, lets the connector retry for a while, and checks that readiness showed the expected
     * cause at every look and that the connection logged it exactly once.
     */
    private void assertRefusedWith(Map<String, String> config, String expected) throws Exception {
        log = LogCapture.start();
        start(config, InOutApp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()).contains(expected));
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // at 200 ms a retry: ten attempts or more
        while (System.nanoTime() < until) {
            String health = describe(readiness());
            assertTrue(health.contains(expected) && health.contains("in=DOWN"), health);
            Thread.sleep(50);
        }
        List<String> lines = log.matching("Connection " + prefix);
        assertEquals(1, lines.size(), "one line per distinct failure:\n" + String.join("\n", log.lines()));
        assertTrue(lines.get(0).contains(expected), lines.get(0));
        assertTrue(log.matching("DISCONNECTED").isEmpty() && log.matching("CLOSED").isEmpty(), String.join("\n", log.lines()));
        for (String line : log.lines()) {
            assertFalse(line.contains(PASSWORD) || line.contains(TestCertificates.STORE_PASSWORD), line);
        }
    }

    @Test
    void aCertificateForAnotherHost() throws Exception {
        own = servers.own(NatsServer.builder().config(certs.serverTls("wrong-host", false)).start());
        assertRefusedWith(trusting(app(own.url())), "No subject alternative names matching IP address 127.0.0.1 found");
    }

    @Test
    void anUntrustedCertificateAuthority() throws Exception {
        own = servers.own(NatsServer.builder().config(certs.serverTls("server", false)).start());
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.tls-enabled", "true"); // the JVM's default trust
        assertRefusedWith(config, "PKIX path building failed");
    }

    @Test
    void mutualTlsWithoutAClientCertificate() throws Exception {
        own = servers.own(NatsServer.builder().config(certs.serverTls("server", true)).start());
        assertRefusedWith(trusting(app(own.url())),
                "the server closed the TLS handshake; it may require a client certificate (tls-keystore-path)");
    }

    @Test
    void aWrongPassword() throws Exception {
        own = servers.own(
                NatsServer.builder().config("authorization {\n  user: agent\n  password: \"" + PASSWORD + "\"\n}\n").start());
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.username", "agent");
        config.put("mp.messaging.connector.smallrye-nats.password", "wrong-" + PASSWORD);
        assertRefusedWith(config, "Authorization Violation");
    }

    @Test
    void aServerThatIsDownIsOneLineThenAReminder() throws Exception {
        int port = NatsServer.freePort();
        assertRefusedWith(app("nats://127.0.0.1:" + port), "Connection refused");
    }

    private NatsServer serverDenyingSecrets() {
        return servers.own(NatsServer.builder().jetStream().config("authorization {\n  users = [ { user: agent, password: \""
                + PASSWORD + "\", permissions: { publish: { deny: [\"secret.>\"] } } } ]\n}\n").start());
    }

    private Map<String, String> agent(String subject) {
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.username", "agent");
        config.put("mp.messaging.connector.smallrye-nats.password", PASSWORD);
        config.put("mp.messaging.outgoing.out.subject", subject);
        return config;
    }

    @Test
    void afterTheServerDeniedASubjectLaterPublishesToItAreNacked() throws Exception {
        own = serverDenyingSecrets();
        start(agent("secret.out"), InOutApp.class);
        await().until(() -> readiness().isOk());
        // Core NATS reports a violation asynchronously: the first message cannot be refused.
        bean(InOutApp.class).emitter().send("first").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()).contains("out=DOWN"));
        ExecutionException second = assertThrows(ExecutionException.class,
                () -> bean(InOutApp.class).emitter().send("second").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(second.getCause().getMessage().contains("denies publishing to 'secret.out'"), second.getCause().toString());
    }

    @Test
    void aJetStreamPublishToADeniedSubjectIsNackedAtOnce() throws Exception {
        own = serverDenyingSecrets();
        try (var admin = io.nats.client.Nats.connect(new io.nats.client.Options.Builder().server(own.url())
                .userInfo("agent", PASSWORD).build())) {
            admin.jetStreamManagement().addStream(StreamConfiguration.builder().name("SECRETS").subjects("secret.>")
                    .storageType(StorageType.Memory).build());
        }
        Map<String, String> config = agent("secret.js");
        config.put("mp.messaging.outgoing.out.jetstream", "true");
        config.put("mp.messaging.outgoing.out.stream", "SECRETS");
        config.put("mp.messaging.outgoing.out.request-timeout", "5s");
        start(config, InOutApp.class);
        await().until(() -> readiness().isOk());
        long begin = System.nanoTime();
        ExecutionException first = assertThrows(ExecutionException.class,
                () -> bean(InOutApp.class).emitter().send("first").toCompletableFuture().get(30, TimeUnit.SECONDS));
        long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        assertTrue(first.getCause().getMessage().contains("denies publishing to 'secret.js'"), first.getCause().toString());
        assertTrue(millis < 2_000, "nacked after " + millis + " ms, not after request-timeout and retries");
    }
}
