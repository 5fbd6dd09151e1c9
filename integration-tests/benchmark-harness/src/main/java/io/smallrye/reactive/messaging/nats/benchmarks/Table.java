package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The side-by-side table in Markdown. Each row runs the raw and the connector side alternately (ABAB...),
 * {@code warmups} unmeasured pairs first, and shows min / median / max of each side; the ratio compares the medians.
 */
public final class Table {

    /** A measured row as {@link #row} prints it: ends with the ratio and the two CPU figures. */
    private static final Pattern MEASURED_ROW = Pattern
            .compile("\\| .*\\| [0-9.]+×( \\(within noise\\))? \\| ([0-9.]+ µs|–) / ([0-9.]+ µs|–) \\|");

    private final Settings settings;
    private final StringBuilder text;

    public Table(Settings settings, String connectorSide) {
        this.settings = settings;
        this.text = new StringBuilder(String.format(
                "%d-byte payloads; %d measured runs per side after %d warm-up pairs, raw and connector alternately; "
                        + "min / **median** / max%n%n",
                settings.size(), settings.iterations(), settings.warmups()));
        text.append("| workload | raw jnats | ").append(connectorSide)
                .append(" | ratio | CPU per message, raw / connector (JVM + server) |\n|---|---|---|---|---|\n");
    }

    /**
     * The ratio is connector/raw for throughput and raw/connector for latency and heap, so that below 1 always means
     * the connector costs something; "(within noise)" marks a row whose two ranges overlap.
     */
    public void row(String name, Callable<Result> raw, Callable<Result> connector) throws Exception {
        for (int i = 0; i < settings.warmups(); i++) {
            raw.call();
            connector.call();
        }
        List<Result> raws = new ArrayList<>();
        List<Result> connectors = new ArrayList<>();
        for (int i = 0; i < settings.iterations(); i++) {
            raws.add(raw.call());
            connectors.add(connector.call());
        }
        double r = Result.medianValue(raws);
        double c = Result.medianValue(connectors);
        double ratio = raws.get(0).higherIsBetter() ? c / r : r / c;
        text.append(String.format("| %s | %s | %s | %.2f×%s | %s / %s |%n", name, Result.describe(raws),
                Result.describe(connectors), ratio, Result.overlap(raws, connectors) ? " (within noise)" : "",
                Result.cpu(raws), Result.cpu(connectors)));
        System.err.println(name + " done");
    }

    /** The data rows of a printed table; each, whether it is well formed, for the smoke runs. */
    public static List<String> rows(String table) {
        return table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| workload")).toList();
    }

    public static boolean measured(String row) {
        return MEASURED_ROW.matcher(row).matches();
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
