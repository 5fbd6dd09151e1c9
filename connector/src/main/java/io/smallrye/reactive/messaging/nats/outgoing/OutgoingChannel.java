package io.smallrye.reactive.messaging.nats.outgoing;

import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;
import org.eclipse.microprofile.reactive.streams.operators.SubscriberBuilder;

import io.nats.client.Connection;
import io.smallrye.reactive.messaging.nats.connection.ServerEvents;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;

/**
 * An outgoing channel: publishes to core NATS or JetStream, writes a key-value bucket, or makes requests, through its
 * {@link MessageSender}, and reports its health. Publishing starts when the connection is first established.
 */
public final class OutgoingChannel implements NatsChannel {

    private final OutgoingSettings settings;
    private final SharedConnection connection;
    private final MessageSender sender;
    /** Why the server refuses publishing to the channel's subject, or null. */
    private final Supplier<String> denial;

    public OutgoingChannel(OutgoingSettings settings, SharedConnection connection, PayloadCodec codec,
            MessageTracer tracer) {
        this.settings = settings;
        this.connection = connection;
        ServerEvents events = connection.events();
        Publisher publisher = settings.jetStream() ? new JetStreamPublisher(settings, events)
                : settings.bucket() != null ? new KeyValuePublisher(settings) : Publisher.CORE;
        Publisher requests = new RequestPublisher(settings.channel(), connection.name(), settings.requestTimeout());
        NatsMessageEncoder encoder = new NatsMessageEncoder(settings.channel(), settings.subject(),
                settings.bucket() == null ? null : settings.bucket().name(), settings.key(), codec, tracer);
        this.sender = new MessageSender(settings, connection, encoder, publisher, requests);
        this.denial = settings.subject() == null ? () -> null
                : events.denial(ServerEvents.Operation.PUBLISH, settings.subject());
    }

    public SubscriberBuilder<Message<?>, Void> subscriberBuilder() {
        return ReactiveStreams.fromSubscriber(sender);
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
        if (sender.closed()) {
            return new ChannelHealth(false, "closed");
        }
        String denied = denial.get();
        if (denied != null) {
            return new ChannelHealth(false, denied);
        }
        if (sender.upstreamStopped()) {
            return new ChannelHealth(false, "no longer publishing: its upstream stopped with a failure");
        }
        Throwable stream = sender.streamFailure();
        return stream == null ? connection.health() : new ChannelHealth(false, stream.getMessage());
    }

    @Override
    public ChannelHealth liveness() {
        Throwable failure = sender.lastFailure();
        return new ChannelHealth(true, failure == null ? null : "last publish failure: " + failure.getMessage());
    }

    @Override
    public void close() {
        sender.close();
    }

    @Override
    public void useMetrics(ChannelMetrics metrics) {
        sender.useMetrics(metrics);
    }

    @Override
    public Connection currentConnection() {
        return connection.current();
    }
}
