package io.smallrye.reactive.messaging.nats.it.runtime.app;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * The application every runtime test deploys, written against MicroProfile Reactive Messaging 3.0 only: what it
 * uses is what Quarkus, Helidon MP and Open Liberty all give an application.
 */
@ApplicationScoped
public class Shop {

    /** Publish/subscribe: every order is confirmed on another subject. */
    @Incoming("orders")
    @Outgoing("confirmations")
    public String confirm(String order) {
        return "confirmed " + order;
    }

    /**
     * Request/reply: the answer is the request message with a new payload, so it keeps the request's reply-to
     * subject on every runtime (SmallRye would also carry it over from a payload-only method; Helidon would not).
     */
    @Incoming("quote-requests")
    @Outgoing("quotes")
    public Message<String> quote(Message<String> request) {
        return request.withPayload("quote for " + request.getPayload() + ": 42.00");
    }

    /** Batches ({@code batch=true}): the orders that arrived together come in one call and get one receipt. */
    @Incoming("bulk-orders")
    @Outgoing("bulk-receipts")
    public String receipt(List<String> orders) {
        return String.join(",", orders);
    }
}
