package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.api.StreamInfo;
import io.smallrye.reactive.messaging.nats.OutgoingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.it.base.BufferedProducer;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

/** Per-message TTL: stored and expired on nats-server 2.11+, refused with the version it needs on older ones. */
class JetStreamTtlTest extends JetStreamTestBase {

    private boolean serverHasMessageTtl() throws Exception {
        return client().getServerInfo().isSameOrNewerThanVersion("2.11.0");
    }

    private static Message<String> expiring(String payload, Duration ttl) {
        return Message.of(payload).addMetadata(OutgoingJetStreamMetadata.builder().withTtl(ttl).build());
    }

    @Test
    void aProvisionedStreamKeepsEachMessageForItsOwnTtl() throws Exception {
        String provisioned = stream + "-TTL";
        Map<String, String> config = jetStreamOutgoing("ttl." + prefix + ".events");
        config.put("mp.messaging.outgoing.out.stream", provisioned);
        config.put("mp.messaging.outgoing.out.auto-create-stream", "true");
        config.put("mp.messaging.outgoing.out.stream-subjects", "ttl." + prefix + ".>");
        config.put("mp.messaging.outgoing.out.stream-storage", "memory");
        config.put("mp.messaging.outgoing.out.stream-allow-message-ttl", "true");
        start(config, BufferedProducer.class);

        if (!serverHasMessageTtl()) {
            // The stream is not created half-way: the channel holds its messages and says why.
            await().until(() -> !readiness().isOk() && describe(readiness()).contains("SRNATS02008"));
            String reason = describe(readiness());
            assertTrue(reason.contains("2.11.0") && reason.contains(client().getServerInfo().getVersion())
                    && reason.contains("stream-allow-message-ttl"), reason);
            return;
        }
        await().until(() -> readiness().isOk());
        Emitter<String> emitter = bean(BufferedProducer.class).emitter();
        send(emitter, expiring("short-lived", Duration.ofSeconds(1))).get(10, TimeUnit.SECONDS);
        send(emitter, Message.of("stays")).get(10, TimeUnit.SECONDS);
        StreamInfo info = jsm().getStreamInfo(provisioned);
        assertTrue(info.getConfiguration().isAllowMessageTtl());
        assertEquals(2, info.getStreamState().getMsgCount());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> jsm().getStreamInfo(provisioned).getStreamState().getMsgCount() == 1);
        assertEquals("stays", new String(jsm().getMessage(provisioned, 2).getData(), StandardCharsets.UTF_8));
    }

    @Test
    void aTtlTheStreamOrTheServerCannotKeepIsNackedWithTheCause() throws Exception {
        Map<String, String> config = jetStreamOutgoing(prefix + ".events");
        config.put("mp.messaging.outgoing.out.stream", stream); // created without per-message TTL
        start(config, BufferedProducer.class);
        await().until(() -> readiness().isOk());

        ExecutionException nacked = assertThrows(ExecutionException.class,
                () -> send(bean(BufferedProducer.class).emitter(), expiring("x", Duration.ofSeconds(5)))
                        .get(10, TimeUnit.SECONDS));
        String cause = String.valueOf(nacked.getCause().getMessage());
        if (serverHasMessageTtl()) {
            assertTrue(cause.toLowerCase().contains("ttl"), "the server's refusal: " + cause);
        } else {
            assertTrue(cause.contains("SRNATS02008") && cause.contains("per-message TTL") && cause.contains("2.11.0"),
                    cause);
        }
        assertEquals(0, jsm().getStreamInfo(stream).getStreamState().getMsgCount());
    }
}
