package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.api.StorageType;
import io.nats.client.api.StreamInfo;
import io.smallrye.reactive.messaging.nats.OutgoingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.it.base.BufferedProducer;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

class JetStreamPublishTest extends JetStreamTestBase {

    @ApplicationScoped
    public static class App {
        @Incoming("in")
        void consume(String s) {
        }
    }

    private static Message<String> withId(String payload, String id) {
        return Message.of(payload).addMetadata(OutgoingJetStreamMetadata.builder().withMessageId(id).build());
    }

    @Test
    void publishesAreAckedOnceStoredAndRepeatedIdsAreStoredOnce() throws Exception {
        Map<String, String> config = jetStreamOutgoing(prefix + ".events");
        config.put("mp.messaging.outgoing.out.stream", stream);
        start(config, BufferedProducer.class);
        Emitter<String> emitter = bean(BufferedProducer.class).emitter();

        int count = 5_000;
        CompletableFuture<?>[] acks = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            acks[i] = emitter.send("event-" + i).toCompletableFuture();
        }
        CompletableFuture.allOf(acks).get(30, TimeUnit.SECONDS);
        // An ack means the stream has it, so the count is exact right away.
        assertEquals(count, jsm().getStreamInfo(stream).getStreamState().getMsgCount());

        send(emitter, withId("order-42", "order-42")).get(10, TimeUnit.SECONDS);
        send(emitter, withId("order-42 again", "order-42")).get(10, TimeUnit.SECONDS);
        assertEquals(count + 1, jsm().getStreamInfo(stream).getStreamState().getMsgCount());
    }

    @Test
    void aPublishNoStreamStoresIsNackedWithTheCause() throws Exception {
        start(jetStreamOutgoing("nowhere." + prefix), BufferedProducer.class);
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> bean(BufferedProducer.class).emitter().send("lost?").toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("503"), String.valueOf(failure.getCause()));
    }

    @Test
    void aPublishWhosePubAckNeverComesIsNackedAfterTheTimeoutAndItsRetries() throws Exception {
        // A plain subscriber on the subject: the publish reaches somebody (no 503), but no PubAck ever comes.
        String subject = "silent." + prefix;
        io.nats.client.Subscription silent = client().subscribe(subject);
        client().flush(Duration.ofSeconds(2));
        Map<String, String> config = jetStreamOutgoing(subject);
        config.put("mp.messaging.outgoing.out.request-timeout", "300ms");
        config.put("mp.messaging.outgoing.out.publish-retries", "2");
        start(config, BufferedProducer.class);
        long start = System.nanoTime();
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> bean(BufferedProducer.class).emitter().send("unheard").toCompletableFuture().get(30, TimeUnit.SECONDS));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("no PubAck within 300 ms"),
                String.valueOf(failure.getCause()));
        assertEquals(3, silent.getPendingMessageCount(), "the first attempt and two retries");
        String id = silent.nextMessage(Duration.ofSeconds(1)).getHeaders().getFirst("Nats-Msg-Id");
        assertEquals(id, silent.nextMessage(Duration.ofSeconds(1)).getHeaders().getFirst("Nats-Msg-Id"));
        assertEquals(id, silent.nextMessage(Duration.ofSeconds(1)).getHeaders().getFirst("Nats-Msg-Id"));
        // three timeouts and the retry delays (250 ms, 500 ms), each timeout seen by a sweep up to 75 ms late
        assertTrue(millis >= 3 * 300 + 750, millis + " ms");
    }

    @Test
    void expectedStreamMismatchIsNacked() throws Exception {
        Map<String, String> config = jetStreamOutgoing(prefix + ".events");
        start(config, BufferedProducer.class);
        Message<String> wrong = Message.of("x").addMetadata(OutgoingJetStreamMetadata.builder()
                .withExpectedStream("NOT-" + stream).build());
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> send(bean(BufferedProducer.class).emitter(), wrong).get(30, TimeUnit.SECONDS));
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("10060"), String.valueOf(failure.getCause()));
    }

    @Test
    void autoCreateStreamProvisionsTheStream() throws Exception {
        String provisioned = stream + "-AUTO";
        Map<String, String> config = jetStreamOutgoing("auto." + prefix + ".created");
        config.put("mp.messaging.outgoing.out.stream", provisioned);
        config.put("mp.messaging.outgoing.out.auto-create-stream", "true");
        config.put("mp.messaging.outgoing.out.stream-subjects", "auto." + prefix + ".>");
        config.put("mp.messaging.outgoing.out.stream-storage", "memory");
        config.put("mp.messaging.outgoing.out.stream-duplicate-window", "30s");
        start(config, BufferedProducer.class);
        send(bean(BufferedProducer.class).emitter(), Message.of("first")).get(10, TimeUnit.SECONDS);
        StreamInfo info = jsm().getStreamInfo(provisioned);
        assertEquals(List.of("auto." + prefix + ".>"), info.getConfiguration().getSubjects());
        assertEquals(StorageType.Memory, info.getConfiguration().getStorageType());
        assertEquals(Duration.ofSeconds(30), info.getConfiguration().getDuplicateWindow());
        assertEquals(1, info.getStreamState().getMsgCount());
    }

    @Test
    void configurationMistakesFailDeployment() {
        Map<String, String> ackWait = jetStreamIncoming(config(), "in", "d");
        ackWait.put("mp.messaging.incoming.in.ack-wait", "-5s");
        assertDeploymentFails(ackWait, App.class, "`ack-wait`", "channel 'in'", "negative");

        Map<String, String> backoff = jetStreamIncoming(config(), "in", "d");
        backoff.put("mp.messaging.incoming.in.backoff", "1s,2s,4s");
        backoff.put("mp.messaging.incoming.in.max-deliver", "3");
        assertDeploymentFails(backoff, App.class, "`backoff`", "channel 'in'", "max-deliver");

        Map<String, String> noStream = incoming(config(), "in", prefix + ".x");
        noStream.put("mp.messaging.incoming.in.jetstream", "true");
        assertDeploymentFails(noStream, App.class, "`stream`", "channel 'in'");

        Map<String, String> nakOnCore = incoming(config(), "in", prefix + ".x");
        nakOnCore.put("mp.messaging.incoming.in.failure-strategy", "nak");
        assertDeploymentFails(nakOnCore, App.class, "`failure-strategy`", "channel 'in'", "jetstream=true");

        Map<String, String> policy = jetStreamIncoming(config(), "in", "d");
        policy.put("mp.messaging.incoming.in.deliver-policy", "sometimes");
        assertDeploymentFails(policy, App.class, "`deliver-policy`", "channel 'in'", "by-start-sequence".replace("-", ""));
    }
}
