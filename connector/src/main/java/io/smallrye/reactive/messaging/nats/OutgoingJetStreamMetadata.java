package io.smallrye.reactive.messaging.nats;

import java.util.Optional;

/**
 * Per-message JetStream publish options: the {@code Nats-Msg-Id} the stream de-duplicates on, and expectations the
 * server checks before storing (stream, last sequence, last message id).
 */
public class OutgoingJetStreamMetadata {

    private final String messageId;
    private final String expectedStream;
    private final Long expectedLastSequence;
    private final String expectedLastMessageId;

    private OutgoingJetStreamMetadata(Builder builder) {
        this.messageId = builder.messageId;
        this.expectedStream = builder.expectedStream;
        this.expectedLastSequence = builder.expectedLastSequence;
        this.expectedLastMessageId = builder.expectedLastMessageId;
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

    public static final class Builder {
        private String messageId;
        private String expectedStream;
        private Long expectedLastSequence;
        private String expectedLastMessageId;

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

        public OutgoingJetStreamMetadata build() {
            return new OutgoingJetStreamMetadata(this);
        }
    }
}
