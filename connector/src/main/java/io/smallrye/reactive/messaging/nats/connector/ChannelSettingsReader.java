package io.smallrye.reactive.messaging.nats.connector;

import static io.smallrye.reactive.messaging.nats.connector.AttributeValues.positive;

import java.time.Duration;

import io.nats.client.support.Validator;
import io.nats.service.Endpoint;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.Durations;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;
import io.smallrye.reactive.messaging.nats.impl.SubjectNames;
import io.smallrye.reactive.messaging.nats.incoming.IncomingSettings;
import io.smallrye.reactive.messaging.nats.incoming.ServiceSettings;
import io.smallrye.reactive.messaging.nats.jetstream.BucketSettings;
import io.smallrye.reactive.messaging.nats.jetstream.ConsumerSettings;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;
import io.smallrye.reactive.messaging.nats.jetstream.WatchSettings;
import io.smallrye.reactive.messaging.nats.outgoing.OutgoingSettings;

/** Reads and validates the attributes of a channel, once, at deployment. */
final class ChannelSettingsReader {

    /** Messages requested from upstream at a time on core NATS, where publishing is synchronous. */
    private static final int CORE_WINDOW = 256;
    /** Each JetStream call of a channel watching a bucket waits at most this long. */
    private static final Duration DEFAULT_KV_TIMEOUT = Duration.ofSeconds(5);

    private ChannelSettingsReader() {
    }

    static IncomingSettings incoming(NatsConnectorIncomingConfiguration c, PayloadCodec codec) {
        String channel = c.getChannel();
        String subject = c.getSubject().orElse(null);
        WatchSettings watch = null;
        if (c.getKvBucket().isPresent()) {
            watch = keyValueWatch(c, subject);
            subject = null;
        } else if (subject == null) {
            throw NatsExceptions.ex.invalidAttribute("subject", channel,
                    "it is mandatory (or kv-bucket, to watch a key-value bucket)");
        } else {
            SubjectNames.validate(channel, "subject", subject, true);
        }
        String queue = c.getQueue().orElseGet(() -> implicitQueue(channel));
        c.getQueue().ifPresent(q -> SubjectNames.validate(channel, "queue", q, false));
        Class<?> payloadType = c.getPayloadType().map(type -> codec.payloadType(channel, type)).orElse(null);
        StreamSettings stream = null;
        ConsumerSettings consumer = null;
        if (c.getJetstream()) {
            stream = JetStreamSettingsReader.stream(c, subject);
            if (stream.name() == null) {
                throw NatsExceptions.ex.invalidAttribute("stream", channel, "a JetStream channel needs its stream");
            }
            consumer = JetStreamSettingsReader.consumer(c);
        }
        ServiceSettings service = c.getServiceName().map(name -> service(c, name)).orElse(null);
        return new IncomingSettings(channel, subject, queue,
                positive(channel, "pending-max-messages", c.getPendingMaxMessages()),
                positive(channel, "pending-max-bytes", c.getPendingMaxBytes()), payloadType, c.getHealthEnabled(), stream,
                consumer, watch, service, batchSize(c, watch, service));
    }

    /** Batches are made of what a subscription or a pull consumer has buffered; a watch or a service has no batches. */
    private static int batchSize(NatsConnectorIncomingConfiguration c, WatchSettings watch, ServiceSettings service) {
        if (!c.getBatch()) {
            return 0;
        }
        if (watch != null || service != null) {
            throw NatsExceptions.ex.invalidAttribute("batch", c.getChannel(),
                    "batches come from a subject or a JetStream consumer: not with kv-bucket or service-name");
        }
        return positive(c.getChannel(), "batch-size", c.getBatchSize());
    }

    /** A channel serving a NATS service: a core subscription whose replies are the service's. */
    private static ServiceSettings service(NatsConnectorIncomingConfiguration c, String name) {
        String channel = c.getChannel();
        if (c.getJetstream() || c.getKvBucket().isPresent()) {
            throw NatsExceptions.ex.invalidAttribute("service-name", channel,
                    "a service serves core NATS requests: not with jetstream or kv-bucket");
        }
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw NatsExceptions.ex.invalidAttribute("service-name", channel,
                    "'" + name + "' is not a service name (letters, digits, - and _)");
        }
        String version = c.getServiceVersion();
        if (!version.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?")) {
            throw NatsExceptions.ex.invalidAttribute("service-version", channel, "'" + version + "' is not a semantic version");
        }
        int copy = channel.indexOf('$');
        String endpoint = c.getServiceEndpoint().orElse(copy < 0 ? channel : channel.substring(0, copy));
        if (!endpoint.matches("[A-Za-z0-9_-]+")) {
            throw NatsExceptions.ex.invalidAttribute("service-endpoint", channel,
                    "'" + endpoint + "' is not an endpoint name (letters, digits, - and _)");
        }
        return new ServiceSettings(name, version, c.getServiceDescription().orElse(null), endpoint,
                c.getQueue().orElse(Endpoint.DEFAULT_QGROUP));
    }

    /** A channel watching a bucket has no subject, queue group or JetStream consumer of its own. */
    private static WatchSettings keyValueWatch(NatsConnectorIncomingConfiguration c, String subject) {
        String channel = c.getChannel();
        for (String other : new String[] { subject == null ? null : "subject", c.getQueue().isPresent() ? "queue" : null,
                c.getJetstream() ? "jetstream" : null }) {
            if (other != null) {
                throw NatsExceptions.ex.invalidAttribute(other, channel, "a channel that watches kv-bucket has none");
            }
        }
        BucketSettings bucket = JetStreamSettingsReader.bucket(c, c.getKvBucket().get(), DEFAULT_KV_TIMEOUT);
        return JetStreamSettingsReader.watch(c, bucket);
    }

    /**
     * SmallRye's {@code concurrency=N} makes N copies of a channel ({@code name$1}...); without a queue group each
     * copy would get every message. They share one, named after the channel.
     */
    private static String implicitQueue(String channel) {
        int copy = channel.indexOf('$');
        return copy < 0 ? null : channel.substring(0, copy);
    }

    static OutgoingSettings outgoing(NatsConnectorOutgoingConfiguration c) {
        String channel = c.getChannel();
        String subject = c.getSubject().orElse(null);
        if (subject != null) {
            SubjectNames.validate(channel, "subject", subject, false);
        }
        Duration requestTimeout = Durations.parse(channel, "request-timeout", c.getRequestTimeout());
        if (requestTimeout.isZero()) {
            throw NatsExceptions.ex.invalidAttribute("request-timeout", channel, "must be positive");
        }
        if (c.getKvBucket().isPresent()) {
            for (String other : new String[] { subject == null ? null : "subject", c.getJetstream() ? "jetstream" : null }) {
                if (other != null) {
                    throw NatsExceptions.ex.invalidAttribute(other, channel, "a channel that writes kv-bucket has none");
                }
            }
            String key = c.getKvKey().orElse(null);
            if (key != null && Validator.notNonWildcardKvKey(key)) {
                throw NatsExceptions.ex.invalidAttribute("kv-key", channel, "'" + key + "' is not a key");
            }
            return new OutgoingSettings(channel, null, requestTimeout, c.getHealthEnabled(), null, CORE_WINDOW, 0,
                    JetStreamSettingsReader.bucket(c, c.getKvBucket().get(), requestTimeout), key);
        }
        if (!c.getJetstream()) {
            return new OutgoingSettings(channel, subject, requestTimeout, c.getHealthEnabled(), null, CORE_WINDOW, 0, null,
                    null);
        }
        if (c.getPublishRetries() < 0) {
            throw NatsExceptions.ex.invalidAttribute("publish-retries", channel, "must not be negative");
        }
        return new OutgoingSettings(channel, subject, requestTimeout, c.getHealthEnabled(),
                JetStreamSettingsReader.stream(c, subject),
                positive(channel, "max-inflight-messages", c.getMaxInflightMessages()),
                c.getPublishRetries(), null, null);
    }
}
