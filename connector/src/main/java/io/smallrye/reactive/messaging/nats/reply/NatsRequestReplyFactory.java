package io.smallrye.reactive.messaging.nats.reply;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import io.nats.client.Connection;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.EmitterConfiguration;
import io.smallrye.reactive.messaging.EmitterFactory;
import io.smallrye.reactive.messaging.annotations.EmitterFactoryFor;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.connector.NatsConnector;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;
import io.smallrye.reactive.messaging.nats.json.RuntimeJson;
import io.smallrye.reactive.messaging.nats.outgoing.OutgoingChannel;
import io.smallrye.reactive.messaging.providers.extension.ChannelProducer;

/** Creates {@link NatsRequestReply} emitters for {@code @Channel} injection points (SmallRye only). */
@EmitterFactoryFor(NatsRequestReply.class)
@ApplicationScoped
public class NatsRequestReplyFactory implements EmitterFactory<NatsRequestReplyImpl<Object, Object>> {

    @Inject
    ChannelRegistry channelRegistry;

    @Inject
    RuntimeJson json;

    @Inject
    @Connector(NatsConnector.CONNECTOR_NAME)
    NatsConnector connector;

    @Override
    public NatsRequestReplyImpl<Object, Object> createEmitter(EmitterConfiguration configuration, long defaultBufferSize) {
        return new NatsRequestReplyImpl<>(configuration, defaultBufferSize, json.codec(), this::connection);
    }

    /** The channel's connection once the channel exists, for calls that are not messages (service discovery). */
    private Connection connection(String channel) {
        return connector.channels().filter(c -> c instanceof OutgoingChannel && c.name().equals(channel)).findFirst()
                .map(NatsChannel::currentConnection)
                .orElseThrow(() -> new IllegalStateException("Channel '" + channel + "' is not a smallrye-nats channel yet"));
    }

    @Produces
    @Typed(NatsRequestReply.class)
    @Channel("") // the channel name is ignored during type-safe resolution
    @SuppressWarnings("unchecked")
    <Req, Rep> NatsRequestReply<Req, Rep> produce(InjectionPoint injectionPoint) {
        NatsRequestReplyImpl<Req, Rep> emitter = channelRegistry.getEmitter(ChannelProducer.getChannelName(injectionPoint),
                NatsRequestReply.class);
        if (injectionPoint.getType() instanceof ParameterizedType type && type.getActualTypeArguments().length == 2) {
            Type replyType = type.getActualTypeArguments()[1];
            emitter.setReplyType(replyType);
        }
        return emitter;
    }
}
