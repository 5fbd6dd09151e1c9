package io.smallrye.reactive.messaging.nats.incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;

import io.nats.client.Connection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.IncomingNatsBatch;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;
import io.smallrye.reactive.messaging.nats.impl.DaemonThreads;
import io.smallrye.reactive.messaging.nats.impl.MessageContexts;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;

/**
 * An incoming channel as a stream. Its own poller thread takes messages out of the client only when downstream asks
 * for more, from a core subscription, a JetStream pull consumer, a key-value watch or a service endpoint; no
 * application code runs on a jnats thread. Where
 * messages get a Vert.x context, the poller hands them to the channel's event loop a batch at a time.
 */
public final class IncomingChannel implements NatsChannel {

    /**
     * At most this many messages of a core subscription wait between the poller and a Vert.x event loop. The event loop
     * asks for more only once it has handed out a whole batch, so a small one stalls the poller at every batch (16: 0.12x
     * of raw jnats, 256: 0.3-0.5x, measured on core pub/sub); these count on top of the subscription's pending limits.
     */
    private static final int CORE_HAND_OVER_BATCH = 256;
    /**
     * The same for a JetStream channel, at most {@code pull-batch-size} ({@code 1}: nothing waits behind the message in
     * process); 16 gave 0.54x of raw jnats on JetStream consume, 128 0.80x.
     */
    private static final int JETSTREAM_HAND_OVER_BATCH = 128;

    private final IncomingSettings settings;
    private final SharedConnection connection;
    private final FailureContext failures;
    private final Deliveries deliveries;
    private final MessageSource source;
    private final MessageContexts contexts;
    private final ExecutorService poller;
    private volatile Thread pollerThread;
    /** A batch was filled up to the end of the stream: the next item is the end. Poller thread only. */
    private boolean ended;

    /** @param failures the context {@code failureHandler} was created with */
    public IncomingChannel(IncomingSettings settings, SharedConnection connection, FailureContext failures,
            NatsFailureHandler failureHandler, PayloadCodec codec, MessageContexts contexts, MessageTracer tracer) {
        this.settings = settings;
        this.connection = connection;
        this.failures = failures;
        this.contexts = contexts;
        // In batches, the batch gets the context: one per message would be made for nothing.
        this.deliveries = new Deliveries(settings.channel(), settings.batch() ? MessageContexts.NONE : contexts, tracer,
                codec, settings.payloadType());
        this.source = source(settings, connection, failures, failureHandler);
        failures.onFatal(source::stop);
        ThreadFactory threads = DaemonThreads.named("nats-incoming-" + settings.channel());
        this.poller = Executors.newSingleThreadExecutor(task -> pollerThread = threads.newThread(task));
    }

    private MessageSource source(IncomingSettings settings, SharedConnection connection, FailureContext failures,
            NatsFailureHandler failureHandler) {
        if (settings.jetStream()) {
            return new JetStreamPull(settings, connection, deliveries, failureHandler);
        }
        if (settings.watch() != null) {
            return new KeyValueWatch(settings, deliveries, failureHandler);
        }
        if (settings.service() != null) {
            return new ServiceRequests(settings, deliveries, failureHandler);
        }
        return new CoreSubscription(settings, connection, deliveries, failures, failureHandler);
    }

    /**
     * Runs a task at once when already on the poller thread: downstream asks for the next message on the poller thread
     * while it handles the previous one, and that request needs no hand-over (the generator takes a request made
     * while it emits in its own loop, so nothing recurses).
     */
    private void onPoller(Runnable task) {
        if (Thread.currentThread() == pollerThread) {
            task.run();
        } else {
            poller.execute(task);
        }
    }

    public PublisherBuilder<Message<?>> publisherBuilder() {
        Multi<Message<?>> messages = contexts.handOver(Uni.createFrom().completionStage(connection::connected)
                .emitOn(poller)
                .onItem().transformToMulti(this::stream)
                .runSubscriptionOn(this::onPoller), handOverBatch())
                .onCancellation().invoke(source::stop)
                .onTermination().invoke(() -> {
                    source.stop();
                    poller.shutdown();
                    // An asynchronous method may still hold messages: their acks need the connection.
                    deliveries.close();
                    deliveries.whenSettled(connection::release);
                });
        return ReactiveStreams.fromPublisher(AdaptersToReactiveStreams.publisher(messages));
    }

    /** One batch of messages at a time, the next being filled while the application handles the current one. */
    private int handOverBatch() {
        if (settings.batch()) {
            return 1;
        }
        return settings.jetStream() ? Math.min(JETSTREAM_HAND_OVER_BATCH, settings.consumer().batchSize())
                : CORE_HAND_OVER_BATCH;
    }

    private Multi<Message<?>> stream(Connection connected) {
        source.open(connected);
        // The generator is called once per requested item, on the poller thread: no demand, no polling.
        return Multi.createFrom().<Void, Message<?>> generator(() -> null, (state, emitter) -> {
            Message<?> message = next();
            if (settings.batch() && message != MessageSource.END) {
                message = batchFrom(message);
            }
            if (message == MessageSource.END) {
                emitter.complete();
            } else {
                emitter.emit(message);
            }
            return state;
        });
    }

    /**
     * The first message and those received after it without waiting, up to {@code batch-size}, as one batch with a
     * Vert.x context of its own (where the runtime has one). Each was delivered already: an undecodable payload was
     * nacked and left out.
     */
    @SuppressWarnings("unchecked")
    private Message<?> batchFrom(Message<?> first) {
        List<IncomingNatsMessage<Object>> batch = new ArrayList<>();
        batch.add((IncomingNatsMessage<Object>) first);
        while (batch.size() < settings.batchSize()) {
            Message<?> more = source.pollReceived();
            if (more == null) {
                break;
            }
            if (more == MessageSource.END) {
                ended = true;
                break;
            }
            batch.add((IncomingNatsMessage<Object>) more);
        }
        return new IncomingNatsBatch<>(batch, contexts.next());
    }

    /** Waits on the poller thread for the next message, the end of the stream, or the failure that stopped it. */
    private Message<?> next() {
        if (ended) {
            return MessageSource.END;
        }
        Message<?> message = null;
        while (message == null) {
            Throwable fatal = failures.fatalFailure();
            if (fatal != null) {
                throw fatal instanceof RuntimeException e ? e : new CompletionException(fatal);
            }
            message = source.poll();
        }
        return message;
    }

    @Override
    public String name() {
        return settings.channel();
    }

    @Override
    public boolean healthEnabled() {
        return settings.healthEnabled();
    }

    @Override
    public ChannelHealth readiness() {
        ChannelHealth connected = connection.health();
        return connected.ok() ? source.readiness() : connected;
    }

    @Override
    public ChannelHealth liveness() {
        return failures.liveness();
    }

    @Override
    public void useMetrics(ChannelMetrics metrics) {
        deliveries.useMetrics(metrics);
        failures.useMetrics(metrics);
    }

    @Override
    public long droppedCount() {
        return source.droppedCount();
    }

    @Override
    public long inFlightCount() {
        return deliveries.inFlight();
    }

    @Override
    public Connection currentConnection() {
        return connection.current();
    }

    /**
     * Stops receiving: the poller hands out what the client already buffered (core) and ends. Call
     * {@link #awaitSettled(long)} then, so the messages in the application's hands are acked before the
     * connection drains.
     */
    @Override
    public void close() {
        deliveries.close();
        source.wakeUp();
    }

    /**
     * Waits until no message handed out is left unsettled, at most the connection's {@code drain-timeout} counted
     * from {@code since} (a {@link System#nanoTime()}).
     */
    public void awaitSettled(long since) {
        deliveries.awaitSettled(since, connection.drainTimeout());
    }
}
