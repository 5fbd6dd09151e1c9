package io.smallrye.reactive.messaging.nats;

import java.util.Objects;

import io.nats.client.api.KeyValueOperation;

/**
 * What a message sent to a channel writing a key-value bucket ({@code kv-bucket}) does: put its payload under a key,
 * or delete or purge the key, optionally only at an expected revision (optimistic concurrency: when the key moved on,
 * the message is nacked with the conflict). Without it, the message's payload is put under the channel's
 * {@code kv-key}.
 */
public final class OutgoingKeyValueMetadata {

    private final String key;
    private final KeyValueOperation operation;
    private final Long expectedRevision;

    private OutgoingKeyValueMetadata(String key, KeyValueOperation operation, Long expectedRevision) {
        this.key = Objects.requireNonNull(key, "key");
        this.operation = operation;
        this.expectedRevision = expectedRevision;
    }

    /** Puts the payload under the key, whatever its revision. */
    public static OutgoingKeyValueMetadata put(String key) {
        return new OutgoingKeyValueMetadata(key, KeyValueOperation.PUT, null);
    }

    /** Puts the payload under the key only if the key has no value (never set, deleted or purged). */
    public static OutgoingKeyValueMetadata create(String key) {
        return new OutgoingKeyValueMetadata(key, KeyValueOperation.PUT, 0L);
    }

    /** Puts the payload under the key only if the key's last revision is {@code expectedRevision}. */
    public static OutgoingKeyValueMetadata update(String key, long expectedRevision) {
        if (expectedRevision < 1) {
            throw new IllegalArgumentException("a revision is at least 1: " + expectedRevision + " (create: 0)");
        }
        return new OutgoingKeyValueMetadata(key, KeyValueOperation.PUT, expectedRevision);
    }

    /** Deletes the key (a delete marker; history is kept); the payload is ignored. */
    public static OutgoingKeyValueMetadata delete(String key) {
        return new OutgoingKeyValueMetadata(key, KeyValueOperation.DELETE, null);
    }

    /** Purges the key: its history is removed, a purge marker stays; the payload is ignored. */
    public static OutgoingKeyValueMetadata purge(String key) {
        return new OutgoingKeyValueMetadata(key, KeyValueOperation.PURGE, null);
    }

    public String getKey() {
        return key;
    }

    public KeyValueOperation getOperation() {
        return operation;
    }

    /** The revision the key must be at, 0 for "has no value", or null for any. */
    public Long getExpectedRevision() {
        return expectedRevision;
    }

    @Override
    public String toString() {
        return "OutgoingKeyValueMetadata[" + operation + " " + key
                + (expectedRevision == null ? "" : " at revision " + expectedRevision) + "]";
    }
}
