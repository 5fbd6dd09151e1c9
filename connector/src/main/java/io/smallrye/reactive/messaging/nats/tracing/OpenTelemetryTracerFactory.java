package io.smallrye.reactive.messaging.nats.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;

/**
 * Tracers backed by the runtime's OpenTelemetry bean, else the global instance. Where OpenTelemetry (or SmallRye's
 * TracingMetadata) is absent, this bean cannot load, the container skips it, and channels trace nothing.
 */
@ApplicationScoped
public class OpenTelemetryTracerFactory implements MessageTracer.Factory {

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @Override
    public MessageTracer create() {
        return new OpenTelemetryTracer(openTelemetry.isResolvable() ? openTelemetry.get() : GlobalOpenTelemetry.get());
    }
}
