package io.smallrye.reactive.messaging.nats.jetstream;

import java.io.IOException;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/** The key-value management calls of a channel: finding its bucket, and creating it when asked to. */
public final class Buckets {

    /** JetStream API error code of "stream not found": a bucket is the stream {@code KV_<bucket>}. */
    private static final int BUCKET_NOT_FOUND = 10059;

    private Buckets() {
    }

    /**
     * The channel's bucket, created first when it does not exist and {@code auto-create-bucket} is on. An existing
     * bucket is used as it is.
     *
     * @throws IllegalStateException when it does not exist (and is not to be created) or the server cannot be asked
     */
    public static KeyValue open(Connection connected, BucketSettings bucket, String channel) {
        try {
            KeyValueManagement kvm = connected.keyValueManagement(bucket.api());
            try {
                kvm.getStatus(bucket.name());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != BUCKET_NOT_FOUND) {
                    throw e;
                }
                if (!bucket.autoCreate()) {
                    throw NatsExceptions.ex.unknownBucket(bucket.name(), channel);
                }
                kvm.create(bucket.configuration());
                NatsLogging.log.bucketCreated(channel, bucket.name());
            }
            return connected.keyValue(bucket.name(), bucket.api());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(NatsExceptions.ex.bucketUnavailable(bucket.name(), channel, e.getMessage()), e);
        }
    }
}
