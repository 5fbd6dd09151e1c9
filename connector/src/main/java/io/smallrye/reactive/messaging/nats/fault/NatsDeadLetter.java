package io.smallrye.reactive.messaging.nats.fault;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMessage;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.JetStreamNackMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connector.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/**
 * {@code dead-letter}: publish the original payload and headers to {@code dead-letter-subject} (default
 * {@code dlq.<channel>}), with headers naming the cause, the original subject and the channel, and for JetStream
 * the stream, stream sequence and delivered count; then terminate the JetStream message.
 */
public class NatsDeadLetter implements NatsFailureHandler {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE_CLASS = "dead-letter-cause-class";
    public static final String ORIGINAL_SUBJECT = "dead-letter-subject";
    public static final String CHANNEL = "dead-letter-channel";
    public static final String STREAM = "dead-letter-stream";
    public static final String STREAM_SEQUENCE = "dead-letter-stream-sequence";
    public static final String DELIVERED_COUNT = "dead-letter-delivered-count";

    @ApplicationScoped
    @Identifier(Strategy.DEAD_LETTER)
    public static class Factory implements NatsFailureHandler.Factory {
        @Override
        public NatsFailureHandler create(Context context) {
            NatsConnectorIncomingConfiguration config = new NatsConnectorIncomingConfiguration(context.config());
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
    public CompletionStage<Void> handle(IncomingNatsMessage<?> message, Throwable failure,
            Optional<JetStreamNackMetadata> nack) {
        Throwable reason = Failures.cause(failure);
        io.nats.client.Message original = message.getNatsMessage();
        Headers headers = new Headers();
        if (original.hasHeaders()) {
            // Nats-* headers are JetStream controls of the original publish (msg id, expected stream...): they would
            // make the dead-letter stream reject or de-duplicate the dead letter.
            original.getHeaders().forEach((name, values) -> {
                if (!name.regionMatches(true, 0, "Nats-", 0, 5)) {
                    headers.put(name, values);
                }
            });
        }
        headers.put(REASON, oneLine(String.valueOf(reason.getMessage())));
        headers.put(CAUSE_CLASS, reason.getClass().getName());
        headers.put(ORIGINAL_SUBJECT, original.getSubject());
        headers.put(CHANNEL, context.channel());
        IncomingJetStreamMessage<?> jetStream = message instanceof IncomingJetStreamMessage<?> js ? js : null;
        if (jetStream != null) {
            IncomingJetStreamMetadata js = jetStream.getJetStreamMetadata();
            headers.put(STREAM, js.getStream());
            headers.put(STREAM_SEQUENCE, String.valueOf(js.getStreamSequence()));
            headers.put(DELIVERED_COUNT, String.valueOf(js.getDeliveredCount()));
        }
        NatsMessage deadLetter = NatsMessage.builder().subject(deadLetterSubject).headers(headers).data(original.getData())
                .build();
        try {
            if (jetStream != null) {
                return storeThenTerminate(jetStream, deadLetter, reason);
            }
            context.connection().publish(deadLetter);
            context.reportDeadLetter();
            NatsLogging.log.deadLettered(context.channel(), original.getSubject(), deadLetterSubject, String.valueOf(reason));
            return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
            e.addSuppressed(reason);
            context.reportFailure(e, false);
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A JetStream message is terminated only once a stream stored its dead letter; when no stream captures the
     * dead-letter subject, it is redelivered instead, so nothing is lost.
     */
    private CompletionStage<Void> storeThenTerminate(IncomingJetStreamMessage<?> message, NatsMessage deadLetter,
            Throwable reason)
            throws IOException {
        String subject = message.getNatsMetadata().getSubject();
        return context.connection().jetStream().publishAsync(deadLetter).handleAsync((ack, error) -> {
            if (error == null) {
                context.reportDeadLetter();
                NatsLogging.log.deadLettered(context.channel(), subject, deadLetterSubject, String.valueOf(reason));
                return message.terminate();
            }
            NatsLogging.log.deadLetterNotStored(context.channel(), deadLetterSubject, String.valueOf(Failures.cause(error)));
            context.reportFailure(error, false);
            return message.redeliver(null);
        }, Infrastructure.getDefaultWorkerPool()).thenCompose(stage -> stage);
    }

    /** Header values cannot hold line breaks. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
