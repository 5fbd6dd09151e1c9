package io.smallrye.reactive.messaging.nats.tracing;

import java.util.Optional;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.impl.Headers;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.OutgoingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.impl.Failures;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;

/**
 * Spans of one channel, per the OpenTelemetry messaging conventions: a PRODUCER {@code send <subject>} span whose
 * context travels in the W3C headers of the published message, and a CONSUMER {@code process <subject>} span, child
 * of the producer's, from receipt until the application acks or nacks (an error status with the cause). The payload
 * is never recorded. Reply inboxes are temporary destinations, named by their template.
 */
final class OpenTelemetryTracer implements MessageTracer {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> DESTINATION_TEMPLATE = AttributeKey.stringKey("messaging.destination.template");
    static final AttributeKey<Boolean> TEMPORARY = AttributeKey.booleanKey("messaging.destination.temporary");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
    static final AttributeKey<String> STREAM = AttributeKey.stringKey("messaging.nats.jetstream.stream");
    static final AttributeKey<Long> STREAM_SEQUENCE = AttributeKey.longKey("messaging.nats.jetstream.stream_sequence");
    static final AttributeKey<Long> DELIVERY_COUNT = AttributeKey.longKey("messaging.nats.jetstream.delivered_count");

    private static final String INBOX = "_INBOX";

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    OpenTelemetryTracer(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.smallrye.reactive.messaging.nats");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    @Override
    public void incoming(IncomingNatsMessage<?> message, String consumerGroup) {
        io.nats.client.Message raw = message.getNatsMessage();
        Context parent = propagator.extract(Context.root(), raw.getHeaders(), NatsHeadersGetter.INSTANCE);
        SpanBuilder builder = destination(tracer.spanBuilder("process " + name(raw.getSubject())), raw.getSubject())
                .setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(OPERATION_TYPE, "process").setAttribute(OPERATION_NAME, "process")
                .setAttribute(BODY_SIZE, (long) raw.getData().length);
        if (consumerGroup != null) {
            builder.setAttribute(CONSUMER_GROUP, consumerGroup);
        }
        message.getMetadata(IncomingJetStreamMetadata.class).ifPresent(js -> builder.setAttribute(STREAM, js.getStream())
                .setAttribute(STREAM_SEQUENCE, js.getStreamSequence()).setAttribute(DELIVERY_COUNT, js.getDeliveredCount())
                .setAttribute(MESSAGE_ID, js.getStream() + ":" + js.getStreamSequence()));
        Span span = builder.startSpan();
        // The application continues this trace: its outgoing messages are children of the consumer span.
        message.injectMetadata(TracingMetadata.with(parent.with(span), parent));
        message.onSettled(failure -> {
            if (failure != null) {
                Throwable cause = Failures.cause(failure);
                span.recordException(cause);
                span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
            }
            span.end();
        });
    }

    @Override
    public void outgoing(Message<?> message, String subject, Headers headers, int bodySize) {
        Context parent = message.getMetadata(TracingMetadata.class).map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        SpanBuilder builder = destination(tracer.spanBuilder("send " + name(subject)), subject).setParent(parent)
                .setSpanKind(SpanKind.PRODUCER).setAttribute(OPERATION_TYPE, "send").setAttribute(OPERATION_NAME, "publish")
                .setAttribute(BODY_SIZE, (long) bodySize);
        Optional<String> id = message.getMetadata(OutgoingJetStreamMetadata.class)
                .flatMap(OutgoingJetStreamMetadata::getMessageId);
        id.ifPresent(value -> builder.setAttribute(MESSAGE_ID, value));
        Span span = builder.startSpan();
        propagator.inject(parent.with(span), headers, (carrier, key, value) -> carrier.put(key, value));
        span.end();
    }

    private static SpanBuilder destination(SpanBuilder builder, String subject) {
        builder.setAttribute(SYSTEM, "nats");
        if (subject.startsWith(INBOX + ".")) {
            return builder.setAttribute(DESTINATION_TEMPLATE, INBOX).setAttribute(TEMPORARY, true)
                    .setAttribute(DESTINATION, subject);
        }
        return builder.setAttribute(DESTINATION, subject);
    }

    /** Span names carry the subject, but a reply inbox (unique per requester) only by its template. */
    private static String name(String subject) {
        return subject.startsWith(INBOX + ".") ? "(temporary)" : subject;
    }
}
