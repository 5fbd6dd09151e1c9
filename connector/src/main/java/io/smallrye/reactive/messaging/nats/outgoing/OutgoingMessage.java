package io.smallrye.reactive.messaging.nats.outgoing;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsRequestMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingKeyValueMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingNatsMetadata;
import io.smallrye.reactive.messaging.nats.impl.GatherRequest;
import io.smallrye.reactive.messaging.nats.impl.PortableMetadata;

/**
 * A message to publish with the metadata the publishers use, read in one pass over its metadata. Each is null when
 * absent.
 *
 * @param keyValue what to do with the key of a key-value channel
 * @param request a request of {@code NatsRequestReply}: one reply
 * @param gather a scatter-gather request of {@code NatsRequestReply}: every reply
 * @param received the metadata of the message it answers or relays, when it came from NATS
 * @param receivedFromStream the JetStream metadata of the message it relays
 */
record OutgoingMessage(Message<?> message, OutgoingNatsMetadata nats, OutgoingJetStreamMetadata jetStream,
        OutgoingKeyValueMetadata keyValue,
        NatsRequestMetadata request, GatherRequest gather, IncomingNatsMetadata received,
        IncomingJetStreamMetadata receivedFromStream) {

    static OutgoingMessage of(Message<?> message) {
        OutgoingNatsMetadata nats = null;
        OutgoingJetStreamMetadata jetStream = null;
        OutgoingKeyValueMetadata keyValue = null;
        NatsRequestMetadata request = null;
        GatherRequest gather = null;
        IncomingNatsMetadata received = null;
        IncomingJetStreamMetadata receivedFromStream = null;
        for (Object metadata : PortableMetadata.all(message)) {
            if (metadata instanceof OutgoingNatsMetadata m) {
                nats = m;
            } else if (metadata instanceof OutgoingJetStreamMetadata m) {
                jetStream = m;
            } else if (metadata instanceof OutgoingKeyValueMetadata m) {
                keyValue = m;
            } else if (metadata instanceof NatsRequestMetadata m) {
                request = m;
            } else if (metadata instanceof GatherRequest m) {
                gather = m;
            } else if (metadata instanceof IncomingNatsMetadata m) {
                received = m;
            } else if (metadata instanceof IncomingJetStreamMetadata m) {
                receivedFromStream = m;
            }
        }
        return new OutgoingMessage(message, nats, jetStream, keyValue, request, gather, received, receivedFromStream);
    }

    /** Whether it waits for replies, which makes it a core NATS publish even on a JetStream channel. */
    boolean isRequest() {
        return request != null || gather != null;
    }
}
