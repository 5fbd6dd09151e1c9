package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.NatsJetStreamConstants;
import io.smallrye.reactive.messaging.nats.OutgoingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.it.base.BufferedProducer;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

/** Scheduled messages: published by the stream when due on nats-server 2.12+, refused with the version before. */
class JetStreamScheduleTest extends JetStreamTestBase {

    private boolean serverHasSchedules() throws Exception {
        return client().getServerInfo().isSameOrNewerThanVersion("2.12.0");
    }

    private static Message<String> scheduled(String payload, Instant at) {
        return Message.of(payload).addMetadata(OutgoingJetStreamMetadata.builder().withDeliverAt(at).build());
    }

    /** The last message the stream holds on the subject, or null. */
    private MessageInfo last(String streamName, String subject) throws Exception {
        try {
            return jsm().getLastMessage(streamName, subject);
        } catch (JetStreamApiException none) {
            return null;
        }
    }

    @Test
    void aProvisionedStreamPublishesADelayedMessageWhenItIsDue() throws Exception {
        String provisioned = stream + "-SCHED";
        String tasks = "sched." + prefix + ".tasks";
        Map<String, String> config = jetStreamOutgoing(tasks);
        config.put("mp.messaging.outgoing.out.stream", provisioned);
        config.put("mp.messaging.outgoing.out.auto-create-stream", "true");
        config.put("mp.messaging.outgoing.out.stream-subjects", "sched." + prefix + ".>");
        config.put("mp.messaging.outgoing.out.stream-storage", "memory");
        config.put("mp.messaging.outgoing.out.stream-allow-message-schedules", "true");
        start(config, BufferedProducer.class);

        if (!serverHasSchedules()) {
            // The stream is not created half-way: the channel holds its messages and says why.
            await().until(() -> !readiness().isOk() && describe(readiness()).contains("SRNATS02008"));
            String reason = describe(readiness());
            assertTrue(reason.contains("2.12.0") && reason.contains(client().getServerInfo().getVersion())
                    && reason.contains("stream-allow-message-schedules"), reason);
            return;
        }
        await().until(() -> readiness().isOk());
        StreamConfiguration provisionedConfig = jsm().getStreamInfo(provisioned).getConfiguration();
        assertTrue(provisionedConfig.getAllowMsgSchedules());
        assertEquals(List.of("sched." + prefix + ".>", "_schedules.sched." + prefix + ".>"),
                provisionedConfig.getSubjects());

        Emitter<String> emitter = bean(BufferedProducer.class).emitter();
        Instant due = Instant.now().plusSeconds(3);
        // acked once the stream holds the schedule, long before it is due
        send(emitter, scheduled("later", due)).get(10, TimeUnit.SECONDS);
        assertTrue(Instant.now().isBefore(due), "the ack waited for the delivery");
        send(emitter, Message.of("now")).get(10, TimeUnit.SECONDS);
        assertEquals("now", new String(last(provisioned, tasks).getData(), StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(15)).until(() -> "later".equals(
                new String(last(provisioned, tasks).getData(), StandardCharsets.UTF_8)));
        MessageInfo published = last(provisioned, tasks);
        assertFalse(published.getTime().toInstant().isBefore(due),
                "published at " + published.getTime() + ", due at " + due);
        String scheduler = published.getHeaders().getFirst(NatsJetStreamConstants.NATS_SCHEDULER_HDR);
        assertTrue(scheduler.startsWith("_schedules." + tasks + "."), scheduler);
    }

    @Test
    void aScheduleTheStreamOrTheServerCannotHoldIsNackedWithTheCause() throws Exception {
        // a stream that captures the schedule subjects of its subjects, without allowing schedules
        jsm().updateStream(StreamConfiguration.builder(jsm().getStreamInfo(stream).getConfiguration())
                .subjects(prefix + ".>", "_schedules." + prefix + ".>").build());
        Map<String, String> config = jetStreamOutgoing(prefix + ".events");
        config.put("mp.messaging.outgoing.out.stream", stream);
        start(config, BufferedProducer.class);
        await().until(() -> readiness().isOk());

        String cause = nackOf(scheduled("x", Instant.now().plusSeconds(60)));
        if (serverHasSchedules()) {
            assertTrue(cause.contains("message schedules is disabled") && cause.contains("10188"),
                    "the server's refusal: " + cause);
        } else {
            assertTrue(cause.contains("SRNATS02008") && cause.contains("schedule a message") && cause.contains("2.12.0"),
                    cause);
        }
        assertEquals(0, jsm().getStreamInfo(stream).getStreamState().getMsgCount());
    }

    @Test
    void aScheduleNoStreamCapturesIsNackedNamingItsSubject() throws Exception {
        Map<String, String> config = jetStreamOutgoing(prefix + ".events"); // the test stream captures <prefix>.> only
        config.put("mp.messaging.outgoing.out.publish-retries", "0");
        start(config, BufferedProducer.class);
        await().until(() -> readiness().isOk());

        String cause = nackOf(scheduled("x", Instant.now().plusSeconds(60)));
        if (serverHasSchedules()) {
            assertTrue(cause.contains("SRNATS02009") && cause.contains("_schedules." + prefix + ".events.")
                    && cause.contains("stream-allow-message-schedules"), cause);
        } else {
            assertTrue(cause.contains("SRNATS02008"), cause);
        }
        assertEquals(0, jsm().getStreamInfo(stream).getStreamState().getMsgCount());
    }

    private String nackOf(Message<String> message) {
        ExecutionException nacked = assertThrows(ExecutionException.class,
                () -> send(bean(BufferedProducer.class).emitter(), message).get(10, TimeUnit.SECONDS));
        return String.valueOf(nacked.getCause().getMessage());
    }
}
