package io.smallrye.reactive.messaging.nats.tracing;

import java.util.List;

import io.nats.client.impl.Headers;
import io.opentelemetry.context.propagation.TextMapGetter;

/** Reads propagation fields (traceparent, tracestate, baggage) from NATS headers. */
enum NatsHeadersGetter implements TextMapGetter<Headers> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Headers headers) {
        return headers == null ? List.of() : headers.keySet();
    }

    @Override
    public String get(Headers headers, String key) {
        return headers == null ? null : headers.getFirst(key);
    }
}
