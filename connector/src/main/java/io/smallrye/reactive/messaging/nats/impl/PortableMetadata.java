package io.smallrye.reactive.messaging.nats.impl;

import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;

/**
 * Reads the metadata of a message on every runtime. SmallRye's Message API (Weld SE, Quarkus, and the copy Open
 * Liberty gives applications) has {@code getMetadata}; the plain MicroProfile Reactive Messaging 3.0 API of Helidon MP
 * has not, and there only the connector's own messages (and their {@code withPayload} copies) carry metadata.
 */
public final class PortableMetadata {

    /** Whether the Message API the application sees has metadata. */
    private static final boolean MESSAGE_METADATA_API = hasMetadataApi();

    private PortableMetadata() {
    }

    /** Every metadata object of the message, read in one pass. */
    public static Iterable<Object> all(Message<?> message) {
        if (MESSAGE_METADATA_API) {
            return message.getMetadata();
        }
        return message instanceof IncomingNatsMessage<?> nats ? nats.metadataObjects() : List.of();
    }

    private static boolean hasMetadataApi() {
        try {
            Message.class.getMethod("getMetadata", Class.class);
            return true;
        } catch (NoSuchMethodException | NoClassDefFoundError plainMicroProfile) {
            return false;
        }
    }
}
