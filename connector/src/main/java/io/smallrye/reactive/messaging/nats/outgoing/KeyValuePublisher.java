package io.smallrye.reactive.messaging.nats.outgoing;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.impl.NatsMessage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.OutgoingKeyValueMetadata;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.SerialExecutor;
import io.smallrye.reactive.messaging.nats.jetstream.Buckets;

/**
 * Writes the messages of a key-value channel through jnats' KeyValue API: put, create, update at a revision, delete
 * or purge. Each call waits for the server's answer (within {@code request-timeout}), so the calls run one after the
 * other on a worker, never on the sender's thread, which also keeps the channel's writes in order.
 */
final class KeyValuePublisher implements Publisher {

    /** JetStream API error code of "wrong last sequence": the key is not at the expected revision. */
    private static final int WRONG_LAST_SEQUENCE = 10071;

    private final OutgoingSettings settings;
    private final int keyStart;
    private final Executor writes = new SerialExecutor(Infrastructure.getDefaultWorkerPool());
    /** Only used by the writes, one at a time. */
    private Connection bucketConnection;
    private KeyValue bucket;

    KeyValuePublisher(OutgoingSettings settings) {
        this.settings = settings;
        this.keyStart = (NatsMessageEncoder.KEY_VALUE_SUBJECTS + settings.bucket().name() + ".").length();
    }

    @Override
    public CompletionStage<?> publish(Connection connection, NatsMessage nats, OutgoingMessage out) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        String key = nats.getSubject().substring(keyStart);
        writes.execute(() -> {
            try {
                write(bucket(connection), key, nats.getData(), out.keyValue());
                written.complete(null);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                written.completeExceptionally(failure(key, out.keyValue(), e));
            }
        });
        return written;
    }

    private KeyValue bucket(Connection connection) {
        if (bucket == null || bucketConnection != connection) {
            bucket = Buckets.open(connection, settings.bucket(), settings.channel());
            bucketConnection = connection;
        }
        return bucket;
    }

    private static void write(KeyValue bucket, String key, byte[] value, OutgoingKeyValueMetadata metadata)
            throws IOException, JetStreamApiException {
        if (metadata == null) {
            bucket.put(key, value);
            return;
        }
        Long revision = metadata.getExpectedRevision();
        switch (metadata.getOperation()) {
            case DELETE -> bucket.delete(key);
            case PURGE -> bucket.purge(key);
            default -> {
                if (revision == null) {
                    bucket.put(key, value);
                } else if (revision == 0) {
                    bucket.create(key, value);
                } else {
                    bucket.update(key, value, revision);
                }
            }
        }
    }

    private Throwable failure(String key, OutgoingKeyValueMetadata metadata, Exception failure) {
        if (failure instanceof JetStreamApiException api && api.getApiErrorCode() == WRONG_LAST_SEQUENCE
                && metadata != null && metadata.getExpectedRevision() != null) {
            long expected = metadata.getExpectedRevision();
            return NatsExceptions.ex.revisionConflict(settings.channel(), expected == 0 ? "create" : "update", key,
                    settings.bucket().name(), expected == 0 ? "no value" : "revision " + expected, api.getMessage());
        }
        return failure;
    }
}
