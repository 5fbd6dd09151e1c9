package io.smallrye.reactive.messaging.nats.connection;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/**
 * What a connection tells the user while it cannot connect: the most specific cause of the last failed attempt (a
 * server error such as an authorization violation beats a TLS verification failure, which beats a timeout or jnats'
 * generic "Unable to connect", which never replaces a more specific one), kept for readiness until a connection
 * succeeds, and logged once per distinct cause, then as a reminder a minute with the number of attempts.
 */
final class ConnectionFailures {

    static final String CLIENT_CERTIFICATE_HINT = "the server closed the TLS handshake; it may require a client certificate (tls-keystore-path)";
    private static final long REMINDER_NANOS = Duration.ofMinutes(1).toNanos();

    private final String connection;
    private final String servers;
    /** TLS is on without a client certificate: a handshake the server ends is most likely a demand for one. */
    private final boolean tlsWithoutClientCertificate;
    private String attemptCause;
    private int attemptRank = -1;
    private volatile String reason;
    private int reasonRank = -1;
    /** The causes logged since the last success: each is logged once. */
    private final Set<String> logged = new HashSet<>();
    private long loggedAt;
    private long attempts;

    ConnectionFailures(String connection, String servers, boolean tlsWithoutClientCertificate) {
        this.connection = connection;
        this.servers = servers;
        this.tlsWithoutClientCertificate = tlsWithoutClientCertificate;
    }

    /** A cause reported by jnats' listeners during the current attempt. */
    synchronized void cause(Throwable failure) {
        Throwable cause = Failures.cause(failure); // e.g. the SSLHandshakeException, whose message names its own cause
        consider(cause.toString(), cause instanceof TimeoutException || cause instanceof InterruptedException ? 0 : 1);
    }

    /** An error the server sent (-ERR) during the current attempt: the most specific cause there is. */
    synchronized void serverError(String error) {
        consider(error, 2);
    }

    private void consider(String cause, int rank) {
        if (rank > attemptRank) {
            attemptCause = cause;
            attemptRank = rank;
        }
    }

    /** An initial attempt failed with the exception jnats threw; reports the most specific cause seen. */
    synchronized void attemptFailed(String thrown, long retryMillis) {
        consider(thrown, thrown.startsWith("Unable to connect to NATS servers") ? 0 : 1);
        finishAttempt(retryMillis);
    }

    /** A reconnect attempt of jnats failed (it reports each through its listener). */
    synchronized void reconnectFailed(Throwable failure, long retryMillis) {
        cause(failure);
        finishAttempt(retryMillis);
    }

    private void finishAttempt(long retryMillis) {
        String cause = attemptCause;
        int rank = attemptRank;
        if (rank == 0 && tlsWithoutClientCertificate) {
            cause = CLIENT_CERTIFICATE_HINT;
            rank = 1;
        }
        attemptCause = null;
        attemptRank = -1;
        attempts++;
        if (rank >= reasonRank) { // a generic cause never replaces a specific one
            reason = cause;
            reasonRank = rank;
        }
        long now = System.nanoTime();
        if (logged.add(cause)) {
            NatsLogging.log.cannotConnect(connection, servers, cause, retryMillis);
            loggedAt = now;
        } else if (now - loggedAt >= REMINDER_NANOS) {
            NatsLogging.log.stillCannotConnect(connection, servers, attempts, reason);
            loggedAt = now;
        }
    }

    /** Connected: forget the failures; the next one is news again. */
    synchronized void succeeded() {
        attemptCause = null;
        attemptRank = -1;
        reason = null;
        reasonRank = -1;
        logged.clear();
        attempts = 0;
    }

    /** The cause of the last failed attempt, until a connection succeeds; null when there was none. */
    String reason() {
        return reason;
    }
}
