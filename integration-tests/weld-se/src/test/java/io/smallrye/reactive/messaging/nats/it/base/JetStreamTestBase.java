package io.smallrye.reactive.messaging.nats.it.base;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/** Each test gets its own stream capturing {@code <prefix>.>}, created with an independent client. */
public abstract class JetStreamTestBase extends NatsTestBase {

    protected String stream;

    @BeforeEach
    protected void createStream() throws Exception {
        stream = prefix.toUpperCase();
        jsm().addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>")
                .storageType(StorageType.Memory).build());
    }

    protected JetStreamManagement jsm() throws Exception {
        return client().jetStreamManagement();
    }

    protected void publish(String subject, String payload) throws Exception {
        client().jetStream().publish(subject, payload.getBytes());
    }

    protected ConsumerInfo consumer(String durable) throws Exception {
        return jsm().getConsumerInfo(stream, durable);
    }

    /** An outgoing JetStream channel "out" publishing to the subject. */
    protected Map<String, String> jetStreamOutgoing(String subject) {
        Map<String, String> config = outgoing(config(), "out", subject);
        config.put("mp.messaging.outgoing.out.jetstream", "true");
        return config;
    }

    protected Map<String, String> jetStreamIncoming(Map<String, String> config, String channel, String durable) {
        incoming(config, channel, prefix + ".>");
        config.put("mp.messaging.incoming." + channel + ".jetstream", "true");
        config.put("mp.messaging.incoming." + channel + ".stream", stream);
        if (durable != null) {
            config.put("mp.messaging.incoming." + channel + ".durable", durable);
        }
        return config;
    }
}
