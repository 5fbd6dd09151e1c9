package io.smallrye.reactive.messaging.nats.outgoing;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.service.ServiceMessage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.NatsNoRespondersException;
import io.smallrye.reactive.messaging.nats.NatsRequestMetadata;
import io.smallrye.reactive.messaging.nats.NatsServiceException;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.Failures;
import io.smallrye.reactive.messaging.nats.impl.GatherRequest;

/**
 * Sends the requests of {@code NatsRequestReply}: the message is published once the request is made, and its reply
 * (or the failure: timeout, no responders, not connected) completes the requester's future on a worker, never on
 * jnats' inbox thread. A scatter-gather request gets an inbox of its own on the channel's dispatcher, created with
 * the first one, and a {@link ReplyGatherer} collects its replies.
 */
final class RequestPublisher implements Publisher {

    private final String channel;
    private final String connectionName;
    private final Duration defaultTimeout;
    private Connection dispatcherConnection;
    private Dispatcher dispatcher;

    RequestPublisher(String channel, String connectionName, Duration defaultTimeout) {
        this.channel = channel;
        this.connectionName = connectionName;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public CompletionStage<?> publish(Connection connection, NatsMessage nats, OutgoingMessage out) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            // jnats would buffer it and report a timeout: no reply can come while the connection is down.
            IllegalStateException down = new IllegalStateException(NatsExceptions.ex.requestWhileDisconnected(
                    nats.getSubject(), channel, connectionName, connection.getStatus().name().toLowerCase()));
            if (out.gather() != null) {
                out.gather().replies().fail(down);
            } else {
                out.request().reply().completeExceptionally(down);
            }
            return PUBLISHED;
        }
        if (out.gather() != null) {
            gather(connection, nats, out.gather());
            return PUBLISHED;
        }
        NatsRequestMetadata request = out.request();
        Duration timeout = request.timeout() == null ? defaultTimeout : request.timeout();
        // jnats only expires request futures on its cleanup timer (every 5 s): enforce the timeout ourselves.
        connection.requestWithTimeout(nats, timeout).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((reply, failure) -> {
                    if (failure == null) {
                        NatsServiceException serviceError = serviceError(nats.getSubject(), reply);
                        if (serviceError == null) {
                            request.reply().complete(reply);
                        } else {
                            request.reply().completeExceptionally(serviceError);
                        }
                    } else {
                        request.reply().completeExceptionally(failure(nats.getSubject(), timeout, failure));
                    }
                }, Infrastructure.getDefaultWorkerPool());
        return PUBLISHED;
    }

    private void gather(Connection connection, NatsMessage nats, GatherRequest gather) {
        String inbox = connection.createInbox();
        Duration maxWait = gather.until().maxWait() == null ? defaultTimeout : gather.until().maxWait();
        new ReplyGatherer(gather.replies(), gather.until()).listen(dispatcher(connection), inbox, maxWait);
        connection.publish(NatsMessage.builder().subject(nats.getSubject()).headers(nats.getHeaders())
                .data(nats.getData()).replyTo(inbox).build());
    }

    private synchronized Dispatcher dispatcher(Connection connection) {
        if (dispatcher == null || dispatcherConnection != connection) {
            dispatcher = connection.createDispatcher();
            dispatcherConnection = connection;
        }
        return dispatcher;
    }

    @Override
    public synchronized void close() {
        if (dispatcher != null) {
            try {
                dispatcherConnection.closeDispatcher(dispatcher);
            } catch (IllegalStateException closed) {
                // the connection is closed or closing: its dispatchers go with it
            }
        }
        dispatcher = null;
    }

    /** The service error a NATS service answered with, or null for a reply. */
    private NatsServiceException serviceError(String target, Message reply) {
        Headers headers = reply.getHeaders();
        String code = headers == null ? null : headers.getFirst(ServiceMessage.NATS_SERVICE_ERROR_CODE);
        if (code == null) {
            return null;
        }
        String description = headers.getFirst(ServiceMessage.NATS_SERVICE_ERROR);
        int number;
        try {
            number = Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            number = -1;
        }
        return new NatsServiceException(NatsExceptions.ex.serviceError(target, channel, code, description), number,
                description);
    }

    private Throwable failure(String target, Duration timeout, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof JetStreamStatusException status && status.getStatus().isNoResponders()) {
            return new NatsNoRespondersException(NatsExceptions.ex.noResponders(target, channel));
        }
        if (cause instanceof TimeoutException || cause instanceof CancellationException) {
            TimeoutException timedOut = new TimeoutException(
                    NatsExceptions.ex.requestTimeout(target, timeout.toMillis(), channel));
            timedOut.initCause(cause);
            return timedOut;
        }
        return cause;
    }
}
