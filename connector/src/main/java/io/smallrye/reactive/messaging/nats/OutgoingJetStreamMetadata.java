package io.smallrye.reactive.messaging.nats;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-message JetStream publish options: the {@code Nats-Msg-Id} the stream de-duplicates on, expectations the
 * server checks before storing (stream, last sequence, last message id), and how long the stream keeps the message
 * (per-message TTL: nats-server 2.11 or newer, on a stream that allows it, see {@code stream-allow-message-ttl}), and
 * when the stream publishes it (scheduled messages: nats-server 2.12 or newer, see
 * {@code stream-allow-message-schedules}).
 */
public class OutgoingJetStreamMetadata {

    private final String messageId;
    private final String expectedStream;
    private final Long expectedLastSequence;
    private final String expectedLastMessageId;
    private final Duration ttl;
    private final Instant deliverAt;

    private OutgoingJetStreamMetadata(Builder builder) {
        this.messageId = builder.messageId;
        this.expectedStream = builder.expectedStream;
        this.expectedLastSequence = builder.expectedLastSequence;
        this.expectedLastMessageId = builder.expectedLastMessageId;
        this.ttl = builder.ttl;
        this.deliverAt = builder.deliverAt;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> getMessageId() {
        return Optional.ofNullable(messageId);
    }

    public Optional<String> getExpectedStream() {
        return Optional.ofNullable(expectedStream);
    }

    public Optional<Long> getExpectedLastSequence() {
        return Optional.ofNullable(expectedLastSequence);
    }

    public Optional<String> getExpectedLastMessageId() {
        return Optional.ofNullable(expectedLastMessageId);
    }

    /** How long the stream keeps this message, in whole seconds. */
    public Optional<Duration> getTtl() {
        return Optional.ofNullable(ttl);
    }

    /** When the stream publishes this message to its subject; empty: now. */
    public Optional<Instant> getDeliverAt() {
        return Optional.ofNullable(deliverAt);
    }

    public static final class Builder {
        private String messageId;
        private String expectedStream;
        private Long expectedLastSequence;
        private String expectedLastMessageId;
        private Duration ttl;
        private Instant deliverAt;

        private Builder() {
        }

        /** The stream stores a message id once per duplicate window; retries and replays with the same id are dropped. */
        public Builder withMessageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder withExpectedStream(String stream) {
            this.expectedStream = stream;
            return this;
        }

        public Builder withExpectedLastSequence(long sequence) {
            this.expectedLastSequence = sequence;
            return this;
        }

        public Builder withExpectedLastMessageId(String messageId) {
            this.expectedLastMessageId = messageId;
            return this;
        }

        /**
         * The stream removes the message once it is this old (whole seconds, at least one), whatever its own limits
         * say. Needs nats-server 2.11+ and a stream with per-message TTL allowed; otherwise the message is nacked.
         */
        public Builder withTtl(Duration ttl) {
            if (ttl.getNano() != 0 || ttl.getSeconds() < 1) {
                throw new IllegalArgumentException("a message TTL is a whole number of seconds, at least 1: " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * The stream holds the message and publishes it to its subject at this time (rounded up to the second); the PubAck, and
         * so the message's ack, comes when it is stored, not when it is delivered. Its TTL, if any, applies to the
         * published message. Needs nats-server 2.12+ and a stream that allows schedules and captures the schedule
         * subjects (see {@code stream-allow-message-schedules}); otherwise the message is nacked.
         */
        public Builder withDeliverAt(Instant deliverAt) {
            this.deliverAt = deliverAt;
            return this;
        }

        /** {@link #withDeliverAt} this long from now. */
        public Builder withDelay(Duration delay) {
            return withDeliverAt(Instant.now().plus(delay));
        }

        public OutgoingJetStreamMetadata build() {
            return new OutgoingJetStreamMetadata(this);
        }
    }
}
