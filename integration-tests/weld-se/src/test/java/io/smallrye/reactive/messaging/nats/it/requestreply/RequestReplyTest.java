package io.smallrye.reactive.messaging.nats.it.requestreply;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.nats.client.Dispatcher;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsNoRespondersException;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

class RequestReplyTest extends NatsTestBase {

    /** A service: each request on "requests" is answered on the request's reply-to subject. */
    @ApplicationScoped
    public static class UpperCaseService {
        @Incoming("requests")
        @Outgoing("replies")
        String handle(String request) {
            return request.toUpperCase();
        }
    }

    @ApplicationScoped
    public static class Requester {
        @Inject
        @Channel("ask")
        NatsRequestReply<String, String> ask;

        @Inject
        @Channel("ask-count")
        NatsRequestReply<String, Integer> askCount;

        NatsRequestReply<String, String> ask() {
            return ask;
        }

        NatsRequestReply<String, Integer> askCount() {
            return askCount;
        }
    }

    private Map<String, String> serviceAndRequester() {
        Map<String, String> config = config();
        incoming(config, "requests", prefix + ".upper");
        config.put("mp.messaging.incoming.requests.queue", "upper-service");
        outgoing(config, "replies", null);
        outgoing(config, "ask", prefix + ".upper");
        outgoing(config, "ask-count", prefix + ".count");
        config.put("mp.messaging.outgoing.ask-count.request-timeout", "300ms");
        return config;
    }

    @Test
    void aRequestWhileDisconnectedSaysTheConnectionIsDown() {
        try (NatsServer own = NatsServer.builder().start()) {
            Map<String, String> config = serviceAndRequester();
            config.put("mp.messaging.connector.smallrye-nats.url", own.url());
            start(config, UpperCaseService.class, Requester.class);
            await().until(() -> readiness().isOk());
            own.stop();
            await().until(() -> !readiness().isOk());
            long begin = System.nanoTime();
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> bean(Requester.class).ask().request("hello").await().atMost(Duration.ofSeconds(10)));
            assertTrue(String.valueOf(failure.getMessage()).contains("SRNATS01012")
                    && failure.getMessage().contains("not connected"), String.valueOf(failure));
            assertTrue(Duration.ofNanos(System.nanoTime() - begin).toMillis() < 2_000, "failed at once");
            stopContainer();
        }
    }

    @Test
    void emitterRequestsAndProcessorReplies() {
        start(serviceAndRequester(), UpperCaseService.class, Requester.class);
        await().until(() -> readiness().isOk());
        Requester requester = bean(Requester.class);

        assertEquals("HELLO", requester.ask().request("hello").await().atMost(Duration.ofSeconds(10)));
        Message<String> reply = requester.ask().request(Message.of("agents")).await().atMost(Duration.ofSeconds(10));
        assertEquals("AGENTS", reply.getPayload());
        assertTrue(reply.getMetadata(IncomingNatsMetadata.class).orElseThrow().getSubject().startsWith("_INBOX."));
    }

    @Test
    void rawClientRequestsAreServed() throws Exception {
        start(serviceAndRequester(), UpperCaseService.class, Requester.class);
        await().until(() -> readiness().isOk());
        io.nats.client.Message reply = client().request(prefix + ".upper", "raw".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
        assertEquals("RAW", new String(reply.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void repliesAreDecodedToTheDeclaredType() throws Exception {
        io.nats.client.Connection client = client();
        Dispatcher counter = client.createDispatcher(m -> client.publish(m.getReplyTo(),
                String.valueOf(m.getData().length).getBytes(StandardCharsets.UTF_8)));
        counter.subscribe(prefix + ".count");
        client().flush(Duration.ofSeconds(2));
        start(serviceAndRequester(), UpperCaseService.class, Requester.class);
        await().until(() -> readiness().isOk());
        assertEquals(5, bean(Requester.class).askCount().request("12345").await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void noRespondersFailsAtOnceAndSilenceTimesOut() throws Exception {
        start(serviceAndRequester(), UpperCaseService.class, Requester.class);
        await().until(() -> readiness().isOk());
        NatsRequestReply<String, Integer> askCount = bean(Requester.class).askCount();

        // Nobody subscribes to the subject: the server says so at once.
        long start = System.nanoTime();
        NatsNoRespondersException none = assertThrows(NatsNoRespondersException.class,
                () -> askCount.request("x").await().atMost(Duration.ofSeconds(10)));
        assertTrue(none.getMessage().contains(prefix + ".count"), none.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 250, "no-responders must not wait for the timeout");

        // Someone listens but never answers: the 300 ms request-timeout of the channel applies.
        client().subscribe(prefix + ".count");
        client().flush(Duration.ofSeconds(2));
        // Mutiny's await() wraps checked exceptions such as TimeoutException.
        long waitStart = System.nanoTime();
        CompletionException silent = assertThrows(CompletionException.class,
                () -> askCount.request("x").await().atMost(Duration.ofSeconds(10)));
        long waited = Duration.ofNanos(System.nanoTime() - waitStart).toMillis();
        assertInstanceOf(TimeoutException.class, silent.getCause());
        assertTrue(silent.getCause().getMessage().contains("300 ms"), silent.getCause().getMessage());
        assertTrue(waited >= 290 && waited < 2_000, "the channel's 300 ms timeout applies, not jnats' 5 s cleanup: " + waited);
    }
}
