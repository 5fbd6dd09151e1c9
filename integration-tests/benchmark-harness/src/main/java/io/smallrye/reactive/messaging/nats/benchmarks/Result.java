package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * One measurement: its main figure (throughput, p50 latency or peak live heap), for latencies the p99 and p99.9, the
 * CPU time (this JVM and the server) per message or request, in µs (NaN for heap), and for heap the live heap once
 * every message was settled.
 */
public record Result(Kind kind, double value, double p99, double p999, double cpuMicros, long settledBytes) {

    public enum Kind {
        THROUGHPUT,
        LATENCY,
        HEAP
    }

    public static Result throughput(long messages, long nanos, long cpuNanos) {
        return new Result(Kind.THROUGHPUT, messages * 1e9 / nanos, 0, 0, cpuNanos / 1000.0 / messages, 0);
    }

    public static Result latencies(long[] nanos, long cpuNanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Result(Kind.LATENCY, micros(sorted, 0.50), micros(sorted, 0.99), micros(sorted, 0.999),
                cpuNanos / 1000.0 / nanos.length, 0);
    }

    /**
     * @param peakBytes the most live heap while the workload ran
     * @param settledBytes the live heap once its messages were settled
     */
    public static Result heap(long peakBytes, long settledBytes) {
        return new Result(Kind.HEAP, peakBytes, 0, 0, Double.NaN, settledBytes);
    }

    private static double mib(double bytes) {
        return bytes / (1 << 20);
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }

    /** Whether a bigger main figure is better: throughput; for latency and heap, smaller is. */
    public boolean higherIsBetter() {
        return kind == Kind.THROUGHPUT;
    }

    /** min / median / max of the runs of one side, as the table shows them. */
    public static String describe(List<Result> runs) {
        Result first = runs.get(0);
        double[] main = runs.stream().mapToDouble(Result::value).sorted().toArray();
        return switch (first.kind) {
            case THROUGHPUT -> String.format("%,.0f / **%,.0f** / %,.0f msg/s", main[0], median(main), main[main.length - 1]);
            case HEAP -> {
                double[] settled = runs.stream().mapToDouble(Result::settledBytes).sorted().toArray();
                double[] held = runs.stream().mapToDouble(run -> run.value - run.settledBytes).sorted().toArray();
                yield String.format(
                        "%.1f / **%.1f** / %.1f MiB; once all acked **%.1f**, held by messages %.1f / **%.1f** / %.1f",
                        mib(main[0]), mib(median(main)), mib(main[main.length - 1]), mib(median(settled)), mib(held[0]),
                        mib(median(held)), mib(held[held.length - 1]));
            }
            case LATENCY -> {
                double[] p99 = runs.stream().mapToDouble(Result::p99).sorted().toArray();
                double[] p999 = runs.stream().mapToDouble(Result::p999).sorted().toArray();
                yield String.format("p50 %.0f / **%.0f** / %.0f µs, p99 %.0f / **%.0f** / %.0f µs, p99.9 **%.0f** µs", main[0],
                        median(main), main[main.length - 1], p99[0], median(p99), p99[p99.length - 1], median(p999));
            }
        };
    }

    /** The median CPU time per message, as the table shows it. */
    public static String cpu(List<Result> runs) {
        double median = median(runs.stream().mapToDouble(Result::cpuMicros).sorted().toArray());
        return Double.isNaN(median) ? "–" : String.format("%.1f µs", median);
    }

    public static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    public static double medianValue(List<Result> runs) {
        return median(runs.stream().mapToDouble(Result::value).sorted().toArray());
    }

    /** Whether the two sides' ranges overlap: the gap between their medians is then within the noise. */
    public static boolean overlap(List<Result> a, List<Result> b) {
        double aMin = a.stream().mapToDouble(Result::value).min().orElseThrow();
        double aMax = a.stream().mapToDouble(Result::value).max().orElseThrow();
        double bMin = b.stream().mapToDouble(Result::value).min().orElseThrow();
        double bMax = b.stream().mapToDouble(Result::value).max().orElseThrow();
        return aMin <= bMax && bMin <= aMax;
    }
}
