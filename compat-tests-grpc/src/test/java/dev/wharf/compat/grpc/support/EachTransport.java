package dev.wharf.compat.grpc.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of the class once per {@link Transport}, against the same server; the class takes the
 * transport as its constructor's only argument.
 *
 * <pre>{@code
 * @EachTransport
 * class SendTest {
 *     SendTest(Transport transport) { clients = new SdkClients(server, transport); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ParameterizedClass(name = "{0}")
@EnumSource(Transport.class)
public @interface EachTransport {}
