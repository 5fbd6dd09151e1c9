package io.smallrye.reactive.messaging.nats;

import java.time.ZonedDateTime;
import java.util.Optional;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.support.NatsJetStreamConstants;

/**
 * Where a JetStream message stands: stream and consumer, their sequence numbers, how often it was delivered, how
 * many messages are still pending, and when it was stored. Subject, headers and reply-to are in
 * {@link IncomingNatsMetadata}, which JetStream messages carry too.
 */
public class IncomingJetStreamMetadata {

    private final NatsJetStreamMetaData meta;
    private final io.nats.client.Message message;

    public IncomingJetStreamMetadata(io.nats.client.Message message) {
        this.message = message;
        this.meta = message.metaData();
    }

    public String getStream() {
        return meta.getStream();
    }

    public String getConsumer() {
        return meta.getConsumer();
    }

    public long getStreamSequence() {
        return meta.streamSequence();
    }

    public long getConsumerSequence() {
        return meta.consumerSequence();
    }

    /** 1 on the first delivery; more means a redelivery. */
    public long getDeliveredCount() {
        return meta.deliveredCount();
    }

    public long getPending() {
        return meta.pendingCount();
    }

    public ZonedDateTime getTimestamp() {
        return meta.timestamp();
    }

    /**
     * The id the server pinned this replica with, on a consumer with {@code priority-policy=pinned} (its
     * {@code Nats-Pin-Id} header); empty otherwise. A new id after a hand-over says another replica was pinned before.
     */
    public Optional<String> getPinId() {
        Headers headers = message.getHeaders();
        return Optional.ofNullable(headers == null ? null : headers.getFirst(NatsJetStreamConstants.NATS_PIN_ID_HDR));
    }

    /** Resets the server's ack-wait timer for this message: for processing that takes longer than ack-wait. */
    public void inProgress() {
        message.inProgress();
    }

    @Override
    public String toString() {
        return "IncomingJetStreamMetadata[stream=" + getStream() + ", consumer=" + getConsumer() + ", streamSequence="
                + getStreamSequence() + ", deliveredCount=" + getDeliveredCount() + "]";
    }
}
