package io.smallrye.reactive.messaging.nats.connector;

import static io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction.INCOMING;
import static io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction.INCOMING_AND_OUTGOING;
import static io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction.OUTGOING;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.microprofile.reactive.messaging.spi.IncomingConnectorFactory;
import org.eclipse.microprofile.reactive.messaging.spi.OutgoingConnectorFactory;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.SubscriberBuilder;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.nats.NatsConnectionCustomizer;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler.Strategy;
import io.smallrye.reactive.messaging.nats.connection.Connections;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.connector.ChannelAttributes.Direction;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;
import io.smallrye.reactive.messaging.nats.impl.MessageContexts;
import io.smallrye.reactive.messaging.nats.impl.MessageTracer;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;
import io.smallrye.reactive.messaging.nats.impl.Redaction;
import io.smallrye.reactive.messaging.nats.incoming.FailureContext;
import io.smallrye.reactive.messaging.nats.incoming.IncomingChannel;
import io.smallrye.reactive.messaging.nats.incoming.IncomingSettings;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;
import io.smallrye.reactive.messaging.nats.jetstream.Streams;
import io.smallrye.reactive.messaging.nats.json.RuntimeJson;
import io.smallrye.reactive.messaging.nats.outgoing.OutgoingChannel;
import io.smallrye.reactive.messaging.nats.outgoing.OutgoingSettings;

/**
 * The {@code smallrye-nats} connector. It implements the MicroProfile connector SPI, the one SmallRye (Weld SE,
 * Quarkus), Helidon MP and Open Liberty all accept. It only reads configuration and creates per-channel objects;
 * the transport logic lives in {@link IncomingChannel} and {@link OutgoingChannel}.
 */
@ApplicationScoped
@Connector(NatsConnector.CONNECTOR_NAME)
// Connection (shared by every channel with the same values)
@ConnectorAttribute(name = "url", type = "string", direction = INCOMING_AND_OUTGOING, alias = "nats.url", defaultValue = "nats://localhost:4222", description = "Comma-separated list of NATS server URLs (nats://, tls://, ws://, wss://)")
@ConnectorAttribute(name = "connection-name", type = "string", direction = INCOMING_AND_OUTGOING, description = "Connection name shown by the server (monitoring, logs)")
@ConnectorAttribute(name = "username", type = "string", direction = INCOMING_AND_OUTGOING, alias = "nats.username", description = "User name for user/password authentication")
@ConnectorAttribute(name = "password", type = "string", direction = INCOMING_AND_OUTGOING, alias = "nats.password", description = "Password for user/password authentication; never logged")
@ConnectorAttribute(name = "token", type = "string", direction = INCOMING_AND_OUTGOING, alias = "nats.token", description = "Token for token authentication; never logged")
@ConnectorAttribute(name = "max-reconnects", type = "int", direction = INCOMING_AND_OUTGOING, defaultValue = "-1", description = "Reconnect attempts per server before the connection is closed for good; -1 means forever (jnats' own default of 60 closes the connection for good)")
@ConnectorAttribute(name = "reconnect-wait", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "2s", description = "Longest wait between connection attempts (e.g. 500ms, 2s, PT2S): the wait starts near zero after a disconnection and grows by 50 ms an attempt, at random in the upper half of its bound, up to this value")
@ConnectorAttribute(name = "reconnect-jitter", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "100ms", description = "Random jitter added to the wait between attempts once it reached reconnect-wait")
@ConnectorAttribute(name = "reconnect-buffer-size", type = "long", direction = INCOMING_AND_OUTGOING, defaultValue = "8388608", description = "Bytes of publishes buffered while disconnected; when full, publishing nacks the message. 0 disables buffering")
@ConnectorAttribute(name = "connection-timeout", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "2s", description = "Timeout of one connection attempt to one server")
@ConnectorAttribute(name = "ping-interval", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "2m", description = "Interval of client pings; a dead connection is detected after two unanswered pings")
@ConnectorAttribute(name = "connect-retry", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "true", description = "Keep retrying the initial connection in the background, so the application can start before the server; when false, an unreachable server fails deployment")
@ConnectorAttribute(name = "connection-customizer", type = "string", direction = INCOMING_AND_OUTGOING, description = "Identifier (@Identifier) of a NatsConnectionCustomizer bean that adjusts the jnats Options.Builder")
@ConnectorAttribute(name = "drain-timeout", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "10s", description = "Bound of the graceful shutdown: draining subscriptions and flushing publishes")
@ConnectorAttribute(name = "health-enabled", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "true", description = "Whether the channel reports its state to the health checks")
@ConnectorAttribute(name = "fail-on-unknown-attributes", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "false", description = "Fail deployment on an attribute the connector does not know (e.g. a misspelt one) instead of logging a warning that names the nearest known attribute")
@ConnectorAttribute(name = "tracing-enabled", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "true", description = "OpenTelemetry spans for this channel, with the trace context carried in NATS headers (W3C traceparent); needs OpenTelemetry in the runtime")
// Security (connection)
@ConnectorAttribute(name = "tls-enabled", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "false", description = "Use TLS (implied by tls:// URLs and by any tls-* store or tls-configuration-name); without stores, the JVM's default trust")
@ConnectorAttribute(name = "tls-truststore-path", type = "string", direction = INCOMING_AND_OUTGOING, description = "Trust store (certificates of the CAs to trust) file")
@ConnectorAttribute(name = "tls-truststore-password", type = "string", direction = INCOMING_AND_OUTGOING, description = "Trust store password; never logged")
@ConnectorAttribute(name = "tls-truststore-type", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "PKCS12", description = "Trust store type: PKCS12 or JKS")
@ConnectorAttribute(name = "tls-keystore-path", type = "string", direction = INCOMING_AND_OUTGOING, description = "Key store with the client certificate and key, for mutual TLS")
@ConnectorAttribute(name = "tls-keystore-password", type = "string", direction = INCOMING_AND_OUTGOING, description = "Key store password; never logged")
@ConnectorAttribute(name = "tls-keystore-type", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "PKCS12", description = "Key store type: PKCS12 or JKS")
@ConnectorAttribute(name = "tls-hostname-verification", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "true", description = "Check that the server certificate names the host connected to (jnats itself does not)")
@ConnectorAttribute(name = "tls-configuration-name", type = "string", direction = INCOMING_AND_OUTGOING, description = "Identifier (@Identifier) of an SSLContext bean to use instead of the tls-* stores (e.g. from the runtime's TLS registry)")
@ConnectorAttribute(name = "nkey-seed", type = "string", direction = INCOMING_AND_OUTGOING, alias = "nats.nkey-seed", description = "NKey seed (SU...) for NKey authentication; never logged")
@ConnectorAttribute(name = "nkey-seed-file", type = "string", direction = INCOMING_AND_OUTGOING, description = "File holding the NKey seed")
@ConnectorAttribute(name = "creds-file", type = "string", direction = INCOMING_AND_OUTGOING, alias = "nats.creds-file", description = "Credentials file (user JWT and NKey seed) of the operator/accounts model")
// JetStream (both directions)
@ConnectorAttribute(name = "jetstream", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "false", description = "Use JetStream: durable, acknowledged consumption (incoming) and publishing confirmed by a PubAck (outgoing)")
@ConnectorAttribute(name = "stream", type = "string", direction = INCOMING_AND_OUTGOING, description = "JetStream stream. Incoming: the stream to consume (mandatory with jetstream=true). Outgoing: the expected stream of every publish, and the stream auto-create-stream provisions")
@ConnectorAttribute(name = "jetstream-domain", type = "string", direction = INCOMING_AND_OUTGOING, description = "JetStream domain of the stream, e.g. the hub's domain for an application on a leaf node; default: the domain of the server connected to")
@ConnectorAttribute(name = "jetstream-api-prefix", type = "string", direction = INCOMING_AND_OUTGOING, description = "JetStream API prefix, for a stream of another account imported under that prefix; not together with jetstream-domain")
@ConnectorAttribute(name = "auto-create-stream", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "false", description = "Create the stream when it does not exist (and add missing subjects when it does). Without it, a channel waits for its stream, readiness DOWN with the reason (another channel of the application may create it); with connect-retry=false, a stream that no channel of the application creates fails deployment")
@ConnectorAttribute(name = "stream-subjects", type = "string", direction = INCOMING_AND_OUTGOING, description = "Comma-separated subjects of a provisioned stream; default: the channel's subject")
@ConnectorAttribute(name = "stream-storage", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "file", description = "Storage of a provisioned stream: file or memory")
@ConnectorAttribute(name = "stream-replicas", type = "int", direction = INCOMING_AND_OUTGOING, defaultValue = "1", description = "Replicas of a provisioned stream (1 to 5)")
@ConnectorAttribute(name = "stream-retention", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "limits", description = "Retention of a provisioned stream: limits, interest or workqueue")
@ConnectorAttribute(name = "stream-max-age", type = "string", direction = INCOMING_AND_OUTGOING, description = "Maximum age of messages in a provisioned stream; unlimited when unset")
@ConnectorAttribute(name = "stream-allow-message-ttl", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "false", description = "A provisioned stream lets each message carry a TTL of its own (OutgoingJetStreamMetadata.withTtl); nats-server 2.11 or newer, checked when the stream is created")
@ConnectorAttribute(name = "stream-allow-message-schedules", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "false", description = "A provisioned stream holds scheduled messages (OutgoingJetStreamMetadata.withDeliverAt / withDelay): allowed, and with the schedule subjects of its subjects (schedule-prefix); nats-server 2.12 or newer, checked when the stream is created")
@ConnectorAttribute(name = "schedule-prefix", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "_schedules", description = "A scheduled message waits in its stream under <schedule-prefix>.<its subject>.<unique id> until it is published to its subject; a stream that holds them captures these subjects")
@ConnectorAttribute(name = "stream-duplicate-window", type = "string", direction = INCOMING_AND_OUTGOING, description = "De-duplication window (Nats-Msg-Id) of a provisioned stream; server default 2m")
// Key-value buckets (both directions)
@ConnectorAttribute(name = "kv-bucket", type = "string", direction = INCOMING_AND_OUTGOING, description = "Key-value bucket, instead of a subject. Incoming: watches it, one message per update of a key (IncomingKeyValueMetadata). Outgoing: puts each payload under its key (OutgoingKeyValueMetadata, else kv-key), or deletes or purges the key")
@ConnectorAttribute(name = "auto-create-bucket", type = "boolean", direction = INCOMING_AND_OUTGOING, defaultValue = "false", description = "Create the bucket when it does not exist, with kv-history, kv-ttl, kv-storage and kv-replicas; an existing bucket is used as it is")
@ConnectorAttribute(name = "kv-history", type = "int", direction = INCOMING_AND_OUTGOING, defaultValue = "1", description = "Values a provisioned bucket keeps per key (1 to 64)")
@ConnectorAttribute(name = "kv-ttl", type = "string", direction = INCOMING_AND_OUTGOING, description = "How long a provisioned bucket keeps a value; for ever when unset")
@ConnectorAttribute(name = "kv-storage", type = "string", direction = INCOMING_AND_OUTGOING, defaultValue = "file", description = "Storage of a provisioned bucket: file or memory")
@ConnectorAttribute(name = "kv-replicas", type = "int", direction = INCOMING_AND_OUTGOING, defaultValue = "1", description = "Replicas of a provisioned bucket (1 to 5)")
// Incoming
@ConnectorAttribute(name = "subject", type = "string", direction = INCOMING, description = "Subject to subscribe to; wildcards * and > allowed. Mandatory, unless the channel watches a kv-bucket")
@ConnectorAttribute(name = "payload-type", type = "string", direction = INCOMING, description = "Class the connector decodes payloads to before the application sees them: java.lang.String, a boxed primitive, byte[] (the raw bytes), or any other class, read as JSON. Needed on runtimes without SmallRye's converters (Helidon MP, Open Liberty); on SmallRye the raw bytes are otherwise converted to the method's parameter type. A payload that does not decode is nacked")
@ConnectorAttribute(name = "queue", type = "string", direction = INCOMING, description = "Queue group: replicas in the same group share the messages, each delivered to one member")
@ConnectorAttribute(name = "batch", type = "boolean", direction = INCOMING, defaultValue = "false", description = "Hand the application batches (IncomingNatsBatch): the payload is the List of the payloads of the messages that arrived together, at most batch-size, without waiting for more. Acking the batch acks each message; nacking it nacks each through the failure strategy. One method call, and on Quarkus one worker hop, per batch. Subjects and JetStream consumers, not kv-bucket or service-name")
@ConnectorAttribute(name = "batch-size", type = "int", direction = INCOMING, defaultValue = "256", description = "With batch=true, the most messages in one batch")
@ConnectorAttribute(name = "pending-max-messages", type = "int", direction = INCOMING, defaultValue = "524288", description = "Messages the client buffers for this subscription before it drops new ones (slow consumer)")
@ConnectorAttribute(name = "pending-max-bytes", type = "long", direction = INCOMING, defaultValue = "67108864", description = "Bytes the client buffers for this subscription before it drops new ones (slow consumer)")
@ConnectorAttribute(name = "failure-strategy", type = "string", direction = INCOMING, description = "What a nack does. Core: fail (default; the channel stops, liveness goes down), ignore (the default of a service-name channel, whose requester gets a service error), dead-letter. JetStream: nak (default; redeliver after the backoff or the nack metadata delay), term, dead-letter (then term), fail, ignore (ack). Or the @Identifier of a NatsFailureHandler.Factory bean")
@ConnectorAttribute(name = "dead-letter-subject", type = "string", direction = INCOMING, description = "Subject of the dead-letter strategy; default dlq.<channel>")
@ConnectorAttribute(name = "durable", type = "string", direction = INCOMING, description = "JetStream durable consumer name; replicas with the same name share the messages. Without it the consumer is ephemeral")
@ConnectorAttribute(name = "bind", type = "boolean", direction = INCOMING, defaultValue = "false", description = "Bind to an existing durable consumer as it is, instead of creating or updating it")
@ConnectorAttribute(name = "filter-subject", type = "string", direction = INCOMING, description = "JetStream consumer filter subject; default: the channel's subject")
@ConnectorAttribute(name = "deliver-policy", type = "string", direction = INCOMING, defaultValue = "all", description = "Where a new consumer starts: all, last, new, by-start-sequence, by-start-time, last-per-subject")
@ConnectorAttribute(name = "deliver-start-sequence", type = "long", direction = INCOMING, description = "Start sequence for deliver-policy=by-start-sequence")
@ConnectorAttribute(name = "deliver-start-time", type = "string", direction = INCOMING, description = "Start time (ISO-8601, e.g. 2026-11-24T10:00:00Z) for deliver-policy=by-start-time")
@ConnectorAttribute(name = "ack-wait", type = "string", direction = INCOMING, defaultValue = "30s", description = "Time the server waits for an ack before redelivering")
@ConnectorAttribute(name = "max-deliver", type = "int", direction = INCOMING, defaultValue = "-1", description = "Deliveries of a message before the server gives up on it; -1 = unlimited. With a dead-letter-subject, the last failed delivery goes there")
@ConnectorAttribute(name = "backoff", type = "string", direction = INCOMING, description = "Comma-separated redelivery delays (e.g. 1s,5s,30s), used for nacks and ack timeouts; needs max-deliver above their count")
@ConnectorAttribute(name = "max-ack-pending", type = "int", direction = INCOMING, defaultValue = "1000", description = "Messages delivered but not yet acked, at most (the in-flight bound of the channel)")
@ConnectorAttribute(name = "vertx-context", type = "boolean", direction = INCOMING, defaultValue = "true", description = "Where the runtime has SmallRye and Vert.x (Quarkus, Weld SE): each message reaches the method on a duplicated Vert.x context of its own, so reactive clients work in it. false: on the channel's own thread (Weld SE), faster for core subscriptions, without a context")
@ConnectorAttribute(name = "pull-batch-size", type = "int", direction = INCOMING, defaultValue = "256", description = "Messages pulled ahead of the channel, at most; pulled again once a quarter of them were taken. 1 = one at a time, when the channel wants it")
@ConnectorAttribute(name = "pull-expires", type = "string", direction = INCOMING, defaultValue = "5s", description = "How long one pull waits for messages")
@ConnectorAttribute(name = "inactive-threshold", type = "string", direction = INCOMING, description = "Idle time after which the server deletes the consumer (ephemeral consumers: default 5m)")
@ConnectorAttribute(name = "ack-mode", type = "string", direction = INCOMING, defaultValue = "single", description = "single (fire-and-forget ack) or double (ackSync: the server confirms the ack; with publisher msg ids, exactly-once)")
@ConnectorAttribute(name = "auto-in-progress", type = "boolean", direction = INCOMING, defaultValue = "true", description = "Tell the server a message is still being worked on before ack-wait runs out, so slow processing is not redelivered")
@ConnectorAttribute(name = "priority-group", type = "string", direction = INCOMING, description = "Priority group (nats-server 2.11+) the channel's pulls join on its durable consumer: with priority-policy the replicas of the group share the messages by that policy")
@ConnectorAttribute(name = "priority-policy", type = "string", direction = INCOMING, defaultValue = "none", description = "Priority policy of the durable consumer: none, pinned (one replica gets every message; when it stops pulling for pinned-ttl, another takes over) or overflow (replicas with overflow-min-pending / overflow-min-ack-pending only get messages past those)")
@ConnectorAttribute(name = "pinned-ttl", type = "string", direction = INCOMING, description = "With priority-policy=pinned: how long the server keeps a replica that stopped pulling pinned before another takes over (at least 2s; the channel's pulls last at most half of it); server default 2m")
@ConnectorAttribute(name = "overflow-min-pending", type = "long", direction = INCOMING, defaultValue = "0", description = "With priority-policy=overflow: this replica gets messages only while the consumer has at least this many pending; 0: always")
@ConnectorAttribute(name = "overflow-min-ack-pending", type = "long", direction = INCOMING, defaultValue = "0", description = "With priority-policy=overflow: this replica gets messages only while at least this many are unacknowledged; 0: always")
@ConnectorAttribute(name = "ordered", type = "boolean", direction = INCOMING, defaultValue = "false", description = "Ordered replay: an ordered consumer, no acks, in stream order from deliver-policy (e.g. reading an audit log)")
@ConnectorAttribute(name = "service-name", type = "string", direction = INCOMING, description = "Serve the channel's subject as an endpoint of this NATS service (jnats' service API): discoverable through $SRV.PING, $SRV.INFO and $SRV.STATS with real request, error and processing-time figures; a request the method fails is answered with a service error. Replicas share the endpoint's queue group (queue, default q)")
@ConnectorAttribute(name = "service-version", type = "string", direction = INCOMING, defaultValue = "1.0.0", description = "Semantic version of the service")
@ConnectorAttribute(name = "service-description", type = "string", direction = INCOMING, description = "Description of the service")
@ConnectorAttribute(name = "service-endpoint", type = "string", direction = INCOMING, description = "Name of the service endpoint; default: the channel's name")
@ConnectorAttribute(name = "kv-keys", type = "string", direction = INCOMING, defaultValue = ">", description = "Keys a kv-bucket channel watches: a key, or a filter with * and > wildcards")
@ConnectorAttribute(name = "kv-deliver", type = "string", direction = INCOMING, defaultValue = "latest", description = "Where a kv-bucket watch starts: latest (the current value of each key, then every update), history (every value the bucket kept, then every update) or updates (only updates from now on)")
@ConnectorAttribute(name = "kv-ignore-deletes", type = "boolean", direction = INCOMING, defaultValue = "false", description = "Skip the deletes and purges of watched keys, which otherwise come as messages with an empty payload")
// Outgoing
@ConnectorAttribute(name = "subject", type = "string", direction = OUTGOING, description = "Subject to publish to; overridable per message with OutgoingNatsMetadata. Without it, a message that came in with a reply-to subject is published there (a replier)")
@ConnectorAttribute(name = "request-timeout", type = "string", direction = OUTGOING, defaultValue = "5s", description = "Timeout of requests made through NatsRequestReply on this channel; also the PubAck timeout of JetStream publishes")
@ConnectorAttribute(name = "max-inflight-messages", type = "int", direction = OUTGOING, defaultValue = "1024", description = "JetStream: publishes awaiting their PubAck, at most")
@ConnectorAttribute(name = "kv-key", type = "string", direction = OUTGOING, description = "Key under which a kv-bucket channel puts a message that has no OutgoingKeyValueMetadata")
@ConnectorAttribute(name = "publish-retries", type = "int", direction = OUTGOING, defaultValue = "3", description = "JetStream: retries of a publish that timed out or met no stream leader (503), with the same Nats-Msg-Id")
public class NatsConnector implements IncomingConnectorFactory, OutgoingConnectorFactory {

    public static final String CONNECTOR_NAME = "smallrye-nats";

    @Inject
    @Any
    Instance<NatsFailureHandler.Factory> failureHandlerFactories;

    @Inject
    @Any
    Instance<NatsConnectionCustomizer> connectionCustomizers;

    @Inject
    @Any
    Instance<SSLContext> sslContexts;

    @Inject
    Instance<MessageTracer.Factory> tracers;

    @Inject
    Instance<ChannelMetrics.Factory> metrics;

    @Inject
    Instance<MessageContexts.Factory> contexts;

    @Inject
    RuntimeJson json;

    private final ChannelAttributes attributes = new ChannelAttributes(CONNECTOR_NAME);
    private Connections connections;
    private final List<IncomingChannel> incomingChannels = new CopyOnWriteArrayList<>();
    private final List<OutgoingChannel> outgoingChannels = new CopyOnWriteArrayList<>();

    @PostConstruct
    void init() {
        connections = new Connections(connectionCustomizers, sslContexts);
    }

    @Override
    public PublisherBuilder<? extends Message<?>> getPublisherBuilder(Config config) {
        NatsConnectorIncomingConfiguration ic = new NatsConnectorIncomingConfiguration(config);
        attributes.check(ConfigProvider.getConfig(), Direction.INCOMING, ic.getChannel(), ic.getFailOnUnknownAttributes());
        NatsFailureHandler.Factory failureHandlers = failureHandlerFactory(ic);
        IncomingSettings settings = ChannelSettingsReader.incoming(ic, json.codec());
        SharedConnection connection = acquire(ic, Direction.INCOMING, settings.stream());
        FailureContext failures = new FailureContext(ic.getChannel(), config, connection);
        IncomingChannel channel = new IncomingChannel(settings, connection, failures, failureHandlers.create(failures),
                json.codec(), contexts(ic), tracer(ic));
        observe(channel, ic);
        incomingChannels.add(channel);
        return channel.publisherBuilder();
    }

    @Override
    public SubscriberBuilder<? extends Message<?>, Void> getSubscriberBuilder(Config config) {
        NatsConnectorOutgoingConfiguration oc = new NatsConnectorOutgoingConfiguration(config);
        attributes.check(ConfigProvider.getConfig(), Direction.OUTGOING, oc.getChannel(), oc.getFailOnUnknownAttributes());
        OutgoingSettings settings = ChannelSettingsReader.outgoing(oc);
        SharedConnection connection = acquire(oc, Direction.OUTGOING, settings.stream());
        OutgoingChannel channel = new OutgoingChannel(settings, connection, json.codec(), tracer(oc));
        observe(channel, oc);
        outgoingChannels.add(channel);
        return channel.subscriberBuilder();
    }

    /** The factory named by the channel's {@code failure-strategy}, or a deployment error naming it. */
    private NatsFailureHandler.Factory failureHandlerFactory(NatsConnectorIncomingConfiguration config) {
        boolean jetStream = config.getJetstream();
        // A service answers a failed request with a service error and serves the next one.
        String strategy = config.getFailureStrategy().orElse(jetStream ? Strategy.NAK
                : config.getServiceName().isPresent() ? Strategy.IGNORE : Strategy.FAIL);
        if (!jetStream && (strategy.equals(Strategy.NAK) || strategy.equals(Strategy.TERM))) {
            throw NatsExceptions.ex.jetStreamOnlyStrategy(strategy, config.getChannel());
        }
        Instance<NatsFailureHandler.Factory> selected = failureHandlerFactories.select(Identifier.Literal.of(strategy));
        if (!selected.isResolvable()) {
            throw NatsExceptions.ex.unknownFailureStrategy(strategy, config.getChannel());
        }
        return selected.get();
    }

    /**
     * The channel's shared connection. With {@code connect-retry=false} the connection is up at once, and a missing
     * stream that no channel creates fails deployment; the connection is then released, as this channel never runs.
     */
    private SharedConnection acquire(NatsConnectorCommonConfiguration configuration, Direction direction,
            StreamSettings stream) {
        Config root = ConfigProvider.getConfig();
        String channel = configuration.getChannel();
        SharedConnection connection = connections.acquire(ConnectionSettingsReader.read(configuration,
                attribute -> ChannelAttributes.setOnChannel(root, direction, channel, attribute)), channel);
        if (stream != null && !configuration.getConnectRetry()) {
            try {
                Streams.checkAtDeployment(connection.current(), stream, channel);
            } catch (RuntimeException deploymentError) {
                connection.release();
                throw deploymentError;
            }
        }
        return connection;
    }

    private void observe(NatsChannel channel, NatsConnectorCommonConfiguration configuration) {
        if (metrics.isResolvable()) {
            String connectionName = configuration.getConnectionName()
                    .orElseGet(() -> Redaction.credentials(configuration.getUrl()));
            channel.useMetrics(metrics.get().create(channel.name(), connectionName, channel::droppedCount,
                    channel::inFlightCount, channel::currentConnection));
        }
    }

    private MessageContexts contexts(NatsConnectorIncomingConfiguration configuration) {
        return configuration.getVertxContext() && contexts.isResolvable() ? contexts.get().create() : MessageContexts.NONE;
    }

    private MessageTracer tracer(NatsConnectorCommonConfiguration configuration) {
        return configuration.getTracingEnabled() && tracers.isResolvable() ? tracers.get().create() : MessageTracer.NONE;
    }

    /** Every channel created so far, for health reporting. */
    public Stream<NatsChannel> channels() {
        return Stream.concat(incomingChannels.stream(), outgoingChannels.stream());
    }

    /**
     * Stops receiving, waits for the messages in the application's hands to be settled, then drains and closes the
     * connections (flushing acks and publishes), all bounded by {@code drain-timeout}, before the application scope
     * goes away.
     */
    void terminate(
            @Observes(notifyObserver = Reception.IF_EXISTS) @Priority(50) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        long since = System.nanoTime();
        incomingChannels.forEach(IncomingChannel::close);
        incomingChannels.forEach(channel -> channel.awaitSettled(since));
        outgoingChannels.forEach(OutgoingChannel::close);
        connections.closeAll();
        incomingChannels.clear();
        outgoingChannels.clear();
    }
}
