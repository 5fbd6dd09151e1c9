package io.smallrye.reactive.messaging.nats.connector;

import static io.smallrye.reactive.messaging.nats.connector.AttributeValues.choice;
import static io.smallrye.reactive.messaging.nats.connector.AttributeValues.positive;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;

import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.support.Validator;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.Durations;
import io.smallrye.reactive.messaging.nats.impl.SubjectNames;
import io.smallrye.reactive.messaging.nats.jetstream.BucketSettings;
import io.smallrye.reactive.messaging.nats.jetstream.ConsumerSettings;
import io.smallrye.reactive.messaging.nats.jetstream.PrioritySettings;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;
import io.smallrye.reactive.messaging.nats.jetstream.WatchSettings;

/**
 * Reads and validates the JetStream attributes of a channel: its stream and, incoming, its consumer; or its key-value
 * bucket and, incoming, what it watches.
 */
final class JetStreamSettingsReader {

    private JetStreamSettingsReader() {
    }

    /**
     * @param subject the channel's subject, the default subject of a provisioned stream; may be null (outgoing)
     * @return the settings, with a null name when the channel names no stream (outgoing only)
     */
    static StreamSettings stream(NatsConnectorCommonConfiguration c, String subject) {
        String channel = c.getChannel();
        String name = c.getStream().orElse(null);
        boolean autoCreate = c.getAutoCreateStream();
        List<String> subjects = c.getStreamSubjects().map(AttributeValues::list)
                .orElse(subject == null ? List.of() : List.of(subject));
        if (autoCreate && subjects.isEmpty()) {
            throw NatsExceptions.ex.invalidAttribute("stream-subjects", channel, "auto-create-stream needs subjects");
        }
        subjects.forEach(s -> SubjectNames.validate(channel, "stream-subjects", s, true));
        String schedulePrefix = c.getSchedulePrefix();
        SubjectNames.validate(channel, "schedule-prefix", schedulePrefix, false);
        if (c.getStreamAllowMessageSchedules()) {
            subjects = Stream.concat(subjects.stream(),
                    subjects.stream().map(s -> StreamSettings.schedulesOf(schedulePrefix, s))).toList();
        }
        int replicas = c.getStreamReplicas();
        if (replicas < 1 || replicas > 5) {
            throw NatsExceptions.ex.invalidAttribute("stream-replicas", channel, replicas + " is not between 1 and 5");
        }
        List<String> creators = name == null || autoCreate ? List.of()
                : ChannelAttributes.streamCreators(ConfigProvider.getConfig(), NatsConnector.CONNECTOR_NAME, name);
        return new StreamSettings(name, autoCreate, subjects,
                choice(channel, "stream-storage", c.getStreamStorage(), StorageType.class), replicas,
                choice(channel, "stream-retention", c.getStreamRetention(), RetentionPolicy.class),
                c.getStreamMaxAge().map(v -> Durations.parse(channel, "stream-max-age", v)).orElse(null),
                c.getStreamDuplicateWindow().map(v -> Durations.parse(channel, "stream-duplicate-window", v)).orElse(null),
                api(channel, c.getJetstreamDomain().orElse(null), c.getJetstreamApiPrefix().orElse(null)), creators,
                c.getStreamAllowMessageTtl(), c.getStreamAllowMessageSchedules(), schedulePrefix);
    }

    static ConsumerSettings consumer(NatsConnectorIncomingConfiguration c) {
        String channel = c.getChannel();
        boolean ordered = c.getOrdered();
        String durable = c.getDurable().orElse(null);
        if (durable != null && (durable.isBlank() || durable.matches(".*[.*>\\s].*"))) {
            throw NatsExceptions.ex.invalidAttribute("durable", channel, "'" + durable + "' is not a consumer name");
        }
        if (ordered && durable != null) {
            throw NatsExceptions.ex.invalidAttribute("durable", channel, "an ordered consumer is never durable");
        }
        boolean bind = c.getBind();
        if (bind && durable == null) {
            throw NatsExceptions.ex.invalidAttribute("bind", channel, "binding needs the `durable` name of the consumer");
        }
        String filterSubject = c.getFilterSubject().orElse(c.getSubject().orElse(null));
        SubjectNames.validate(channel, "filter-subject", filterSubject, true);
        DeliverPolicy deliverPolicy = choice(channel, "deliver-policy", c.getDeliverPolicy(), DeliverPolicy.class);
        Long startSequence = c.getDeliverStartSequence().orElse(null);
        ZonedDateTime startTime = c.getDeliverStartTime().map(t -> {
            try {
                return ZonedDateTime.parse(t);
            } catch (DateTimeParseException e) {
                throw NatsExceptions.ex.invalidAttribute("deliver-start-time", channel, "'" + t + "' is not an ISO-8601 time");
            }
        }).orElse(null);
        if (deliverPolicy == DeliverPolicy.ByStartSequence && startSequence == null) {
            throw NatsExceptions.ex.invalidAttribute("deliver-start-sequence", channel, "by-start-sequence needs it");
        }
        if (deliverPolicy == DeliverPolicy.ByStartTime && startTime == null) {
            throw NatsExceptions.ex.invalidAttribute("deliver-start-time", channel, "by-start-time needs it");
        }
        Duration ackWait = Durations.parse(channel, "ack-wait", c.getAckWait());
        if (ackWait.toMillis() < 1) {
            throw NatsExceptions.ex.invalidAttribute("ack-wait", channel, "must be positive");
        }
        int maxDeliver = c.getMaxDeliver();
        if (maxDeliver == 0 || maxDeliver < -1) {
            throw NatsExceptions.ex.invalidAttribute("max-deliver", channel,
                    maxDeliver + ": use -1 (unlimited) or a positive count");
        }
        List<Duration> backoff = c.getBackoff().map(AttributeValues::list).orElse(List.of()).stream()
                .map(v -> Durations.parse(channel, "backoff", v)).toList();
        if (!backoff.isEmpty() && maxDeliver != -1 && maxDeliver <= backoff.size()) {
            throw NatsExceptions.ex.invalidAttribute("backoff", channel, backoff.size() + " steps need max-deliver above "
                    + backoff.size() + " (it is " + maxDeliver + ")");
        }
        Duration pullExpires = Durations.parse(channel, "pull-expires", c.getPullExpires());
        if (pullExpires.toMillis() < 1000) {
            throw NatsExceptions.ex.invalidAttribute("pull-expires", channel, "must be at least 1s");
        }
        Duration inactiveThreshold = c.getInactiveThreshold().map(v -> Durations.parse(channel, "inactive-threshold", v))
                .orElse(durable == null ? Duration.ofMinutes(5) : null);
        String ackMode = c.getAckMode().toLowerCase(Locale.ROOT);
        if (!ackMode.equals("single") && !ackMode.equals("double")) {
            throw NatsExceptions.ex.invalidAttribute("ack-mode", channel, "'" + ackMode + "': use single or double");
        }
        PrioritySettings priority = priority(c, bind, ordered);
        Duration pinnedTtl = priority == null ? null : priority.pinnedTtl();
        if (pinnedTtl != null && pullExpires.compareTo(pinnedTtl) >= 0) {
            // The server unpins a replica that sent no pull for pinned-ttl, even one still waiting on a long pull.
            if (pinnedTtl.toMillis() < 2000) {
                throw NatsExceptions.ex.invalidAttribute("pinned-ttl", channel,
                        "must be at least 2s: a pinned replica pulls at least twice within it, and a pull lasts 1s or more");
            }
            pullExpires = pinnedTtl.dividedBy(2);
        }
        return new ConsumerSettings(durable, bind, filterSubject, deliverPolicy, startSequence, startTime, ackWait,
                maxDeliver, backoff, positive(channel, "max-ack-pending", c.getMaxAckPending()),
                positive(channel, "pull-batch-size", c.getPullBatchSize()), pullExpires, inactiveThreshold,
                ackMode.equals("double"), c.getAutoInProgress(), ordered, priority);
    }

    /** A priority group of the durable consumer: made with a policy, or joined as it is with bind. */
    private static PrioritySettings priority(NatsConnectorIncomingConfiguration c, boolean bind, boolean ordered) {
        String channel = c.getChannel();
        String policyName = c.getPriorityPolicy().trim().toLowerCase(Locale.ROOT);
        PriorityPolicy policy = switch (policyName) {
            case "none" -> null;
            case "pinned" -> PriorityPolicy.PinnedClient;
            case "overflow" -> PriorityPolicy.Overflow;
            default -> throw NatsExceptions.ex.invalidAttribute("priority-policy", channel,
                    "'" + policyName + "': use none, pinned or overflow");
        };
        String group = c.getPriorityGroup().orElse(null);
        if (group == null) {
            if (policy != null) {
                throw NatsExceptions.ex.invalidAttribute("priority-group", channel, "priority-policy needs a group name");
            }
            return null;
        }
        if (!group.matches("[A-Za-z0-9_/=-]{1,16}")) {
            throw NatsExceptions.ex.invalidAttribute("priority-group", channel,
                    "'" + group + "' is not a group name (at most 16 of letters, digits, - _ / =)");
        }
        if (ordered || c.getDurable().isEmpty() || policy == null && !bind) {
            throw NatsExceptions.ex.invalidAttribute("priority-group", channel,
                    "a priority group belongs to a durable consumer, made with priority-policy or used as it is (bind)");
        }
        Duration pinnedTtl = c.getPinnedTtl().map(v -> Durations.parse(channel, "pinned-ttl", v)).orElse(null);
        long minPending = c.getOverflowMinPending();
        long minAckPending = c.getOverflowMinAckPending();
        if (minPending < 0 || minAckPending < 0) {
            throw NatsExceptions.ex.invalidAttribute(minPending < 0 ? "overflow-min-pending" : "overflow-min-ack-pending",
                    channel, "must not be negative");
        }
        return new PrioritySettings(group, policy, pinnedTtl, minPending, minAckPending);
    }

    /** The bucket of a {@code kv-bucket} channel; JetStream calls wait at most {@code requestTimeout} each. */
    static BucketSettings bucket(NatsConnectorCommonConfiguration c, String name, Duration requestTimeout) {
        String channel = c.getChannel();
        try {
            Validator.validateBucketName(name, true);
        } catch (IllegalArgumentException e) {
            throw NatsExceptions.ex.invalidAttribute("kv-bucket", channel, "'" + name + "' is not a bucket name");
        }
        int history = c.getKvHistory();
        if (history < 1 || history > 64) {
            throw NatsExceptions.ex.invalidAttribute("kv-history", channel, history + " is not between 1 and 64");
        }
        int replicas = c.getKvReplicas();
        if (replicas < 1 || replicas > 5) {
            throw NatsExceptions.ex.invalidAttribute("kv-replicas", channel, replicas + " is not between 1 and 5");
        }
        JetStreamOptions api = api(channel, c.getJetstreamDomain().orElse(null), c.getJetstreamApiPrefix().orElse(null));
        return new BucketSettings(name, c.getAutoCreateBucket(), history,
                c.getKvTtl().map(v -> Durations.parse(channel, "kv-ttl", v)).orElse(null),
                choice(channel, "kv-storage", c.getKvStorage(), StorageType.class), replicas,
                KeyValueOptions.builder().jetStreamOptions(JetStreamOptions.builder(api).requestTimeout(requestTimeout)
                        .build()).build());
    }

    static WatchSettings watch(NatsConnectorIncomingConfiguration c, BucketSettings bucket) {
        String channel = c.getChannel();
        String keys = c.getKvKeys();
        if (Validator.notWildcardKvKey(keys)) {
            throw NatsExceptions.ex.invalidAttribute("kv-keys", channel, "'" + keys + "' is not a key or key filter");
        }
        String deliver = c.getKvDeliver().trim().toLowerCase(Locale.ROOT);
        if (!List.of("latest", "history", "updates").contains(deliver)) {
            throw NatsExceptions.ex.invalidAttribute("kv-deliver", channel,
                    "'" + deliver + "': use latest, history or updates");
        }
        return new WatchSettings(bucket, keys, deliver, c.getKvIgnoreDeletes());
    }

    private static JetStreamOptions api(String channel, String domain, String prefix) {
        if (domain != null && prefix != null) {
            throw NatsExceptions.ex.invalidAttribute("jetstream-api-prefix", channel,
                    "choose jetstream-domain or jetstream-api-prefix");
        }
        if (domain != null && (domain.isBlank() || domain.matches(".*[.*>\\s].*"))) {
            throw NatsExceptions.ex.invalidAttribute("jetstream-domain", channel, "'" + domain + "' is not a domain name");
        }
        if (prefix != null) {
            SubjectNames.validate(channel, "jetstream-api-prefix",
                    prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix, false);
        }
        return domain != null ? JetStreamOptions.builder().domain(domain).build()
                : prefix != null ? JetStreamOptions.builder().prefix(prefix).build() : JetStreamOptions.DEFAULT_JS_OPTIONS;
    }
}
