package io.smallrye.reactive.messaging.nats.quarkus.deployment;

import java.util.List;

import io.quarkus.arc.deployment.ExcludedTypeBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.ExtensionSslNativeSupportBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.IndexDependencyBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.smallrye.reactive.messaging.nats.health.NatsLivenessCheck;
import io.smallrye.reactive.messaging.nats.health.NatsReadinessCheck;

/** The connector in a Quarkus application: its beans, its health in Quarkus' checks, what a native image needs. */
class SmallRyeNatsProcessor {

    static final String FEATURE = "smallrye-nats";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** The connector's beans (connector, failure strategies, health reporter, JSON, contexts, tracing) at build time. */
    @BuildStep
    IndexDependencyBuildItem connectorBeans() {
        return new IndexDependencyBuildItem("io.smallrye.reactive", "smallrye-reactive-messaging-nats");
    }

    /**
     * Quarkus' messaging checks (readiness, liveness, startup) already list every channel through the connector's
     * health reporter: the connector's own MicroProfile Health checks, made for runtimes without SmallRye's, would list
     * each channel a second time.
     */
    @BuildStep
    List<ExcludedTypeBuildItem> oneHealthEntryPerChannel() {
        return List.of(new ExcludedTypeBuildItem(NatsReadinessCheck.class.getName()),
                new ExcludedTypeBuildItem(NatsLivenessCheck.class.getName()));
    }

    /** TLS connections, and the classes that hold a SecureRandom or start a thread when they load. */
    @BuildStep
    ExtensionSslNativeSupportBuildItem ssl() {
        return new ExtensionSslNativeSupportBuildItem(FEATURE);
    }

    @BuildStep
    List<RuntimeInitializedClassBuildItem> runtimeInitialized() {
        return List.of(new RuntimeInitializedClassBuildItem("io.nats.client.support.RandomUtils"),
                new RuntimeInitializedClassBuildItem("io.nats.client.NUID"),
                new RuntimeInitializedClassBuildItem("io.smallrye.reactive.messaging.nats.outgoing.JetStreamPublisher"));
    }
}
