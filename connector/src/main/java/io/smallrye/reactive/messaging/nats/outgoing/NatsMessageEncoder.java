package io.smallrye.reactive.messaging.nats.outgoing;

import java.util.Optional;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.Validator;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;
import io.smallrye.reactive.messaging.nats.impl.SubjectNames;

/** Turns a message into the NATS message to publish: subject, reply-to, headers (with the trace context) and bytes. */
final class NatsMessageEncoder {

    /** Where a key-value bucket keeps its keys: a write of a key is a publish to this, plus bucket and key. */
    static final String KEY_VALUE_SUBJECTS = "$KV.";

    private final String channel;
    private final String subject;
    private final String bucket;
    private final String key;
    private final PayloadCodec codec;
    private final MessageTracer tracer;

    /**
     * @param subject the channel's subject, or null
     * @param bucket the key-value bucket the channel writes instead, or null
     * @param key the bucket's key for messages that name none, or null
     */
    NatsMessageEncoder(String channel, String subject, String bucket, String key, PayloadCodec codec,
            MessageTracer tracer) {
        this.channel = channel;
        this.subject = subject;
        this.bucket = bucket;
        this.key = key;
        this.codec = codec;
        this.tracer = tracer;
    }

    /**
     * The message's own subject, else the channel's, else the reply-to of the request it answers; on a key-value
     * channel, the subject of the key, which is what the server's permissions name.
     */
    String target(OutgoingMessage out) {
        if (bucket != null) {
            String target = out.keyValue() != null ? out.keyValue().getKey() : key;
            if (target == null) {
                throw NatsExceptions.ex.noKey(channel, bucket);
            }
            if (Validator.notNonWildcardKvKey(target)) {
                throw new IllegalArgumentException(NatsExceptions.ex.invalidKey(target, channel, bucket));
            }
            return KEY_VALUE_SUBJECTS + bucket + "." + target;
        }
        if (out.nats() != null && out.nats().getSubject().isPresent()) {
            return SubjectNames.publishable(channel, "OutgoingNatsMetadata", out.nats().getSubject().get());
        }
        if (subject != null) {
            return subject;
        }
        return Optional.ofNullable(out.received()).flatMap(IncomingNatsMetadata::getReplyTo)
                .map(replyTo -> SubjectNames.publishable(channel, "the reply-to of the request it answers", replyTo))
                .orElseThrow(() -> NatsExceptions.ex.noSubject(channel));
    }

    /** Headers are only made when something goes into them: most messages carry none. */
    NatsMessage encode(OutgoingMessage out, String target) {
        Headers headers = null;
        String replyTo = null;
        if (out.nats() != null) {
            if (!out.nats().getHeaders().isEmpty()) {
                headers = new Headers(out.nats().getHeaders());
            }
            replyTo = out.nats().getReplyTo().orElse(null);
        }
        Object payload = out.message().getPayload();
        PayloadCodec.Encoded encoded;
        try {
            encoded = codec.encode(payload);
        } catch (RuntimeException e) {
            throw NatsExceptions.ex.unencodablePayload(payload.getClass().getName(), channel, e.getMessage());
        }
        if (encoded.contentType() != null && (headers == null || !headers.containsKey(PayloadCodec.CONTENT_TYPE))) {
            headers = headers == null ? new Headers() : headers;
            headers.put(PayloadCodec.CONTENT_TYPE, encoded.contentType());
        }
        if (tracer != MessageTracer.NONE) {
            headers = headers == null ? new Headers() : headers;
            tracer.outgoing(out.message(), target, headers, encoded.data().length);
        }
        return NatsMessage.builder().subject(target).replyTo(replyTo)
                .headers(headers == null || headers.isEmpty() ? null : headers)
                .data(encoded.data()).build();
    }
}
