package io.smallrye.reactive.messaging.nats.i18n;

import org.jboss.logging.Messages;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageBundle;

/** Exceptions of the connector; ids 1000-1999. Never put a credential in a message. */
@MessageBundle(projectCode = "SRNATS", length = 5)
public interface NatsExceptions {

    NatsExceptions ex = Messages.getBundle(NatsExceptions.class);

    @Message(id = 1000, value = "Invalid value for attribute `%s` on channel '%s': %s")
    String invalidAttributeMessage(String attribute, String channel, String reason);

    default InvalidAttributeException invalidAttribute(String attribute, String channel, String reason) {
        return new InvalidAttributeException(attribute, invalidAttributeMessage(attribute, channel, reason));
    }

    @Message(id = 1009, value = "Invalid value for the connector attribute `mp.messaging.connector.smallrye-nats.%s`, which channel '%s' uses")
    IllegalArgumentException invalidConnectorAttribute(String attribute, String channel, @Cause Throwable cause);

    @Message(id = 1010, value = "Unknown attribute `%s` on %s%s")
    IllegalArgumentException unknownAttribute(String attribute, String where, String suggestion);

    @Message(id = 1001, value = "Unknown failure strategy `%s` for attribute `failure-strategy` on channel '%s'; use fail, ignore, dead-letter or the @Identifier of a NatsFailureHandler.Factory bean")
    IllegalArgumentException unknownFailureStrategy(String strategy, String channel);

    @Message(id = 1002, value = "No NatsConnectionCustomizer bean with @Identifier(\"%s\") for attribute `connection-customizer` on channel '%s'")
    IllegalArgumentException unknownCustomizer(String name, String channel);

    @Message(id = 1003, value = "Channel '%s' could not connect to %s")
    IllegalStateException connectionFailed(String channel, String servers, @Cause Throwable cause);

    @Message(id = 1004, value = "Channel '%s' has no subject to publish to: set the `subject` attribute, add OutgoingNatsMetadata with a subject, or send a message that came in with a reply-to subject")
    IllegalStateException noSubject(String channel);

    @Message(id = 1005, value = "Cannot decode the payload of a message on subject '%s' as %s: %s")
    IllegalArgumentException undecodablePayload(String subject, String type, String reason, @Cause Throwable cause);

    @Message(id = 1006, value = "Cannot encode a payload of type %s on channel '%s': %s")
    IllegalArgumentException unencodablePayload(String type, String channel, String reason);

    @Message(id = 1007, value = "No responders on subject '%s' (channel '%s')")
    String noResponders(String subject, String channel);

    @Message(id = 1008, value = "No reply on subject '%s' within %d ms (channel '%s')")
    String requestTimeout(String subject, long timeoutMillis, String channel);

    @Message(id = 1011, value = "Channel '%s' cannot publish to '%s' (subject from %s): it %s")
    IllegalArgumentException unpublishableSubject(String channel, String subject, String source, String reason);

    @Message(id = 1012, value = "Cannot request on subject '%s' (channel '%s'): connection %s is not connected (%s)")
    String requestWhileDisconnected(String subject, String channel, String connection, String status);

    @Message(id = 1014, value = "The service on subject '%s' (channel '%s') answered with service error %s: %s")
    String serviceError(String subject, String channel, String code, String description);

    @Message(id = 1013, value = "The server denies publishing to '%s' on connection %s (permissions violation reported for an earlier message); refused until the connection is re-established")
    String publishDenied(String subject, String connection);

    @Message(id = 2000, value = "JetStream stream '%s' of attribute `stream` on channel '%s' does not exist and no channel of this application creates it; create it or set auto-create-stream=true")
    IllegalStateException unknownStream(String stream, String channel);

    @Message(id = 2002, value = "JetStream stream '%s' of attribute `stream` on channel '%s' does not exist yet; waiting for channel %s to create it (auto-create-stream)")
    IllegalStateException awaitedStream(String stream, String channel, String creators);

    @Message(id = 2001, value = "Failure strategy `%s` of attribute `failure-strategy` on channel '%s' needs a JetStream channel (jetstream=true)")
    IllegalArgumentException jetStreamOnlyStrategy(String strategy, String channel);

    @Message(id = 2003, value = "Key-value bucket '%s' of attribute `kv-bucket` on channel '%s' does not exist; create it or set auto-create-bucket=true")
    IllegalStateException unknownBucket(String bucket, String channel);

    @Message(id = 2004, value = "Cannot use key-value bucket '%s' of channel '%s': %s")
    String bucketUnavailable(String bucket, String channel, String reason);

    @Message(id = 2005, value = "Channel '%s' has no key to write to in bucket '%s': set the `kv-key` attribute or add OutgoingKeyValueMetadata with a key")
    IllegalStateException noKey(String channel, String bucket);

    @Message(id = 2006, value = "Channel '%s' did not %s key '%s' of bucket '%s': it expected %s, and the key moved on (%s)")
    IllegalStateException revisionConflict(String channel, String operation, String key, String bucket, String expected,
            String reason);

    @Message(id = 2007, value = "'%s' is not a key (channel '%s', bucket '%s'): keys are letters, digits and - _ / = . without a leading or trailing dot")
    String invalidKey(String key, String channel, String bucket);

    @Message(id = 2008, value = "Channel '%s' cannot %s: that needs nats-server %s or newer, and the server is %s")
    IllegalStateException newerServerNeeded(String channel, String what, String version, String server);

    @Message(id = 2009, value = "Channel '%s' cannot schedule a message for '%s': no stream captures its schedule subject '%s'. A stream that holds scheduled messages captures <schedule-prefix>.<subject> besides <subject> (auto-create-stream with stream-allow-message-schedules=true provisions both)")
    IllegalStateException noScheduleStream(String channel, String target, String scheduleSubject);
}
