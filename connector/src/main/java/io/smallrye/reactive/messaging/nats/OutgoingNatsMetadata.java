package io.smallrye.reactive.messaging.nats;

import java.util.Optional;

import io.nats.client.impl.Headers;

/**
 * Per-message publishing options: a subject that overrides the channel's, headers, and a reply-to subject.
 *
 * <pre>
 * message.addMetadata(OutgoingNatsMetadata.builder().withSubject("agents.results.7").withHeader("type", "result").build())
 * </pre>
 */
public class OutgoingNatsMetadata {

    private final String subject;
    private final String replyTo;
    private final Headers headers;

    private OutgoingNatsMetadata(Builder builder) {
        this.subject = builder.subject;
        this.replyTo = builder.replyTo;
        this.headers = builder.headers;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> getSubject() {
        return Optional.ofNullable(subject);
    }

    public Optional<String> getReplyTo() {
        return Optional.ofNullable(replyTo);
    }

    /** The headers to send; never null, possibly empty. */
    public Headers getHeaders() {
        return headers;
    }

    public static final class Builder {
        private String subject;
        private String replyTo;
        private final Headers headers = new Headers();

        private Builder() {
        }

        public Builder withSubject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder withReplyTo(String replyTo) {
            this.replyTo = replyTo;
            return this;
        }

        public Builder withHeader(String name, String... values) {
            headers.add(name, values);
            return this;
        }

        public Builder withHeaders(Headers headers) {
            headers.forEach(this.headers::add);
            return this;
        }

        public OutgoingNatsMetadata build() {
            return new OutgoingNatsMetadata(this);
        }
    }
}
