package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.BaseConsumerContext;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsConnectorCommonConfiguration;
import io.smallrye.reactive.messaging.nats.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.fault.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/**
 * A JetStream pull consumer as a stream. Pulls are driven by downstream demand: the poller asks the server for at
 * most {@code pull-batch-size} messages only when it has handed out the previous ones, and the server bounds the
 * messages delivered but not acked by {@code max-ack-pending}; nothing else buffers.
 * <p>
 * A server restart throws away a waiting pull request while the client keeps waiting on it (jnats only notices
 * after heartbeats go missing). So when the connection resubscribes after a reconnect, the current pull is abandoned
 * and a new one starts at once; a pull that outlives its expiry by far marks the channel as stalled in readiness.
 */
public class JetStreamIncomingChannel extends AbstractIncomingChannel {

    private final JetStreamSettings settings;
    private final JetStreamAcks acks;
    private final FetchConsumeOptions fetchOptions;
    private final Duration stallAfter;
    private volatile BaseConsumerContext consumer;
    private volatile FetchConsumer fetch;
    private volatile long waitingSince;
    private volatile boolean restartPull;
    private volatile String consumerError;

    public JetStreamIncomingChannel(NatsConnectorIncomingConfiguration config,
            Function<NatsConnectorCommonConfiguration, NatsConnection> connections, NatsFailureHandler.Factory failureHandlers,
            PayloadCodec codec, MessageTracer tracer) {
        this(JetStreamSettings.incoming(config), config, connections, failureHandlers, codec, tracer);
    }

    private JetStreamIncomingChannel(JetStreamSettings settings, NatsConnectorIncomingConfiguration config,
            Function<NatsConnectorCommonConfiguration, NatsConnection> connections, NatsFailureHandler.Factory failureHandlers,
            PayloadCodec codec, MessageTracer tracer) {
        super(config, connections, failureHandlers, codec, tracer);
        this.settings = settings;
        this.acks = new JetStreamAcks(channel, !settings.ordered, settings.doubleAck, settings.ackWait, settings.backoff,
                settings.autoInProgress);
        this.fetchOptions = FetchConsumeOptions.builder().maxMessages(settings.batchSize)
                .expiresIn(settings.pullExpires.toMillis()).build();
        this.stallAfter = settings.pullExpires.multipliedBy(3).plusSeconds(2);
        connection.onEvent(event -> {
            if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.RECONNECTED) {
                acks.connectionLost();
            }
            if (event == ConnectionListener.Events.RESUBSCRIBED) {
                // The poller may be blocked on the forgotten pull: closing it wakes the poller, which pulls again.
                restartPull = true;
                Infrastructure.getDefaultWorkerPool().execute(this::abandonFetch);
            }
        });
        try {
            settings.checkAtDeployment(connection, config.getConnectRetry(), channel);
        } catch (RuntimeException deploymentError) {
            connection.release(); // this channel will never run
            throw deploymentError;
        }
    }

    @Override
    protected void open(Connection connected) {
        bindConsumer(connected);
    }

    private boolean bindConsumer(Connection connected) {
        try {
            if (!settings.ensureStream(connected, channel)) {
                throw settings.missingStream(channel);
            }
            var stream = connected.getStreamContext(settings.stream, settings.options);
            if (settings.ordered) {
                OrderedConsumerConfiguration ordered = new OrderedConsumerConfiguration()
                        .filterSubject(settings.filterSubject).deliverPolicy(settings.deliverPolicy);
                settings.startSequence().ifPresent(ordered::startSequence);
                settings.startTime().ifPresent(ordered::startTime);
                consumer = stream.createOrderedConsumer(ordered);
            } else if (settings.bind) {
                consumer = stream.getConsumerContext(settings.durable);
            } else {
                ConsumerConfiguration cc = settings.consumerConfiguration();
                consumer = stream.createOrUpdateConsumer(cc);
            }
            consumerError = null;
            NatsLogging.log.subscribed(channel, settings.filterSubject, " through JetStream stream '" + settings.stream
                    + "'" + (settings.durable == null ? "" : " with durable consumer '" + settings.durable + "'"));
            return true;
        } catch (Exception e) {
            consumerUnavailable(e.getMessage());
            return false;
        }
    }

    /** Shown in readiness; logged when it changes, not at every retry. */
    private void consumerUnavailable(String reason) {
        if (!reason.equals(consumerError)) {
            NatsLogging.log.consumerUnavailable(channel, settings.stream, reason);
        }
        consumerError = reason;
    }

    @Override
    protected Message<?> poll() {
        if (isClosed()) {
            return END;
        }
        try {
            if (consumer == null && !bindConsumer(connection.current())) {
                Thread.sleep(settings.pullExpires.toMillis() / 5); // the server answered; retry without spinning
                return null;
            }
            if (restartPull) {
                restartPull = false;
                abandonFetch();
            }
            if (fetch == null) {
                fetch = consumer.fetch(fetchOptions);
                if (isClosed()) { // closed while the pull was being made: nobody will wake us
                    abandonFetch();
                    return END;
                }
            }
            waitingSince = System.nanoTime();
            io.nats.client.Message message;
            try {
                message = fetch.nextMessage();
            } finally {
                waitingSince = 0;
            }
            if (message == null) {
                // This pull is done (batch delivered or expired). Close it: an expired pull that is only forgotten
                // keeps its subscription, and the server's late status message in it, which the drain waits for.
                abandonFetch();
                return null;
            }
            if (!message.isJetStream()) {
                return null;
            }
            acks.delivered(message);
            IncomingNatsMetadata metadata = new IncomingNatsMetadata(message.getSubject(), message.getReplyTo(),
                    message.getHeaders(), settings.durable);
            return delivered(new IncomingJetStreamMessage<>(message, message.getData(), metadata, failureHandler, acks),
                    settings.durable, message.metaData().deliveredCount() > 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        } catch (JetStreamStatusCheckedException | RuntimeException | java.io.IOException
                | io.nats.client.JetStreamApiException e) {
            // Pull rejected (consumer deleted, leader change, disconnect): rebind and pull again.
            consumerUnavailable(String.valueOf(e.getMessage()));
            abandonFetch();
            consumer = null;
            return null;
        }
    }

    private void abandonFetch() {
        FetchConsumer current = fetch;
        fetch = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                // the pull is abandoned either way
            }
        }
    }

    @Override
    public ChannelHealth readiness() {
        ChannelHealth connected = connection.health();
        if (!connected.ok()) {
            return connected;
        }
        if (consumer == null) {
            return new ChannelHealth(false, "no consumer on stream '" + settings.stream + "'"
                    + (consumerError == null ? "" : ": " + consumerError));
        }
        long since = waitingSince;
        if (since != 0 && System.nanoTime() - since > stallAfter.toNanos()) {
            return new ChannelHealth(false, "stalled: no answer to a pull on stream '" + settings.stream + "' for "
                    + Duration.ofNanos(System.nanoTime() - since).toSeconds() + " s");
        }
        return new ChannelHealth(true, "consuming stream '" + settings.stream + "'; " + inFlightCount() + " in flight");
    }

    /** Wakes a poller waiting on a pull: messages pulled but not handed out yet are redelivered after ack-wait. */
    @Override
    protected void wakeUp() {
        abandonFetch();
    }

    @Override
    protected void stop() {
        abandonFetch();
        acks.close();
    }
}
