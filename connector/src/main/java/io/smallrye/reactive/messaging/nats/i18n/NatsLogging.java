package io.smallrye.reactive.messaging.nats.i18n;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the connector; ids 100-999. Never put a credential in a message. */
@MessageLogger(projectCode = "SRNATS", length = 5)
public interface NatsLogging extends BasicLogger {

    NatsLogging log = Logger.getMessageLogger(NatsLogging.class, "io.smallrye.reactive.messaging.nats");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 100, value = "Connection %s to %s: %s")
    void connectionEvent(String connection, String server, String event);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 101, value = "Connection %s: %s")
    void connectionError(String connection, String error);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 113, value = "Connection %s cannot connect to %s: %s; retrying, at most every %d ms")
    void cannotConnect(String connection, String servers, String cause, long retryMillis);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 114, value = "Connection %s still cannot connect to %s after %d attempts: %s")
    void stillCannotConnect(String connection, String servers, long attempts, String cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 103, value = "Channel '%s' is a slow consumer: the client dropped %d messages on subject '%s' so far (pending limits %d messages / %d bytes). Speed up processing, raise the limits, or use JetStream for messages that must not be lost")
    void slowConsumer(String channel, long dropped, String subject, long maxMessages, long maxBytes);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 104, value = "Channel '%s' failed: a message on subject '%s' was nacked and the failure strategy is `fail`")
    void failStop(String channel, String subject, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 105, value = "Channel '%s' ignored a nacked message on subject '%s': %s")
    void ignored(String channel, String subject, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 106, value = "Channel '%s' sent a nacked message from subject '%s' to dead-letter subject '%s': %s")
    void deadLettered(String channel, String subject, String deadLetterSubject, String reason);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 107, value = "Channel '%s' could not publish a message to '%s'")
    void publishFailed(String channel, String subject, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 108, value = "Channel '%s' subscribed to '%s'%s")
    void subscribed(String channel, String subject, String queue);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 109, value = "Connection %s did not drain within %d ms; closing it")
    void drainTimedOut(String connection, long millis);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 110, value = "Connection %s could not drain (%s); closing it")
    void drainFailed(String connection, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 111, value = "Channel '%s' stops with %d messages still unsettled after %d ms (drain-timeout); JetStream redelivers them")
    void unsettledAtStop(String channel, long unsettled, long millis);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 112, value = "Unknown attribute `%s` on %s%s; it is ignored (fail-on-unknown-attributes=true makes this a deployment error)")
    void unknownAttribute(String attribute, String where, String suggestion);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 115, value = "A completion handed off a jnats thread failed")
    void taskFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 200, value = "Channel '%s' has no usable consumer on JetStream stream '%s' yet (%s); retrying")
    void consumerUnavailable(String channel, String stream, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 207, value = "Channel '%s': the server did not confirm the double ack of stream sequence %d (%s); it redelivers the message after ack-wait. %d unconfirmed acks so far (logged at most every 5 s)")
    void ackNotConfirmed(String channel, long streamSequence, String reason, long unconfirmed);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 206, value = "Channel '%s' holds its messages: JetStream stream '%s' is not usable yet (%s); retrying")
    void streamUnavailable(String channel, String stream, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 201, value = "Channel '%s' %s JetStream stream '%s'")
    void streamProvisioned(String channel, String action, String stream);

    @LogMessage(level = Logger.Level.DEBUG) // one per message during a leader election; exhausted retries log an error
    @Message(id = 202, value = "Channel '%s' retries a JetStream publish to '%s' (attempt %d of %d): %s")
    void publishRetry(String channel, String subject, int attempt, int attempts, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 203, value = "Channel '%s' asks for a redelivery of a message on subject '%s' (delivery %d): %s")
    void redelivering(String channel, String subject, long delivery, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 204, value = "Channel '%s' terminated a message on subject '%s': it will not be redelivered: %s")
    void terminated(String channel, String subject, String reason);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 205, value = "Channel '%s' could not store a dead letter on '%s' (%s): no stream captures that subject? The message is redelivered instead")
    void deadLetterNotStored(String channel, String deadLetterSubject, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 208, value = "Channel '%s' created key-value bucket '%s'")
    void bucketCreated(String channel, String bucket);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 209, value = "Channel '%s' watches keys '%s' of key-value bucket '%s' (%s)")
    void watching(String channel, String keys, String bucket, String from);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 210, value = "Channel '%s' cannot watch key-value bucket '%s' yet (%s); retrying every second")
    void watchUnavailable(String channel, String bucket, String reason);
}
