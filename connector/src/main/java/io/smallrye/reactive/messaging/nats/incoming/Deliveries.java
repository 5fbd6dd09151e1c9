package io.smallrye.reactive.messaging.nats.incoming;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;
import io.smallrye.reactive.messaging.nats.impl.MessageContexts;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;

/**
 * Hands the messages of an incoming channel downstream: gives each its Vert.x context (where the runtime has one),
 * traces, counts and decodes it, and keeps track of those not settled yet, so that a stop waits for them.
 */
final class Deliveries {

    private final String channel;
    private final MessageTracer tracer;
    private final MessageContexts contexts;
    private final PayloadCodec codec;
    private final Class<?> payloadType;
    private final AtomicLong inFlight = new AtomicLong();
    /** Completes once the channel is closed and nothing handed out is left unsettled. */
    private final CompletableFuture<Void> idle = new CompletableFuture<>();
    private volatile ChannelMetrics metrics = ChannelMetrics.NONE;
    private volatile boolean closed;
    /** One listener for every message of the channel: nothing to allocate per message. */
    private final Consumer<Throwable> onSettled = this::settled;

    /** @param payloadType what payloads are decoded to; null: the raw bytes */
    Deliveries(String channel, MessageContexts contexts, MessageTracer tracer, PayloadCodec codec, Class<?> payloadType) {
        this.channel = channel;
        this.contexts = contexts;
        this.tracer = tracer;
        this.codec = codec;
        this.payloadType = payloadType;
    }

    /**
     * Traces and counts a message about to be handed downstream, until it is acked or nacked, and decodes its payload
     * to the channel's {@code payload-type}. A payload that does not decode is nacked with the cause, so the failure
     * strategy decides what becomes of it, and null is returned.
     */
    Message<?> deliver(IncomingNatsMessage<byte[]> message, String group, boolean redelivery) {
        Object context = contexts.next();
        if (context != null) {
            message.injectMetadata(context);
        }
        tracer.incoming(message, group);
        if (context != null) {
            // SmallRye reads it on the event loop, which runs the channel's messages one by one: build it here.
            message.getMetadata();
        }
        metrics.received(redelivery);
        inFlight.incrementAndGet();
        message.onSettled(onSettled);
        if (payloadType == null) {
            return message;
        }
        try {
            return message.withPayload(codec.decode(message.getPayload(), payloadType));
        } catch (RuntimeException e) {
            message.nack(NatsExceptions.ex.undecodablePayload(message.getNatsMetadata().getSubject(), payloadType.getName(),
                    e.getMessage(), e));
            return null;
        }
    }

    private void settled(Throwable failure) {
        if (inFlight.decrementAndGet() == 0 && closed) {
            idle.complete(null);
        }
        metrics.settled(failure == null);
    }

    void useMetrics(ChannelMetrics metrics) {
        this.metrics = metrics;
    }

    long inFlight() {
        return inFlight.get();
    }

    boolean closed() {
        return closed;
    }

    /** No more messages: from now on, the last settlement makes the channel idle. */
    void close() {
        closed = true;
        if (inFlight.get() == 0) {
            idle.complete(null);
        }
    }

    /** Runs the action once the channel is closed and no message handed out is left unsettled. */
    void whenSettled(Runnable action) {
        idle.thenRun(action);
    }

    /** Waits until no message handed out is left unsettled, at most {@code timeout} from {@code since} (nanoTime). */
    void awaitSettled(long since, Duration timeout) {
        Duration left = timeout.minusNanos(System.nanoTime() - since);
        try {
            idle.get(left.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            NatsLogging.log.unsettledAtStop(channel, inFlight.get(), timeout.toMillis());
        }
    }
}
