package io.smallrye.reactive.messaging.nats.impl;

import java.util.concurrent.ThreadFactory;

/** The connector's own threads: named after their job, and daemons, so they never keep a JVM alive. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
