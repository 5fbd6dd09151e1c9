package io.smallrye.reactive.messaging.nats.fault;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/**
 * {@code dead-letter}: publish the original payload and headers to {@code dead-letter-subject} (default
 * {@code dlq.<channel>}), with headers naming the cause, the original subject and the channel.
 */
public class NatsDeadLetter implements NatsFailureHandler {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE_CLASS = "dead-letter-cause-class";
    public static final String ORIGINAL_SUBJECT = "dead-letter-subject";
    public static final String CHANNEL = "dead-letter-channel";

    @ApplicationScoped
    @Identifier(Strategy.DEAD_LETTER)
    public static class Factory implements NatsFailureHandler.Factory {
        @Override
        public NatsFailureHandler create(NatsConnectorIncomingConfiguration config, Context context) {
            return new NatsDeadLetter(context, config.getDeadLetterSubject().orElse("dlq." + config.getChannel()));
        }
    }

    private final Context context;
    private final String deadLetterSubject;

    NatsDeadLetter(Context context, String deadLetterSubject) {
        this.context = context;
        this.deadLetterSubject = deadLetterSubject;
    }

    @Override
    public CompletionStage<Void> handle(IncomingNatsMessage<?> message, Throwable failure, Metadata metadata) {
        Throwable reason = Failures.cause(failure);
        io.nats.client.Message original = message.getNatsMessage();
        Headers headers = new Headers();
        if (original.hasHeaders()) {
            original.getHeaders().forEach(headers::put);
        }
        headers.put(REASON, oneLine(String.valueOf(reason.getMessage())));
        headers.put(CAUSE_CLASS, reason.getClass().getName());
        headers.put(ORIGINAL_SUBJECT, original.getSubject());
        headers.put(CHANNEL, context.channel());
        try {
            context.connection().publish(NatsMessage.builder().subject(deadLetterSubject).headers(headers)
                    .data(original.getData()).build());
            NatsLogging.log.deadLettered(context.channel(), original.getSubject(), deadLetterSubject, String.valueOf(reason));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            e.addSuppressed(reason);
            context.reportFailure(e, false);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Header values cannot hold line breaks. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
