package io.smallrye.reactive.messaging.nats.it.observability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

/** Spans and metrics recorded by a real OpenTelemetry SDK (in-memory exporter and reader) across real server hops. */
class ObservabilityTest extends NatsTestBase {

    static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    static final InMemoryMetricReader metrics = InMemoryMetricReader.create();

    /** The application's OpenTelemetry, as Quarkus or a runtime would provide it through CDI. */
    @ApplicationScoped
    public static class Telemetry {
        @Produces
        @Singleton
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        }
    }

    @ApplicationScoped
    public static class Agents {
        @Inject
        @Channel("ask")
        NatsRequestReply<String, String> ask;

        @Incoming("tasks")
        @Outgoing("results")
        String work(String task) {
            if (task.startsWith("bad")) {
                throw new IllegalArgumentException("cannot do " + task);
            }
            return "done " + task;
        }

        @Incoming("questions")
        @Outgoing("answers")
        String answer(String question) {
            return "answer to " + question;
        }

        NatsRequestReply<String, String> ask() {
            return ask;
        }
    }

    /** Fails the first delivery of every message, acks the redelivery. */
    @ApplicationScoped
    public static class Retrying {
        @Inject
        @Channel("jobs-out")
        org.eclipse.microprofile.reactive.messaging.Emitter<String> jobs;

        @Incoming("jobs")
        java.util.concurrent.CompletionStage<Void> work(org.eclipse.microprofile.reactive.messaging.Message<String> job) {
            long delivered = job.getMetadata(io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata.class).orElseThrow()
                    .getDeliveredCount();
            return delivered == 1 ? job.nack(new IllegalStateException("first attempt fails")) : job.ack();
        }

        org.eclipse.microprofile.reactive.messaging.Emitter<String> jobs() {
            return jobs;
        }
    }

    @Test
    void aJetStreamRedeliveryIsASecondConsumerSpanOfTheSameProducer() throws Exception {
        spans.reset();
        String stream = prefix.toUpperCase();
        client().jetStreamManagement().addStream(io.nats.client.api.StreamConfiguration.builder().name(stream)
                .subjects(prefix + ".jobs").storageType(io.nats.client.api.StorageType.Memory).build());
        Map<String, String> config = config();
        outgoing(config, "jobs-out", prefix + ".jobs");
        config.put("mp.messaging.outgoing.jobs-out.jetstream", "true");
        incoming(config, "jobs", prefix + ".jobs");
        config.put("mp.messaging.incoming.jobs.jetstream", "true");
        config.put("mp.messaging.incoming.jobs.stream", stream);
        config.put("mp.messaging.incoming.jobs.durable", "workers");
        start(config, Retrying.class, Telemetry.class);
        await().until(() -> readiness().isOk());
        bean(Retrying.class).jobs().send("job-1").toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("process " + prefix + ".jobs")).count() == 2);
        SpanData send = span("send " + prefix + ".jobs");
        List<SpanData> deliveries = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("process " + prefix + ".jobs")).toList();
        io.opentelemetry.api.common.AttributeKey<Long> delivered = io.opentelemetry.api.common.AttributeKey
                .longKey("messaging.nats.jetstream.delivered_count");
        assertEquals(List.of(1L, 2L), deliveries.stream().map(s -> s.getAttributes().get(delivered)).sorted().toList());
        for (SpanData delivery : deliveries) {
            assertEquals(send.getTraceId(), delivery.getTraceId());
            assertEquals(send.getSpanId(), delivery.getParentSpanId());
            assertEquals("workers", delivery.getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.consumer.group.name")));
        }
        assertEquals(List.of(StatusCode.ERROR, StatusCode.UNSET), deliveries.stream()
                .sorted(java.util.Comparator.comparing(s -> s.getAttributes().get(delivered)))
                .map(s -> s.getStatus().getStatusCode()).toList());
    }

    private Map<String, String> agents(boolean tracing) {
        Map<String, String> config = config();
        config.put("mp.messaging.connector.smallrye-nats.tracing-enabled", String.valueOf(tracing));
        incoming(config, "tasks", prefix + ".tasks");
        config.put("mp.messaging.incoming.tasks.queue", "workers");
        config.put("mp.messaging.incoming.tasks.failure-strategy", "ignore");
        outgoing(config, "results", prefix + ".results");
        incoming(config, "questions", prefix + ".questions");
        outgoing(config, "answers", null);
        outgoing(config, "ask", prefix + ".questions");
        return config;
    }

    private static SpanData span(String name) {
        return finished(name).orElseThrow(() -> new AssertionError("no span " + name + " in " + names()));
    }

    private static Optional<SpanData> finished(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    private static List<String> names() {
        return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
    }

    @Test
    void producerAndConsumerSpansFormOneTraceAcrossTheServer() throws Exception {
        spans.reset();
        start(agents(true), Agents.class, Telemetry.class);
        await().until(() -> readiness().isOk());
        OpenTelemetry otel = bean(OpenTelemetry.class);

        // An upstream agent (a plain jnats client) starts the trace and sends its context in the headers.
        Span root = otel.getTracer("test").spanBuilder("plan").startSpan();
        Headers headers = new Headers();
        otel.getPropagators().getTextMapPropagator().inject(Context.root().with(root), headers, Headers::put);
        client().publish(NatsMessage.builder().subject(prefix + ".tasks").headers(headers).data("t1", StandardCharsets.UTF_8)
                .build());
        root.end();

        await().atMost(Duration.ofSeconds(10)).until(() -> finished("send " + prefix + ".results").isPresent()
                && finished("process " + prefix + ".tasks").isPresent());
        SpanData process = span("process " + prefix + ".tasks");
        SpanData send = span("send " + prefix + ".results");
        assertEquals(root.getSpanContext().getTraceId(), process.getTraceId());
        assertEquals(root.getSpanContext().getSpanId(), process.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, process.getKind());
        assertEquals("nats",
                process.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.system")));
        assertEquals("workers", process.getAttributes()
                .get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.consumer.group.name")));
        assertEquals(process.getTraceId(), send.getTraceId());
        assertEquals(process.getSpanId(), send.getParentSpanId());
        assertEquals(SpanKind.PRODUCER, send.getKind());
        // The consumer span covers the processing: it ended only when the result was sent and the task acked.
        assertTrue(process.getEndEpochNanos() >= send.getEndEpochNanos());
    }

    @Test
    void aNackedMessageMarksItsSpanAsAnError() throws Exception {
        spans.reset();
        start(agents(true), Agents.class, Telemetry.class);
        await().until(() -> readiness().isOk());
        client().publish(prefix + ".tasks", "bad-1".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> finished("process " + prefix + ".tasks").isPresent());
        SpanData process = span("process " + prefix + ".tasks");
        assertEquals(StatusCode.ERROR, process.getStatus().getStatusCode());
        assertTrue(process.getStatus().getDescription().contains("cannot do bad-1"), process.getStatus().getDescription());
    }

    @Test
    void requestReplyIsOneTrace() throws Exception {
        spans.reset();
        start(agents(true), Agents.class, Telemetry.class);
        await().until(() -> readiness().isOk());
        OpenTelemetry otel = bean(OpenTelemetry.class);
        Span caller = otel.getTracer("test").spanBuilder("coordinate").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            assertEquals("answer to why", bean(Agents.class).ask().request("why").await().atMost(Duration.ofSeconds(10)));
        } finally {
            caller.end();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> finished("send (temporary)").isPresent());
        SpanData request = span("send " + prefix + ".questions");
        SpanData process = span("process " + prefix + ".questions");
        SpanData reply = span("send (temporary)");
        String trace = caller.getSpanContext().getTraceId();
        assertEquals(List.of(trace, trace, trace), List.of(request.getTraceId(), process.getTraceId(), reply.getTraceId()));
        assertEquals(caller.getSpanContext().getSpanId(), request.getParentSpanId());
        assertEquals(request.getSpanId(), process.getParentSpanId());
        assertEquals(process.getSpanId(), reply.getParentSpanId());
        assertEquals(Boolean.TRUE, reply.getAttributes()
                .get(io.opentelemetry.api.common.AttributeKey.booleanKey("messaging.destination.temporary")));
    }

    /** The value of a counter or gauge point with the given attribute values, summed over points that match. */
    private static long metric(String name, String... attributeValues) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getData().getPoints().stream())
                .filter(p -> java.util.Arrays.stream(attributeValues).allMatch(v -> p.getAttributes().asMap().containsValue(v)))
                .mapToLong(p -> p instanceof LongPointData l ? l.getValue() : 0).sum();
    }

    @Test
    void channelAndConnectionMetricsCountWhatHappened() throws Exception {
        start(agents(true), Agents.class, Telemetry.class);
        await().until(() -> readiness().isOk());
        client().publish(prefix + ".tasks", "t1".getBytes(StandardCharsets.UTF_8));
        client().publish(prefix + ".tasks", "bad-1".getBytes(StandardCharsets.UTF_8));
        client().publish(prefix + ".tasks", "t2".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10)).until(() -> metric("nats.channel.published", "results", "success") == 2);
        assertEquals(3, metric("nats.channel.received", "tasks"));
        assertEquals(2, metric("nats.channel.settled", "tasks", "ack"));
        assertEquals(1, metric("nats.channel.settled", "tasks", "nack"));
        assertEquals(0, metric("nats.channel.in_flight", "tasks"));
        assertEquals(0, metric("nats.channel.dropped", "tasks"));
        assertEquals(1, metric("nats.connection.connected", "tasks"));
        assertEquals(0, metric("nats.connection.reconnects", "tasks"));
    }

    @Test
    void noSpanWhenTracingIsDisabled() throws Exception {
        spans.reset();
        start(agents(false), Agents.class, Telemetry.class);
        await().until(() -> readiness().isOk());
        assertEquals("answer to quiet", bean(Agents.class).ask().request("quiet").await().atMost(Duration.ofSeconds(10)));
        client().publish(prefix + ".tasks", "t2".getBytes(StandardCharsets.UTF_8));
        client().flush(Duration.ofSeconds(2));
        await().during(Duration.ofMillis(300)).until(() -> spans.getFinishedSpanItems().isEmpty());
    }
}
