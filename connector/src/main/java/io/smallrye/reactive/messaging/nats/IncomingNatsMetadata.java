package io.smallrye.reactive.messaging.nats;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nats.client.impl.Headers;

/**
 * What NATS said about a received message: the subject it was published to, the reply-to subject of a request, the
 * headers and the queue group of the subscription that received it.
 */
public class IncomingNatsMetadata {

    private static final Headers NO_HEADERS = new Headers(null, true);

    private final String subject;
    private final String replyTo;
    private final Headers headers;
    private final String queue;

    public IncomingNatsMetadata(String subject, String replyTo, Headers headers, String queue) {
        this.subject = subject;
        this.replyTo = replyTo;
        this.headers = headers == null ? NO_HEADERS : headers;
        this.queue = queue;
    }

    public String getSubject() {
        return subject;
    }

    /** The subject to reply to, present when the sender made a request. */
    public Optional<String> getReplyTo() {
        return Optional.ofNullable(replyTo);
    }

    /** Read-only headers of the message. */
    public Headers getHeaders() {
        return headers;
    }

    /** First value of a header, if present. */
    public Optional<String> getHeader(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }

    public Map<String, List<String>> getHeadersAsMap() {
        return headers.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The queue group of the subscription, if it was part of one. */
    public Optional<String> getQueue() {
        return Optional.ofNullable(queue);
    }

    @Override
    public String toString() {
        return "IncomingNatsMetadata[subject=" + subject + ", replyTo=" + replyTo + ", queue=" + queue + "]";
    }
}
