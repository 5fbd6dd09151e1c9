package io.smallrye.reactive.messaging.nats.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/**
 * One jnats connection shared by every channel with the same connection attributes, reference-counted. It connects in
 * the background when {@code connect-retry} is on, so an application can start before its server. Listener
 * callbacks run on jnats' single callback thread: they only record state and never block.
 */
public final class NatsConnection implements ConnectionListener, ErrorListener {

    private static final Pattern PERMISSION_VIOLATION = Pattern
            .compile("Permissions Violation for (Publish|Subscription) to \"?([^\"\s]+)\"?", Pattern.CASE_INSENSITIVE);

    private final NatsConnectionConfig config;
    private final Options options;
    private final ScheduledExecutorService connector;
    private final java.util.function.Consumer<NatsConnection> onUnused;
    private final CompletableFuture<Connection> connected = new CompletableFuture<>();
    private final AtomicInteger references = new AtomicInteger();
    private final Map<Consumer, Runnable> slowConsumerListeners = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<Events>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<String, String>> permissionListeners = new CopyOnWriteArrayList<>();
    private final ConnectionFailures failures;
    private final ReconnectBackoff backoff;
    /** Failed attempts of the initial connection (the background retry loop is its only writer). */
    private long failedAttempts;
    /** Publish subjects the server denied on this connection, with the reason; forgotten on reconnect. */
    private final Map<String, String> deniedPublishes = new ConcurrentHashMap<>();
    /** Set once connected: before that, jnats' disconnected/closed events are about attempts, not a connection. */
    private volatile boolean opened;
    /** Set once: both the connector's shutdown and the last channel's release close the connection. */
    private final AtomicBoolean closed = new AtomicBoolean();

    NatsConnection(NatsConnectionConfig config, Options.Builder builder, ScheduledExecutorService connector,
            java.util.function.Consumer<NatsConnection> onUnused) {
        this.config = config;
        this.onUnused = onUnused;
        this.options = builder.connectionListener(this).errorListener(this).build();
        this.connector = connector;
        this.backoff = config.reconnectBackoff();
        this.failures = new ConnectionFailures(config.displayName(), config.describeServers(),
                config.tls && config.keystorePath == null && config.tlsConfigurationName == null);
    }

    void start() {
        if (config.connectRetry) {
            connector.execute(this::attempt);
        } else {
            try {
                connected.complete(Nats.connect(options));
            } catch (Exception e) {
                throw NatsExceptions.ex.connectionFailed(config.channel, config.describeServers(), sanitized(e));
            } catch (Error e) {
                throw e;
            }
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
            failures.attemptFailed(sanitized(e).getMessage(), config.reconnectWait.toMillis());
            connector.schedule(this::attempt, backoff.getWaitTime(++failedAttempts).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** jnats messages may echo a server URL; strip any credentials it carries. */
    private static Exception sanitized(Exception e) {
        String message = String.valueOf(e.getMessage());
        String clean = message.replaceAll("://[^/@\\s,\\]]*@", "://***@");
        return clean.equals(message) ? e : new IllegalStateException(e.getClass().getSimpleName() + ": " + clean);
    }

    /** Completes once the connection is established; never completes if the application stops first. */
    public CompletableFuture<Connection> connected() {
        return connected;
    }

    /** The connection, or null before the first successful connect. */
    public Connection current() {
        return connected.getNow(null);
    }

    public void onSlowConsumer(Consumer consumer, Runnable listener) {
        slowConsumerListeners.put(consumer, listener);
    }

    /** Connection events (reconnected, resubscribed...), delivered on jnats' callback thread: record, never block. */
    public void onEvent(java.util.function.Consumer<Events> listener) {
        eventListeners.add(listener);
    }

    /**
     * Permission violations the server reports (asynchronously) for this connection, as (operation, subject) with
     * operation "Publish" or "Subscription"; the channels concerned turn their health down.
     */
    public void onPermissionViolation(java.util.function.BiConsumer<String, String> listener) {
        permissionListeners.add(listener);
    }

    public void removeSlowConsumerListener(Consumer consumer) {
        slowConsumerListeners.remove(consumer);
    }

    public String name() {
        return config.displayName();
    }

    /** Up only when connected; otherwise says why, with the server's last error (e.g. an authorization violation). */
    public ChannelHealth health() {
        Connection connection = current();
        if (closed.get()) {
            return new ChannelHealth(false, "connection " + name() + " is closed");
        }
        String failure = failures.reason();
        if (connection == null) {
            return new ChannelHealth(false, "connection " + name() + " not yet connected to " + config.describeServers()
                    + (failure == null ? "" : ": " + failure));
        }
        Connection.Status status = connection.getStatus();
        if (status == Connection.Status.CONNECTED) {
            return new ChannelHealth(true, "connected to " + NatsConnectionConfig.redact(String.valueOf(connection.getConnectedUrl())));
        }
        return new ChannelHealth(false, "connection " + name() + " is " + status.name().toLowerCase()
                + (failure == null ? "" : ": " + failure));
    }

    /** The bound of a graceful stop on this connection. */
    public java.time.Duration drainTimeout() {
        return config.drainTimeout;
    }

    NatsConnectionConfig config() {
        return config;
    }

    void retain() {
        references.incrementAndGet();
    }

    /** Called by a channel whose stream ended; the last one out closes the connection. */
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
        try {
            if (connection.getStatus() == Connection.Status.CONNECTED
                    && !connection.drain(config.drainTimeout).get(config.drainTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                NatsLogging.log.drainTimedOut(name(), config.drainTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            NatsLogging.log.drainTimedOut(name(), config.drainTimeout.toMillis());
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

    /** Why a publish to the subject would be refused: the server denied it earlier on this connection; else null. */
    public String publishDenial(String subject) {
        return deniedPublishes.get(subject);
    }

    @Override
    public void connectionEvent(Connection connection, Events type) {
        if (type == Events.CONNECTED || type == Events.RECONNECTED) {
            opened = true;
            failures.succeeded();
            deniedPublishes.clear(); // permissions may have changed with the new connection
        }
        eventListeners.forEach(listener -> listener.accept(type));
        if (type != Events.DISCOVERED_SERVERS && opened) {
            String server = connection.getConnectedUrl();
            NatsLogging.log.connectionEvent(name(), server == null ? config.describeServers() : NatsConnectionConfig.redact(server),
                    type.toString());
        }
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        Matcher violation = PERMISSION_VIOLATION.matcher(error);
        if (violation.find()) {
            // Not a connection problem: only the channels using that subject are concerned. Logged once per subject.
            String operation = violation.group(1);
            String subject = violation.group(2);
            boolean publish = operation.equalsIgnoreCase("Publish");
            if (!publish || deniedPublishes.putIfAbsent(subject, NatsExceptions.ex.publishDenied(subject, name())) == null) {
                NatsLogging.log.connectionError(name(), error);
            }
            permissionListeners.forEach(listener -> listener.accept(operation, subject));
        } else if (opened && connection.getStatus() == Connection.Status.CONNECTED) {
            NatsLogging.log.connectionError(name(), error);
        } else {
            failures.serverError(error); // reported with the attempt it belongs to
        }
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exp) {
        if (closed.get()) {
            return; // the application stops: interrupted reads and writes are expected
        }
        Exception clean = sanitized(exp);
        if (!opened) {
            failures.cause(clean); // reported with the attempt it belongs to
        } else if (connection.getStatus() != Connection.Status.CONNECTED) {
            failures.reconnectFailed(clean, config.reconnectWait.toMillis());
        } else {
            NatsLogging.log.connectionError(name(), clean.toString());
        }
    }

    @Override
    public void slowConsumerDetected(Connection connection, Consumer consumer) {
        Runnable listener = slowConsumerListeners.get(consumer);
        if (listener != null) {
            listener.run();
        }
    }
}
