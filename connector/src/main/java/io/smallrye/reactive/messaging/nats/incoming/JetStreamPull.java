package io.smallrye.reactive.messaging.nats.incoming;

import java.time.Duration;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.BaseConsumerContext;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.StreamContext;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.jetstream.ConsumerSettings;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;
import io.smallrye.reactive.messaging.nats.jetstream.Streams;

/**
 * A JetStream pull consumer. Pulls are driven by downstream demand: the poller asks the server for at most
 * {@code pull-batch-size} messages only when it has handed out the previous ones, and the server bounds the messages
 * delivered but not acked by {@code max-ack-pending}; nothing else buffers.
 * <p>
 * A server restart throws away a waiting pull request while the client keeps waiting on it (jnats only notices
 * after heartbeats go missing). So when the connection resubscribes after a reconnect, the current pull is abandoned
 * and a new one starts at once; a pull that outlives its expiry by far marks the channel as stalled in readiness.
 */
final class JetStreamPull implements MessageSource {

    private final String channel;
    private final StreamSettings stream;
    private final ConsumerSettings consumerSettings;
    private final SharedConnection connection;
    private final Deliveries deliveries;
    private final NatsFailureHandler failureHandler;
    private final JetStreamAcks acks;
    private final FetchConsumeOptions fetchOptions;
    private final Duration stallAfter;
    private volatile BaseConsumerContext consumer;
    private volatile FetchConsumer fetch;
    private volatile long waitingSince;
    private volatile boolean restartPull;
    private volatile String consumerError;

    JetStreamPull(IncomingSettings settings, SharedConnection connection, Deliveries deliveries,
            NatsFailureHandler failureHandler) {
        this.channel = settings.channel();
        this.stream = settings.stream();
        this.consumerSettings = settings.consumer();
        this.connection = connection;
        this.deliveries = deliveries;
        this.failureHandler = failureHandler;
        this.acks = new JetStreamAcks(channel, consumerSettings);
        this.fetchOptions = FetchConsumeOptions.builder().maxMessages(consumerSettings.batchSize())
                .expiresIn(consumerSettings.pullExpires().toMillis()).build();
        this.stallAfter = consumerSettings.pullExpires().multipliedBy(3).plusSeconds(2);
        connection.events().onEvent(event -> {
            if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.RECONNECTED) {
                acks.connectionLost();
            }
            if (event == ConnectionListener.Events.RESUBSCRIBED) {
                // The poller may be blocked on the forgotten pull: closing it wakes the poller, which pulls again.
                restartPull = true;
                Infrastructure.getDefaultWorkerPool().execute(this::abandonFetch);
            }
        });
    }

    @Override
    public void open(Connection connected) {
        bindConsumer(connected);
    }

    private boolean bindConsumer(Connection connected) {
        try {
            if (!Streams.ensure(connected, stream, channel)) {
                throw Streams.missing(stream, channel);
            }
            StreamContext context = connected.getStreamContext(stream.name(), stream.api());
            if (consumerSettings.ordered()) {
                consumer = context.createOrderedConsumer(consumerSettings.orderedConfiguration());
            } else if (consumerSettings.bind()) {
                consumer = context.getConsumerContext(consumerSettings.durable());
            } else {
                consumer = context.createOrUpdateConsumer(consumerSettings.configuration());
            }
            consumerError = null;
            String durable = consumerSettings.durable();
            NatsLogging.log.subscribed(channel, consumerSettings.filterSubject(), " through JetStream stream '"
                    + stream.name() + "'" + (durable == null ? "" : " with durable consumer '" + durable + "'"));
            return true;
        } catch (Exception e) {
            consumerUnavailable(e.getMessage());
            return false;
        }
    }

    /** Shown in readiness; logged when it changes, not at every retry. */
    private void consumerUnavailable(String reason) {
        if (!reason.equals(consumerError)) {
            NatsLogging.log.consumerUnavailable(channel, stream.name(), reason);
        }
        consumerError = reason;
    }

    @Override
    public Message<?> poll() {
        if (deliveries.closed()) {
            return END;
        }
        try {
            if (consumer == null && !bindConsumer(connection.current())) {
                Thread.sleep(consumerSettings.pullExpires().toMillis() / 5); // the server answered; retry without spinning
                return null;
            }
            if (restartPull) {
                restartPull = false;
                abandonFetch();
            }
            if (fetch == null) {
                fetch = consumer.fetch(fetchOptions);
                if (deliveries.closed()) { // closed while the pull was being made: nobody will wake us
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
                    message.getHeaders(), consumerSettings.durable());
            return deliveries.deliver(new IncomingJetStreamMessage<>(message, message.getData(), metadata, failureHandler,
                    acks), consumerSettings.durable(), message.metaData().deliveredCount() > 1);
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
        if (consumer == null) {
            return new ChannelHealth(false, "no consumer on stream '" + stream.name() + "'"
                    + (consumerError == null ? "" : ": " + consumerError));
        }
        long since = waitingSince;
        if (since != 0 && System.nanoTime() - since > stallAfter.toNanos()) {
            return new ChannelHealth(false, "stalled: no answer to a pull on stream '" + stream.name() + "' for "
                    + Duration.ofNanos(System.nanoTime() - since).toSeconds() + " s");
        }
        return new ChannelHealth(true, "consuming stream '" + stream.name() + "'; " + deliveries.inFlight() + " in flight");
    }

    /** Wakes a poller waiting on a pull: messages pulled but not handed out yet are redelivered after ack-wait. */
    @Override
    public void wakeUp() {
        abandonFetch();
    }

    @Override
    public void stop() {
        abandonFetch();
        acks.close();
    }
}
