package io.smallrye.reactive.messaging.nats.it.quarkus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import io.nats.client.support.JsonParser;

/** The nats-server processes the extension's Dev Services started from this JVM, found by their command lines. */
final class DevServer {

    private DevServer() {
    }

    static List<ProcessHandle> started() {
        return ProcessHandle.current().children()
                .filter(process -> arguments(process).stream().anyMatch(a -> a.contains("quarkus-smallrye-nats-"))).toList();
    }

    static List<String> arguments(ProcessHandle process) {
        return process.info().arguments().map(Arrays::asList).orElse(List.of());
    }

    static String argument(ProcessHandle process, String option) {
        List<String> arguments = arguments(process);
        return arguments.get(arguments.indexOf(option) + 1);
    }

    /** How many clients are connected, from the server's monitoring endpoint. */
    static int connections(ProcessHandle process) throws IOException, InterruptedException {
        URI connz = URI.create("http://127.0.0.1:" + argument(process, "-m") + "/connz");
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(connz).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JsonParser.parseUnchecked(body).map.get("num_connections").i;
    }
}
