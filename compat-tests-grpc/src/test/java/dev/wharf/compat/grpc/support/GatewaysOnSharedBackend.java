package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link ClusterGateways} parameter (of a test class's {@code @BeforeAll} method) to two gateways of the
 * test class in front of the backend of {@code kind} this test JVM shares ({@link SharedClusterBackend}). The
 * gateways are kept in the class's store, so JUnit stops them when the class's run ends: after the SDK clients of
 * its tests closed, since {@link SdkClients} hands those to the same store later (a store closes its values
 * newest first). A client that outlived its gateway would wait out its calls against a closed port.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewaysOnSharedBackend gateways = new GatewaysOnSharedBackend(Kind.WHARF_BROKERS);
 *
 * @BeforeAll
 * static void start(ClusterGateways gateways) { ... }
 * }</pre>
 */
public final class GatewaysOnSharedBackend implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GatewaysOnSharedBackend.class);

    private final Kind kind;
    private final SharedClusterBackend backends;

    public GatewaysOnSharedBackend(Kind kind) {
        this.kind = kind;
        this.backends = new SharedClusterBackend(kind);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ClusterGateways.class;
    }

    @Override
    public ClusterGateways resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The shared backend does not depend on which parameter asks for it.
        ClusterBackend backend = backends.resolveParameter(parameter, context);
        String label = context.getRequiredTestClass().getSimpleName();
        return context.getStore(NAMESPACE).computeIfAbsent(kind,
                shared -> ClusterGateways.launch(backend, label), ClusterGateways.class);
    }
}
