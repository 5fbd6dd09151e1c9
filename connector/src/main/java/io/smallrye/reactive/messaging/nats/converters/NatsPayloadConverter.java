package io.smallrye.reactive.messaging.nats.converters;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MessageConverter;
import io.smallrye.reactive.messaging.nats.IncomingNatsBatch;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.json.RuntimeJson;

/**
 * Gives an incoming NATS message the payload type the method asks for: text, a primitive, or a POJO read as JSON.
 * When the bytes do not fit, SmallRye nacks the message with the exception thrown here, so the channel's failure
 * strategy decides what happens; the message is never dropped silently. A batch ({@code batch=true}) is converted to
 * the {@code List<X>} the method takes, payload by payload.
 */
@ApplicationScoped
public class NatsPayloadConverter implements MessageConverter {

    @Inject
    RuntimeJson json;

    @Override
    public boolean canConvert(Message<?> in, Type target) {
        if (in instanceof IncomingNatsBatch<?> batch) {
            Type element = listElement(target);
            return element != null && batch.getMessages().stream().allMatch(message -> canConvert(message, element));
        }
        return in.getPayload() instanceof byte[] && in.getMetadata(IncomingNatsMetadata.class).isPresent()
                && json.codec().canDecode(target);
    }

    /** {@code X} of a {@code List<X>} other than raw bytes, or null. */
    private static Type listElement(Type target) {
        if (target instanceof ParameterizedType list && list.getRawType() == List.class
                && list.getActualTypeArguments()[0] != byte[].class) {
            return list.getActualTypeArguments()[0];
        }
        return null;
    }

    /** A batch is decoded whole or not at all: a payload that does not decode nacks the batch with the cause. */
    @Override
    public Message<?> convert(Message<?> in, Type target) {
        if (in instanceof IncomingNatsBatch<?> batch) {
            Type element = listElement(target);
            return batch.map(message -> decode(message, element));
        }
        return in.withPayload(decode(in, target));
    }

    private Object decode(Message<?> in, Type target) {
        try {
            return json.codec().decode((byte[]) in.getPayload(), target);
        } catch (RuntimeException e) {
            String subject = in.getMetadata(IncomingNatsMetadata.class).map(IncomingNatsMetadata::getSubject).orElse("?");
            throw NatsExceptions.ex.undecodablePayload(subject, target.getTypeName(), e.getMessage(), e);
        }
    }
}
