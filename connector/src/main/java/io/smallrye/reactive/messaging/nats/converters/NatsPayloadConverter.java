package io.smallrye.reactive.messaging.nats.converters;

import java.lang.reflect.Type;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MessageConverter;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.json.RuntimeJson;

/**
 * Gives an incoming NATS message the payload type the method asks for: text, a primitive, or a POJO read as JSON.
 * When the bytes do not fit, SmallRye nacks the message with the exception thrown here, so the channel's failure
 * strategy decides what happens; the message is never dropped silently.
 */
@ApplicationScoped
public class NatsPayloadConverter implements MessageConverter {

    @Inject
    RuntimeJson json;

    @Override
    public boolean canConvert(Message<?> in, Type target) {
        return in.getPayload() instanceof byte[] && in.getMetadata(IncomingNatsMetadata.class).isPresent()
                && json.codec().canDecode(target);
    }

    @Override
    public Message<?> convert(Message<?> in, Type target) {
        byte[] data = (byte[]) in.getPayload();
        try {
            return in.withPayload(json.codec().decode(data, target));
        } catch (RuntimeException e) {
            String subject = in.getMetadata(IncomingNatsMetadata.class).map(IncomingNatsMetadata::getSubject).orElse("?");
            throw NatsExceptions.ex.undecodablePayload(subject, target.getTypeName(), e.getMessage(), e);
        }
    }
}
