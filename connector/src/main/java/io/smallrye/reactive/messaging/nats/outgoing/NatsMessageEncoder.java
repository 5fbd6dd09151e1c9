package io.smallrye.reactive.messaging.nats.outgoing;

import java.util.Optional;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;
import io.smallrye.reactive.messaging.nats.impl.SubjectNames;

/** Turns a message into the NATS message to publish: subject, reply-to, headers (with the trace context) and bytes. */
final class NatsMessageEncoder {

    private final String channel;
    private final String subject;
    private final PayloadCodec codec;
    private final MessageTracer tracer;

    /** @param subject the channel's subject, or null */
    NatsMessageEncoder(String channel, String subject, PayloadCodec codec, MessageTracer tracer) {
        this.channel = channel;
        this.subject = subject;
        this.codec = codec;
        this.tracer = tracer;
    }

    /** The message's own subject, else the channel's, else the reply-to of the request it answers. */
    String target(OutgoingMessage out) {
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
