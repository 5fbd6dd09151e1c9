package io.smallrye.reactive.messaging.nats.connection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Redaction;

/**
 * What the server and jnats report on a shared connection, passed on to the channels that care: connection events,
 * slow consumers and permission violations. The callbacks run on jnats' single callback thread: they only record
 * state and never block.
 */
public final class ServerEvents implements ConnectionListener, ErrorListener {

    /** The operations the server reports permission violations for, as its error text names them. */
    public enum Operation {
        PUBLISH("Publish", "publishing to"),
        SUBSCRIPTION("Subscription", "the subscription to");

        private final String serverName;
        private final String description;

        Operation(String serverName, String description) {
            this.serverName = serverName;
            this.description = description;
        }
    }

    private static final Pattern PERMISSION_VIOLATION = Pattern
            .compile("Permissions Violation for (Publish|Subscription) to \"?([^\"\s]+)\"?", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final String servers;
    private final long reconnectWaitMillis;
    private final ConnectionFailures failures;
    private final BooleanSupplier closing;
    private final Map<io.nats.client.Consumer, Runnable> slowConsumerListeners = new ConcurrentHashMap<>();
    private final List<Consumer<Events>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> heartbeatAlarmListeners = new CopyOnWriteArrayList<>();
    private final Map<Operation, List<Consumer<String>>> violationListeners = Map.of(Operation.PUBLISH,
            new CopyOnWriteArrayList<>(), Operation.SUBSCRIPTION, new CopyOnWriteArrayList<>());
    /** Publish subjects the server denied on this connection, with the reason; forgotten on reconnect. */
    private final Map<String, String> deniedPublishes = new ConcurrentHashMap<>();
    /** Set once connected: before that, jnats' disconnected/closed events are about attempts, not a connection. */
    private volatile boolean opened;

    /** @param closing whether the application stops, when interrupted reads and writes are expected */
    ServerEvents(ConnectionSettings settings, BooleanSupplier closing) {
        this.name = settings.displayName();
        this.servers = settings.describeServers();
        this.reconnectWaitMillis = settings.reconnection().maxWait().toMillis();
        this.failures = new ConnectionFailures(name, servers, settings.tlsWithoutClientCertificate());
        this.closing = closing;
    }

    ConnectionFailures failures() {
        return failures;
    }

    public void onSlowConsumer(io.nats.client.Consumer consumer, Runnable listener) {
        slowConsumerListeners.put(consumer, listener);
    }

    public void removeSlowConsumerListener(io.nats.client.Consumer consumer) {
        slowConsumerListeners.remove(consumer);
    }

    /** Called with the consumer's name when the heartbeats of its pulls stop coming (jnats then pulls again). */
    public void onHeartbeatAlarm(Consumer<String> listener) {
        heartbeatAlarmListeners.add(listener);
    }

    /** Connection events (reconnected, resubscribed...), delivered on jnats' callback thread: record, never block. */
    public void onEvent(Consumer<Events> listener) {
        eventListeners.add(listener);
    }

    /** The subjects the server denies the operation on, as it reports them (asynchronously) on this connection. */
    public void onPermissionViolation(Operation operation, Consumer<String> listener) {
        violationListeners.get(operation).add(listener);
    }

    /** Readiness text once the server denied the operation on the subject, null before. */
    public Supplier<String> denial(Operation operation, String subject) {
        AtomicReference<String> denial = new AtomicReference<>();
        onPermissionViolation(operation, denied -> {
            if (denied.equals(subject)) {
                denial.set("the server denies " + operation.description + " '" + denied + "' (permissions violation)");
            }
        });
        return denial::get;
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
            NatsLogging.log.connectionEvent(name, server == null ? servers : Redaction.credentials(server), type.toString());
        }
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        Matcher violation = PERMISSION_VIOLATION.matcher(error);
        if (violation.find()) {
            // Not a connection problem: only the channels using that subject are concerned. Logged once per subject.
            Operation operation = violation.group(1).equalsIgnoreCase(Operation.PUBLISH.serverName) ? Operation.PUBLISH
                    : Operation.SUBSCRIPTION;
            String subject = violation.group(2);
            if (operation != Operation.PUBLISH
                    || deniedPublishes.putIfAbsent(subject, NatsExceptions.ex.publishDenied(subject, name)) == null) {
                NatsLogging.log.connectionError(name, error);
            }
            violationListeners.get(operation).forEach(listener -> listener.accept(subject));
        } else if (opened && connection.getStatus() == Connection.Status.CONNECTED) {
            NatsLogging.log.connectionError(name, error);
        } else {
            failures.serverError(error); // reported with the attempt it belongs to
        }
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exp) {
        if (closing.getAsBoolean()) {
            return;
        }
        Exception clean = Redaction.credentials(exp);
        if (!opened) {
            failures.cause(clean); // reported with the attempt it belongs to
        } else if (connection.getStatus() != Connection.Status.CONNECTED) {
            failures.reconnectFailed(clean, reconnectWaitMillis);
        } else {
            NatsLogging.log.connectionError(name, clean.toString());
        }
    }

    @Override
    public void heartbeatAlarm(Connection connection, JetStreamSubscription sub, long lastStreamSequence,
            long lastConsumerSequence) {
        String consumer = sub.getConsumerName();
        heartbeatAlarmListeners.forEach(listener -> listener.accept(consumer));
    }

    @Override
    public void slowConsumerDetected(Connection connection, io.nats.client.Consumer consumer) {
        Runnable listener = slowConsumerListeners.get(consumer);
        if (listener != null) {
            listener.run();
        }
    }
}
