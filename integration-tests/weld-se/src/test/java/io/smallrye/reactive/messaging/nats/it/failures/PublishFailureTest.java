package io.smallrye.reactive.messaging.nats.it.failures;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.OutgoingNatsMetadata;
import io.smallrye.reactive.messaging.nats.it.base.BufferedProducer;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/** A publish jnats refuses is nacked with the cause: the sender learns about it, nothing vanishes silently. */
class PublishFailureTest extends NatsTestBase {

    private NatsServer own;

    @ApplicationScoped
    public static class Sender {
        @Inject
        @Channel("out")
        Emitter<byte[]> emitter;

        Emitter<byte[]> emitter() {
            return emitter;
        }
    }

    @Test
    void wildcardSubjectsFromMetadataAreNackedNotPublished() throws Exception {
        Map<String, String> config = outgoing(config(), "out", prefix + ".fixed");
        start(config, BufferedProducer.class);
        io.nats.client.Subscription everything = client().subscribe(prefix + ".>");
        client().flush(java.time.Duration.ofSeconds(2));
        for (String subject : java.util.List.of(prefix + ".*", prefix + ".>", prefix + "..x")) {
            Message<String> message = Message.of("x").addMetadata(OutgoingNatsMetadata.builder().withSubject(subject).build());
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> send(bean(BufferedProducer.class).emitter(), message).get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause().getMessage().contains("SRNATS01011")
                    && failure.getCause().getMessage().contains("'" + subject + "'"), failure.getCause().getMessage());
        }
        send(bean(BufferedProducer.class).emitter(), Message.of("after")).get(10, TimeUnit.SECONDS);
        io.nats.client.Message first = everything.nextMessage(java.time.Duration.ofSeconds(5));
        assertEquals(prefix + ".fixed", first.getSubject()); // nothing reached a literal wildcard subject before it
    }

    @Test
    void payloadAboveTheServersMaxPayloadIsNacked() {
        own = servers.own(NatsServer.builder().config("max_payload: 1024\n").start());
        Map<String, String> config = outgoing(config(), "out", "big");
        config.put("mp.messaging.connector.smallrye-nats.url", own.url());
        start(config, Sender.class);
        await().until(() -> readiness().isOk());

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> bean(Sender.class).emitter().send(new byte[4096]).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().toLowerCase().contains("payload"), failure.getCause().getMessage());
    }

    @Test
    void reconnectBufferOverflowWhileDisconnectedIsNacked() throws Exception {
        own = servers.own(NatsServer.startPlain());
        Map<String, String> config = outgoing(config(), "out", "buffered");
        config.put("mp.messaging.connector.smallrye-nats.url", own.url());
        config.put("mp.messaging.connector.smallrye-nats.reconnect-buffer-size", "2048");
        start(config, Sender.class);
        await().until(() -> readiness().isOk());
        own.stop();
        await().until(() -> !readiness().isOk());

        Emitter<byte[]> emitter = bean(Sender.class).emitter();
        CompletableFuture<Void> fits = emitter.send(new byte[512]).toCompletableFuture();
        fits.get(10, TimeUnit.SECONDS); // buffered for the reconnect: accepted
        ExecutionException overflow = assertThrows(ExecutionException.class,
                () -> emitter.send(new byte[4096]).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, overflow.getCause());
        assertTrue(overflow.getCause().getMessage().contains("reconnect"), overflow.getCause().getMessage());
        assertTrue(describe(liveness()).contains("last publish failure"), describe(liveness()));
    }
}
