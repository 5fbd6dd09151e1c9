package io.smallrye.reactive.messaging.nats.it.runtime;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scenario's steps, in order, as every runtime test runs them: a runtime test only boots its runtime with the
 * application connected to a nats-server and hands out the {@link RuntimeScenario} pointed at both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class RuntimeScenarioTest {

    protected abstract RuntimeScenario scenario();

    /** Runs one step; a runtime whose log lives in another process overrides this to attach it to a failure. */
    protected void step(Runnable step) {
        step.run();
    }

    @Test
    @Order(1)
    void readinessShowsTheChannels() {
        step(() -> scenario().readinessShowsTheChannels());
    }

    @Test
    @Order(2)
    void ordersAreConfirmed() {
        step(() -> scenario().ordersAreConfirmed());
    }

    @Test
    @Order(3)
    void quotesAnswerRequests() {
        step(() -> scenario().quotesAnswerRequests());
    }

    @Test
    @Order(4)
    void bulkOrdersArriveInBatches() {
        step(() -> scenario().bulkOrdersArriveInBatches());
    }
}
