package io.smallrye.reactive.messaging.nats.it.quarkus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * No NATS URL is configured: the extension's Dev Services start a local nats-server with JetStream and give the
 * connector its URL. Non-blocking methods (a {@code Uni} on a core channel, a {@code CompletionStage} taking a
 * JetStream {@code Message}) get a Vert.x context of their own per message, where a reactive call works.
 */
@QuarkusTest
class QuarkusDevServicesTest {

    static final String FIRST_SERVER = "smallrye-nats.test.first-dev-server";

    @ConfigProperty(name = "mp.messaging.connector.smallrye-nats.url")
    String url;

    @TestHTTPResource("/q/health/ready")
    URL readiness;

    @Inject
    ContextProbe probe;

    @Test
    void devServicesStartedALocalServerWithJetStream() throws Exception {
        URI address = URI.create(url);
        assertEquals("127.0.0.1", address.getHost(), url);
        List<ProcessHandle> servers = DevServer.started();
        assertEquals(1, servers.size(), "Dev Services servers: " + servers);
        ProcessHandle server = servers.get(0);
        assertEquals(String.valueOf(address.getPort()), DevServer.argument(server, "-p"));
        assertTrue(DevServer.arguments(server).contains("-js"), DevServer.arguments(server).toString());
        try (Connection client = Nats.connect(url)) {
            client.jetStreamManagement().getAccountStatistics(); // fails without JetStream
        }
        System.setProperty(FIRST_SERVER, String.valueOf(server.pid()));
    }

    @Test
    void nonBlockingMethodsRunOnAVertxContextOfTheirOwn() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(readiness.toURI()).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200); // subscribed: a core message sent now is not lost
        List<String> payloads = IntStream.range(0, 20).mapToObj(i -> "p" + i).toList();
        payloads.forEach(probe.coreOut()::send);
        payloads.forEach(probe.jetStreamOut()::send);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> probe.core().size() >= payloads.size() && probe.jetStream().size() >= payloads.size());
        assertEquals(payloads, probe.core());
        assertEquals(payloads, probe.jetStream());
    }
}
