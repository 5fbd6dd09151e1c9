package io.smallrye.reactive.messaging.nats.support;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A JetStream cluster of real nats-server processes routed to each other on loopback. */
public final class NatsCluster implements AutoCloseable {

    private final List<NatsServer> nodes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private NatsCluster(int size) {
        List<Integer> routePorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            routePorts.add(NatsServer.freePort());
        }
        String routes = routePorts.stream().map(p -> "nats-route://127.0.0.1:" + p).collect(Collectors.joining(", "));
        for (int i = 0; i < size; i++) {
            String name = "n" + (i + 1);
            names.add(name);
            nodes.add(NatsServer.builder().jetStream().monitoring().config("server_name: " + name + "\n"
                    + "cluster {\n  name: smallrye-nats\n  listen: 127.0.0.1:" + routePorts.get(i) + "\n"
                    + "  routes: [" + routes + "]\n}\n").build());
        }
    }

    /** Starts {@code size} nodes; JetStream is usable once a meta leader is elected, which callers await. */
    public static NatsCluster start(int size) {
        NatsCluster cluster = new NatsCluster(size);
        cluster.nodes.forEach(NatsServer::start);
        return cluster;
    }

    /** Every node's client URL, comma-separated, as the connector's {@code url} attribute takes them. */
    public String urls() {
        return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
    }

    /** The node whose {@code server_name} is given (as JetStream reports leaders). */
    public NatsServer node(String name) {
        return nodes.get(names.indexOf(name));
    }

    /** The name of the JetStream meta leader, as a running node's monitoring endpoint reports it; null if none. */
    public String metaLeader() {
        for (NatsServer node : nodes) {
            if (node.isRunning()) {
                try {
                    String jsz = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + node.monitorPort() + "/jsz")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    java.util.regex.Matcher leader = java.util.regex.Pattern
                            .compile("\"meta_cluster\"\\s*:\\s*\\{[^}]*\"leader\"\\s*:\\s*\"([^\"]+)\"").matcher(jsz);
                    if (leader.find()) {
                        return leader.group(1);
                    }
                } catch (java.io.IOException e) {
                    // try the next node
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    public List<NatsServer> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.forEach(NatsServer::close);
    }
}
