package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;

import io.nats.client.Connection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.NatsConnectorCommonConfiguration;
import io.smallrye.reactive.messaging.nats.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.fault.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;

/**
 * What core and JetStream subscriptions share: the channel's own poller thread, which takes messages out of the
 * client only when downstream asks for more, the failure context of the failure strategies, and liveness.
 * Subclasses open their subscription once connected and hand out one message per {@link #poll()}.
 */
public abstract class AbstractIncomingChannel implements NatsChannel, NatsFailureHandler.Context {

    /** Returned by {@link #poll()} when the stream is over. */
    protected static final Message<?> END = Message.of("end of stream");

    protected final String channel;
    protected final NatsConnection connection;
    protected final NatsFailureHandler failureHandler;
    protected final MessageTracer tracer;
    private final PayloadCodec codec;
    /** What payloads are decoded to before they go downstream; null: the raw bytes. */
    private final Class<?> payloadType;
    private final boolean healthEnabled;
    private final ExecutorService poller;
    private volatile Throwable fatalFailure;
    private volatile Throwable lastFailure;
    private volatile boolean closed;
    private volatile ChannelMetrics metrics = ChannelMetrics.NONE;
    private final AtomicLong inFlight = new AtomicLong();
    /** Completes once the channel is closed and nothing handed out is left unsettled. */
    private final CompletableFuture<Void> idle = new CompletableFuture<>();

    /** Validate the channel's own attributes before calling this: it acquires the connection. */
    protected AbstractIncomingChannel(NatsConnectorIncomingConfiguration config,
            Function<NatsConnectorCommonConfiguration, NatsConnection> connections, NatsFailureHandler.Factory failureHandlers,
            PayloadCodec codec, MessageTracer tracer) {
        this.channel = config.getChannel();
        this.tracer = tracer;
        this.codec = codec;
        this.payloadType = config.getPayloadType().map(type -> codec.payloadType(channel, type)).orElse(null);
        this.healthEnabled = config.getHealthEnabled();
        this.failureHandler = failureHandlers.create(config, this);
        this.connection = connections.apply(config);
        this.poller = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "nats-incoming-" + channel);
            thread.setDaemon(true);
            return thread;
        });
    }

    public PublisherBuilder<Message<?>> publisherBuilder() {
        Multi<Message<?>> messages = Uni.createFrom().completionStage(connection::connected)
                .emitOn(poller)
                .onItem().transformToMulti(this::stream)
                .runSubscriptionOn(poller)
                .onCancellation().invoke(this::stop)
                .onTermination().invoke(() -> {
                    stop();
                    poller.shutdown();
                    connection.release();
                });
        return ReactiveStreams.fromPublisher(AdaptersToReactiveStreams.publisher(messages));
    }

    private Multi<Message<?>> stream(Connection connected) {
        open(connected);
        // The generator is called once per requested item, on the poller thread: no demand, no polling.
        return Multi.createFrom().<Void, Message<?>> generator(() -> null, (state, emitter) -> {
            Message<?> message = next();
            if (message == END) {
                emitter.complete();
            } else {
                emitter.emit(message);
            }
            return state;
        });
    }

    /** Waits on the poller thread for the next message, the end of the stream, or the failure that stopped it. */
    private Message<?> next() {
        Message<?> message = null;
        while (message == null) {
            if (fatalFailure != null) {
                throw fatalFailure instanceof RuntimeException e ? e : new CompletionException(fatalFailure);
            }
            message = poll();
        }
        return message;
    }

    /** Subscribes; runs on the poller thread once the connection is established. */
    protected abstract void open(Connection connected);

    /** The next message, null when none arrived within a short wait, or {@link #END}. Runs on the poller thread. */
    protected abstract Message<?> poll();

    /** Stops receiving; called on cancellation, failure and shutdown, possibly more than once. */
    protected abstract void stop();

    /**
     * Traces and counts a message about to be handed downstream, until it is acked or nacked, and decodes its payload
     * to the channel's {@code payload-type}. A payload that does not decode is nacked with the cause, so the failure
     * strategy decides what becomes of it, and null is returned.
     */
    protected Message<?> delivered(IncomingNatsMessage<byte[]> message, String group, boolean redelivery) {
        tracer.incoming(message, group);
        ChannelMetrics counters = metrics;
        counters.received(redelivery);
        inFlight.incrementAndGet();
        message.onSettled(failure -> {
            if (inFlight.decrementAndGet() == 0 && closed) {
                idle.complete(null);
            }
            counters.settled(failure == null);
        });
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

    @Override
    public void useMetrics(ChannelMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public long inFlightCount() {
        return inFlight.get();
    }

    @Override
    public Connection currentConnection() {
        return connection.current();
    }

    @Override
    public void reportDeadLetter() {
        metrics.deadLettered();
    }

    protected boolean isClosed() {
        return closed;
    }

    protected boolean hasFailed() {
        return fatalFailure != null;
    }

    @Override
    public String name() {
        return channel;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public boolean healthEnabled() {
        return healthEnabled;
    }

    @Override
    public ChannelHealth liveness() {
        Throwable failure = fatalFailure;
        return failure == null ? new ChannelHealth(true, lastFailure == null ? null : "last failure: " + lastFailure)
                : new ChannelHealth(false, "failed: " + failure);
    }

    @Override
    public Connection connection() {
        Connection current = connection.current();
        if (current == null) {
            throw new IllegalStateException("channel '" + channel + "' is not connected");
        }
        return current;
    }

    @Override
    public void reportFailure(Throwable failure, boolean fatal) {
        lastFailure = failure;
        if (fatal) {
            fatalFailure = failure;
            // The poller sees the failure at its next poll and fails the stream.
            stop();
        }
    }

    /**
     * Stops receiving: the poller hands out what the client already buffered (core) and ends. Call
     * {@link #awaitSettled(long)} then, so the messages in the application's hands are acked before the
     * connection drains.
     */
    @Override
    public void close() {
        closed = true;
        wakeUp();
        if (inFlight.get() == 0) {
            idle.complete(null);
        }
    }

    /** Wakes the poller if it waits for the server; called once the channel is closed. */
    protected void wakeUp() {
    }

    /**
     * Waits until no message handed out is left unsettled, at most the connection's {@code drain-timeout} counted
     * from {@code since} (a {@link System#nanoTime()}).
     */
    public void awaitSettled(long since) {
        Duration timeout = connection.drainTimeout().minusNanos(System.nanoTime() - since);
        try {
            idle.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            NatsLogging.log.unsettledAtStop(channel, inFlight.get(), connection.drainTimeout().toMillis());
        }
    }
}
