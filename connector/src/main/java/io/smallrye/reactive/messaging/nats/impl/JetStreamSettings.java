package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.smallrye.reactive.messaging.nats.NatsConnectorCommonConfiguration;
import io.smallrye.reactive.messaging.nats.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.NatsConnectorOutgoingConfiguration;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/** The JetStream attributes of a channel, validated, and what follows from them: consumer and stream configuration. */
final class JetStreamSettings {

    /** JetStream API error code of "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    final String stream;
    final boolean autoCreate;
    final List<String> streamSubjects;
    final StorageType storage;
    final int replicas;
    final RetentionPolicy retention;
    final Duration maxAge;
    final Duration duplicateWindow;
    /** Where the JetStream API is: the domain or API prefix of the stream. */
    final JetStreamOptions options;
    /** The channels of this application that create the stream when this one does not. */
    final List<String> creators;

    // incoming only
    String durable;
    boolean bind;
    String filterSubject;
    DeliverPolicy deliverPolicy;
    Long startSequence;
    ZonedDateTime startTime;
    Duration ackWait;
    int maxDeliver;
    List<Duration> backoff = List.of();
    int maxAckPending;
    int batchSize;
    Duration pullExpires;
    Duration inactiveThreshold;
    boolean doubleAck;
    boolean autoInProgress;
    boolean ordered;

    private JetStreamSettings(NatsConnectorCommonConfiguration c, String subject) {
        String channel = c.getChannel();
        stream = c.getStream().orElse(null);
        autoCreate = c.getAutoCreateStream();
        streamSubjects = c.getStreamSubjects().map(JetStreamSettings::list).orElse(subject == null ? List.of() : List.of(subject));
        storage = choice(channel, "stream-storage", c.getStreamStorage(), StorageType.class);
        replicas = c.getStreamReplicas();
        if (replicas < 1 || replicas > 5) {
            throw NatsExceptions.ex.invalidAttribute("stream-replicas", channel, replicas + " is not between 1 and 5");
        }
        retention = choice(channel, "stream-retention", c.getStreamRetention(), RetentionPolicy.class);
        maxAge = c.getStreamMaxAge().map(v -> Durations.parse(channel, "stream-max-age", v)).orElse(null);
        duplicateWindow = c.getStreamDuplicateWindow().map(v -> Durations.parse(channel, "stream-duplicate-window", v))
                .orElse(null);
        if (autoCreate && streamSubjects.isEmpty()) {
            throw NatsExceptions.ex.invalidAttribute("stream-subjects", channel, "auto-create-stream needs subjects");
        }
        streamSubjects.forEach(s -> SubjectNames.validate(channel, "stream-subjects", s, true));
        options = jetStreamOptions(channel, c.getJetstreamDomain().orElse(null), c.getJetstreamApiPrefix().orElse(null));
        creators = stream == null || autoCreate ? List.of()
                : ChannelAttributes.streamCreators(ConfigProvider.getConfig(),
                        c.config().getValue("connector", String.class), stream);
    }

    static JetStreamSettings incoming(NatsConnectorIncomingConfiguration c) {
        String channel = c.getChannel();
        SubjectNames.validate(channel, "subject", c.getSubject(), true);
        JetStreamSettings s = new JetStreamSettings(c, c.getSubject());
        if (s.stream == null) {
            throw NatsExceptions.ex.invalidAttribute("stream", channel, "a JetStream channel needs its stream");
        }
        s.ordered = c.getOrdered();
        s.durable = c.getDurable().orElse(null);
        if (s.durable != null && (s.durable.isBlank() || s.durable.matches(".*[.*>\\s].*"))) {
            throw NatsExceptions.ex.invalidAttribute("durable", channel, "'" + s.durable + "' is not a consumer name");
        }
        if (s.ordered && s.durable != null) {
            throw NatsExceptions.ex.invalidAttribute("durable", channel, "an ordered consumer is never durable");
        }
        s.bind = c.getBind();
        if (s.bind && s.durable == null) {
            throw NatsExceptions.ex.invalidAttribute("bind", channel, "binding needs the `durable` name of the consumer");
        }
        s.filterSubject = c.getFilterSubject().orElse(c.getSubject());
        SubjectNames.validate(channel, "filter-subject", s.filterSubject, true);
        s.deliverPolicy = choice(channel, "deliver-policy", c.getDeliverPolicy().replace("-", ""), DeliverPolicy.class);
        s.startSequence = c.getDeliverStartSequence().orElse(null);
        s.startTime = c.getDeliverStartTime().map(t -> {
            try {
                return ZonedDateTime.parse(t);
            } catch (DateTimeParseException e) {
                throw NatsExceptions.ex.invalidAttribute("deliver-start-time", channel, "'" + t + "' is not an ISO-8601 time");
            }
        }).orElse(null);
        if (s.deliverPolicy == DeliverPolicy.ByStartSequence && s.startSequence == null) {
            throw NatsExceptions.ex.invalidAttribute("deliver-start-sequence", channel, "by-start-sequence needs it");
        }
        if (s.deliverPolicy == DeliverPolicy.ByStartTime && s.startTime == null) {
            throw NatsExceptions.ex.invalidAttribute("deliver-start-time", channel, "by-start-time needs it");
        }
        s.ackWait = Durations.parse(channel, "ack-wait", c.getAckWait());
        if (s.ackWait.toMillis() < 1) {
            throw NatsExceptions.ex.invalidAttribute("ack-wait", channel, "must be positive");
        }
        s.maxDeliver = c.getMaxDeliver();
        if (s.maxDeliver == 0 || s.maxDeliver < -1) {
            throw NatsExceptions.ex.invalidAttribute("max-deliver", channel, s.maxDeliver + ": use -1 (unlimited) or a positive count");
        }
        s.backoff = c.getBackoff().map(JetStreamSettings::list).orElse(List.of()).stream()
                .map(v -> Durations.parse(channel, "backoff", v)).toList();
        if (!s.backoff.isEmpty() && s.maxDeliver != -1 && s.maxDeliver <= s.backoff.size()) {
            throw NatsExceptions.ex.invalidAttribute("backoff", channel, s.backoff.size() + " steps need max-deliver above "
                    + s.backoff.size() + " (it is " + s.maxDeliver + ")");
        }
        s.maxAckPending = positive(channel, "max-ack-pending", c.getMaxAckPending());
        s.batchSize = positive(channel, "pull-batch-size", c.getPullBatchSize());
        s.pullExpires = Durations.parse(channel, "pull-expires", c.getPullExpires());
        if (s.pullExpires.toMillis() < 1000) {
            throw NatsExceptions.ex.invalidAttribute("pull-expires", channel, "must be at least 1s");
        }
        s.inactiveThreshold = c.getInactiveThreshold().map(v -> Durations.parse(channel, "inactive-threshold", v))
                .orElse(s.durable == null ? Duration.ofMinutes(5) : null);
        String ackMode = c.getAckMode().toLowerCase(Locale.ROOT);
        if (!ackMode.equals("single") && !ackMode.equals("double")) {
            throw NatsExceptions.ex.invalidAttribute("ack-mode", channel, "'" + ackMode + "': use single or double");
        }
        s.doubleAck = ackMode.equals("double");
        s.autoInProgress = c.getAutoInProgress();
        return s;
    }

    static JetStreamSettings outgoing(NatsConnectorOutgoingConfiguration c) {
        return new JetStreamSettings(c, c.getSubject().orElse(null));
    }

    Optional<Long> startSequence() {
        return Optional.ofNullable(startSequence);
    }

    Optional<ZonedDateTime> startTime() {
        return Optional.ofNullable(startTime);
    }

    ConsumerConfiguration consumerConfiguration() {
        ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.Explicit)
                .filterSubject(filterSubject)
                .deliverPolicy(deliverPolicy)
                .ackWait(ackWait)
                .maxDeliver(maxDeliver)
                .maxAckPending(maxAckPending);
        if (durable != null) {
            builder.durable(durable);
        }
        if (!backoff.isEmpty()) {
            builder.backoff(backoff.toArray(Duration[]::new));
        }
        if (startSequence != null) {
            builder.startSequence(startSequence);
        }
        if (startTime != null) {
            builder.startTime(startTime);
        }
        if (inactiveThreshold != null) {
            builder.inactiveThreshold(inactiveThreshold);
        }
        return builder.build();
    }

    /**
     * Makes sure the stream exists: creates it, or adds the missing subjects, when auto-create-stream is on.
     *
     * @return false while the stream does not exist and this channel does not create it (see {@link #missingStream})
     */
    boolean ensureStream(Connection connected, String channel) {
        if (stream == null) {
            return true;
        }
        try {
            JetStreamManagement jsm = connected.jetStreamManagement(options);
            StreamInfo info;
            try {
                info = jsm.getStreamInfo(stream);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                if (!autoCreate) {
                    return false;
                }
                jsm.addStream(streamConfiguration(null));
                NatsLogging.log.streamProvisioned(channel, "created", stream);
                return true;
            }
            if (autoCreate && !info.getConfiguration().getSubjects().containsAll(streamSubjects)) {
                jsm.updateStream(streamConfiguration(info.getConfiguration()));
                NatsLogging.log.streamProvisioned(channel, "added subjects " + streamSubjects + " to", stream);
            }
            return true;
        } catch (java.io.IOException | JetStreamApiException e) {
            throw new IllegalStateException("Channel '" + channel + "' cannot check JetStream stream '" + stream + "': "
                    + e.getMessage(), e);
        }
    }

    /** Why the channel waits: another channel will create the stream, or nothing in this application will. */
    IllegalStateException missingStream(String channel) {
        return creators.isEmpty() ? NatsExceptions.ex.unknownStream(stream, channel)
                : NatsExceptions.ex.awaitedStream(stream, channel, creators.toString());
    }

    /**
     * With {@code connect-retry=false} the connection is up at deployment: a stream that is missing and that no
     * channel of this application creates then fails deployment. Otherwise the check runs once connected, in the
     * background, and a missing stream shows in readiness.
     */
    void checkAtDeployment(NatsConnection connection, boolean connectRetry, String channel) {
        Connection connected = connection.current();
        if (!connectRetry && connected != null && creators.isEmpty() && !ensureStream(connected, channel)) {
            throw missingStream(channel);
        }
    }

    private StreamConfiguration streamConfiguration(StreamConfiguration existing) {
        if (existing != null) {
            List<String> subjects = new ArrayList<>(existing.getSubjects());
            streamSubjects.stream().filter(s -> !subjects.contains(s)).forEach(subjects::add);
            return StreamConfiguration.builder(existing).subjects(subjects).build();
        }
        StreamConfiguration.Builder builder = StreamConfiguration.builder().name(stream).subjects(streamSubjects)
                .storageType(storage).replicas(replicas).retentionPolicy(retention);
        if (maxAge != null) {
            builder.maxAge(maxAge);
        }
        if (duplicateWindow != null) {
            builder.duplicateWindow(duplicateWindow);
        }
        return builder.build();
    }

    private static JetStreamOptions jetStreamOptions(String channel, String domain, String prefix) {
        if (domain != null && prefix != null) {
            throw NatsExceptions.ex.invalidAttribute("jetstream-api-prefix", channel, "choose jetstream-domain or jetstream-api-prefix");
        }
        if (domain != null && (domain.isBlank() || domain.matches(".*[.*>\\s].*"))) {
            throw NatsExceptions.ex.invalidAttribute("jetstream-domain", channel, "'" + domain + "' is not a domain name");
        }
        if (prefix != null) {
            SubjectNames.validate(channel, "jetstream-api-prefix", prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix, false);
        }
        return domain != null ? JetStreamOptions.builder().domain(domain).build()
                : prefix != null ? JetStreamOptions.builder().prefix(prefix).build() : JetStreamOptions.DEFAULT_JS_OPTIONS;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static int positive(String channel, String attribute, int value) {
        if (value <= 0) {
            throw NatsExceptions.ex.invalidAttribute(attribute, channel, value + " is not positive");
        }
        return value;
    }

    /** The enum constant whose name matches the value, ignoring case and dashes. */
    private static <E extends Enum<E>> E choice(String channel, String attribute, String value, Class<E> type) {
        String wanted = value.replace("-", "").toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return constant;
            }
        }
        throw NatsExceptions.ex.invalidAttribute(attribute, channel, "'" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
