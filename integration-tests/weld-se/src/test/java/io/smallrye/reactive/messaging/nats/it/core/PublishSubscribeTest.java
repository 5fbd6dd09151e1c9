package io.smallrye.reactive.messaging.nats.it.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingNatsMetadata;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class PublishSubscribeTest extends NatsTestBase {

    @ApplicationScoped
    public static class Receiver {
        final List<String> payloads = new CopyOnWriteArrayList<>();
        final List<IncomingNatsMetadata> metadata = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        List<String> payloads() {
            return payloads;
        }

        List<IncomingNatsMetadata> metadata() {
            return metadata;
        }

        List<String> threads() {
            return threads;
        }

        @Incoming("in")
        CompletionStage<Void> receive(Message<String> message) {
            payloads.add(message.getPayload());
            metadata.add(message.getMetadata(IncomingNatsMetadata.class).orElseThrow());
            threads.add(Thread.currentThread().getName());
            return message.ack();
        }
    }

    @ApplicationScoped
    public static class Sender {
        @Inject
        @Channel("out")
        Emitter<String> emitter;

        Emitter<String> emitter() {
            return emitter;
        }
    }

    @Test
    void wildcardSubscriptionReceivesWithSubjectHeadersAndReplyTo() throws Exception {
        Map<String, String> config = incoming(config(), "in", prefix + ".tasks.>");
        start(config, Receiver.class);
        Receiver receiver = bean(Receiver.class);
        await().until(() -> readiness().isOk());

        Headers headers = new Headers().add("agent", "planner");
        client().publish(NatsMessage.builder().subject(prefix + ".tasks.a.1").replyTo("reply.here").headers(headers)
                .data("one", StandardCharsets.UTF_8).build());
        client().publish(prefix + ".tasks.b", "two".getBytes(StandardCharsets.UTF_8));
        client().publish(prefix + ".other", "not for us".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.payloads().size() == 2);
        assertEquals(List.of("one", "two"), receiver.payloads());
        IncomingNatsMetadata first = receiver.metadata().get(0);
        assertEquals(prefix + ".tasks.a.1", first.getSubject());
        assertEquals("reply.here", first.getReplyTo().orElseThrow());
        assertEquals("planner", first.getHeader("agent").orElseThrow());
        assertTrue(first.getQueue().isEmpty());
        assertTrue(receiver.metadata().get(1).getReplyTo().isEmpty());
        // Handlers run on the Vert.x event loop of the messages' contexts, never on a jnats dispatcher or reader thread.
        assertTrue(receiver.threads().stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")),
                receiver.threads().toString());
        // A third message published to a subject outside the wildcard never arrives.
        client().flush(Duration.ofSeconds(2));
        assertEquals(2, receiver.payloads().size());
    }

    @Test
    void emitterPublishesWithMetadataOverridesAndAcksOnAcceptance() throws Exception {
        Subscription fixed = client().subscribe(prefix + ".results");
        Subscription overridden = client().subscribe(prefix + ".results.special");
        client().flush(Duration.ofSeconds(2));
        start(outgoing(config(), "out", prefix + ".results"), Sender.class);
        Emitter<String> emitter = bean(Sender.class).emitter();

        emitter.send("plain").toCompletableFuture().get(10, TimeUnit.SECONDS);
        OutgoingNatsMetadata metadata = OutgoingNatsMetadata.builder().withSubject(prefix + ".results.special")
                .withReplyTo("inbox.1").withHeader("type", "result").build();
        emitter.send(Message.of("special").addMetadata(metadata));

        io.nats.client.Message plain = fixed.nextMessage(Duration.ofSeconds(10));
        assertEquals("plain", new String(plain.getData(), StandardCharsets.UTF_8));
        assertNull(plain.getReplyTo());
        io.nats.client.Message special = overridden.nextMessage(Duration.ofSeconds(10));
        assertEquals("special", new String(special.getData(), StandardCharsets.UTF_8));
        assertEquals("inbox.1", special.getReplyTo());
        assertEquals("result", special.getHeaders().getFirst("type"));
    }
}
