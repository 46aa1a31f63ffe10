package dev.wharf.transport.tls;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of the class once with OpenSSL and once with the JDK's TLS on the server; the class takes
 * the {@link TlsProvider} as its constructor's only argument and sets it as {@value TlsOptions#PROVIDER}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ParameterizedClass(name = "{0}")
@EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
public @interface EachProvider {}
