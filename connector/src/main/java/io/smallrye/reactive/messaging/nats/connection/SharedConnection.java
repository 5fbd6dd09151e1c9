package io.smallrye.reactive.messaging.nats.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.Failures;
import io.smallrye.reactive.messaging.nats.impl.Redaction;

/**
 * One jnats connection shared by every channel with the same {@link ConnectionSettings}, reference-counted. It
 * connects in the background when {@code connect-retry} is on, so an application can start before its server, and
 * drains when the last channel is done. What the server reports on it goes through {@link #events()}.
 */
public final class SharedConnection {

    private final ConnectionSettings settings;
    private final Options options;
    private final ServerEvents events;
    private final ScheduledExecutorService connector;
    private final Consumer<SharedConnection> onUnused;
    private final CompletableFuture<Connection> connected = new CompletableFuture<>();
    private final AtomicInteger references = new AtomicInteger();
    private final ReconnectBackoff backoff;
    /** Failed attempts of the initial connection (the background retry loop is its only writer). */
    private long failedAttempts;
    /** Set once: both the connector's shutdown and the last channel's release close the connection. */
    private final AtomicBoolean closed = new AtomicBoolean();

    SharedConnection(ConnectionSettings settings, Options.Builder builder, ScheduledExecutorService connector,
            Consumer<SharedConnection> onUnused) {
        this.settings = settings;
        this.onUnused = onUnused;
        this.events = new ServerEvents(settings, closed::get);
        this.options = builder.connectionListener(events).errorListener(events).build();
        this.connector = connector;
        this.backoff = settings.reconnectBackoff();
    }

    /** @param channel the channel that first uses the connection, named by a deployment error */
    void start(String channel) {
        if (settings.connectRetry()) {
            connector.execute(this::attempt);
            return;
        }
        try {
            connected.complete(Nats.connect(options));
        } catch (Exception e) {
            throw NatsExceptions.ex.connectionFailed(channel, settings.describeServers(), Redaction.credentials(e));
        }
    }

    private void attempt() {
        if (closed.get()) {
            return;
        }
        try {
            Connection connection = Nats.connect(options);
            if (closed.get()) {
                connection.close();
            } else {
                connected.complete(connection);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (closed.get()) {
                return;
            }
            events.failures().attemptFailed(Redaction.credentials(e).getMessage(),
                    settings.reconnection().maxWait().toMillis());
            connector.schedule(this::attempt, backoff.getWaitTime(++failedAttempts).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Completes once the connection is established; never completes if the application stops first. */
    public CompletableFuture<Connection> connected() {
        return connected;
    }

    /** The connection, or null before the first successful connect. */
    public Connection current() {
        return connected.getNow(null);
    }

    public ServerEvents events() {
        return events;
    }

    public String name() {
        return settings.displayName();
    }

    /** Up only when connected; otherwise says why, with the server's last error (e.g. an authorization violation). */
    public ChannelHealth health() {
        Connection connection = current();
        if (closed.get()) {
            return new ChannelHealth(false, "connection " + name() + " is closed");
        }
        String failure = events.failures().reason();
        if (connection == null) {
            return new ChannelHealth(false, "connection " + name() + " not yet connected to " + settings.describeServers()
                    + (failure == null ? "" : ": " + failure));
        }
        Connection.Status status = connection.getStatus();
        if (status == Connection.Status.CONNECTED) {
            return new ChannelHealth(true,
                    "connected to " + Redaction.credentials(String.valueOf(connection.getConnectedUrl())));
        }
        return new ChannelHealth(false, "connection " + name() + " is " + status.name().toLowerCase()
                + (failure == null ? "" : ": " + failure));
    }

    /** The bound of a graceful stop on this connection. */
    public Duration drainTimeout() {
        return settings.drainTimeout();
    }

    ConnectionSettings settings() {
        return settings;
    }

    void retain() {
        references.incrementAndGet();
    }

    /** Called by a channel that is done, or that failed deployment; the last one out closes the connection. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            onUnused.accept(this);
            close();
        }
    }

    /** Drains the subscriptions and flushes the publishes, bounded by {@code drain-timeout}, then closes. */
    void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        Connection connection = current();
        connected.cancel(false);
        if (connection == null) {
            return;
        }
        Duration timeout = settings.drainTimeout();
        try {
            if (connection.getStatus() == Connection.Status.CONNECTED
                    && !connection.drain(timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                NatsLogging.log.drainTimedOut(name(), timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            NatsLogging.log.drainTimedOut(name(), timeout.toMillis());
        } catch (Exception e) {
            NatsLogging.log.drainFailed(name(), String.valueOf(Failures.cause(e)));
        } finally {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
