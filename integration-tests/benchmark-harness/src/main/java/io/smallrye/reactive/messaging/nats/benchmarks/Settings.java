package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Counts and sizes of a run, from {@code key=value} arguments; defaults are the published workloads. */
public record Settings(int messages, int size, int requests, int jetStreamMessages, int backlog, int iterations, int warmups,
        Set<String> only) {

    private static final Set<String> WORKLOADS = Set.of("core", "request-reply", "js-publish", "js-consume", "backlog-heap");

    public static Settings parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            values.put(pair[0], pair[1]);
        }
        return new Settings(get(values, "messages", 1_000_000), get(values, "size", 128), get(values, "requests", 20_000),
                get(values, "js", 300_000), get(values, "backlog", 1_000_000), get(values, "iterations", 5),
                // One pair left the first row's connector side half compiled: 6.2-6.7 µs of CPU per message on core
                // pub/sub with a Vert.x context after one, 3.4 µs after four (the JIT needs millions of messages there).
                get(values, "warmups", 4),
                only(values.get("only")));
    }

    private static Set<String> only(String list) {
        if (list == null) {
            return Set.of();
        }
        Set<String> only = Set.of(list.split(","));
        if (!WORKLOADS.containsAll(only)) {
            throw new IllegalArgumentException("only=" + list + ": the workloads are " + WORKLOADS);
        }
        return only;
    }

    private static int get(Map<String, String> values, String key, int defaultValue) {
        return Integer.parseInt(values.getOrDefault(key, String.valueOf(defaultValue)).replace("_", ""));
    }

    /** Whether the workload runs: every one unless {@code only} names some. */
    public boolean includes(String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    public byte[] payload() {
        return new byte[size];
    }
}
