package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.Arrays;
import java.util.List;

/** One measurement; the median of several is what the table shows. */
record Result(double value, String text) {

    static Result throughput(long messages, long nanos) {
        double perSecond = messages * 1e9 / nanos;
        return new Result(perSecond, String.format("%,.0f msg/s", perSecond));
    }

    static Result latencies(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double p50 = micros(sorted, 0.50);
        return new Result(p50, String.format("%.0f / %.0f / %.0f µs", p50, micros(sorted, 0.99), micros(sorted, 0.999)));
    }

    static Result heap(long peakBytes) {
        return new Result(peakBytes, String.format("%d MiB", peakBytes >> 20));
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }

    static Result median(List<Result> results) {
        return results.stream().sorted((a, b) -> Double.compare(a.value, b.value)).toList().get(results.size() / 2);
    }
}
