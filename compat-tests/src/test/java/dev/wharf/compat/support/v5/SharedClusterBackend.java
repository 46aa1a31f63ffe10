package dev.wharf.compat.support.v5;

import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link ClusterBackend} parameters to the one running backend of a kind this test JVM shares across
 * test classes: started by the first class that asks, kept in the root context's store and closed when the last
 * test of the JVM ran. Tests keep apart by unique topic and group names, and never kill its brokers (a test that
 * does starts its own backend).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedClusterBackend backend = new SharedClusterBackend(Kind.WHARF_BROKERS);
 *
 * @BeforeAll
 * static void start(ClusterBackend backend) { gateway = backend.launchGateway(listeners, "MyTest-gateway"); }
 * }</pre>
 */
public final class SharedClusterBackend implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedClusterBackend.class);

    private final Kind kind;

    public SharedClusterBackend(Kind kind) {
        this.kind = kind;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ClusterBackend.class;
    }

    @Override
    public ClusterBackend resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store closes what it holds (ClusterBackend is AutoCloseable) once the whole run ended.
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(kind, shared -> ClusterBackend.start(shared, "shared-" + shared), ClusterBackend.class);
    }
}
