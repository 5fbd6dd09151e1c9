package io.smallrye.reactive.messaging.nats;

import java.time.ZonedDateTime;

import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;

/**
 * What a message of a channel watching a key-value bucket ({@code kv-bucket}) is: one update of one key. The payload
 * is the value; a delete or purge has an empty payload.
 */
public class IncomingKeyValueMetadata {

    private final KeyValueEntry entry;

    public IncomingKeyValueMetadata(KeyValueEntry entry) {
        this.entry = entry;
    }

    public String getBucket() {
        return entry.getBucket();
    }

    public String getKey() {
        return entry.getKey();
    }

    /** The revision of this update: the stream sequence of the bucket, increasing across all its keys. */
    public long getRevision() {
        return entry.getRevision();
    }

    /** {@code PUT}, {@code DELETE} or {@code PURGE}. */
    public KeyValueOperation getOperation() {
        return entry.getOperation();
    }

    public ZonedDateTime getCreated() {
        return entry.getCreated();
    }

    /** How many updates of the watched keys the server still had to deliver when this one was sent. */
    public long getDelta() {
        return entry.getDelta();
    }

    /** The entry as jnats delivered it. */
    public KeyValueEntry getEntry() {
        return entry;
    }

    @Override
    public String toString() {
        return "IncomingKeyValueMetadata[bucket=" + getBucket() + ", key=" + getKey() + ", revision=" + getRevision()
                + ", operation=" + getOperation() + "]";
    }
}
