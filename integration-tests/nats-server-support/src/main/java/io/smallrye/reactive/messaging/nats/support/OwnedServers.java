package io.smallrye.reactive.messaging.nats.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension for the servers and clusters a test owns, to stop, kill or restart them: registered on an instance
 * field ({@code @RegisterExtension}), it kills every process handed to {@link #own} once the test and its
 * {@code @AfterEach} methods are done, whatever the outcome. Tests that leave the server alone use
 * {@link SharedNatsServer}.
 */
public final class OwnedServers implements AfterEachCallback {

    private final List<AutoCloseable> owned = new ArrayList<>();

    /** Owns the server or cluster (started or only built) until the end of the test. */
    public synchronized <T extends AutoCloseable> T own(T processes) {
        owned.add(processes);
        return processes;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        owned.clear();
        if (first != null) {
            throw first;
        }
    }
}
