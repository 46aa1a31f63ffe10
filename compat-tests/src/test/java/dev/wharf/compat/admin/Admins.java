package dev.wharf.compat.admin;

import dev.wharf.compat.support.Names;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Started {@link DefaultMQAdminExt} clients (rocketmq-tools 5.x, so in this package, which the 4.9 module does
 * not compile). The caller shuts each one down.
 */
public final class Admins {

    /** Timeout of every admin request. */
    public static final long TIMEOUT_MILLIS = 5_000;

    private Admins() {}

    /** A started admin client of the server at {@code nameServer}, in its own client instance. */
    public static DefaultMQAdminExt started(String nameServer) {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(TIMEOUT_MILLIS);
        admin.setNamesrvAddr(nameServer);
        admin.setInstanceName(Names.unique("admin"));
        try {
            admin.start();
        } catch (MQClientException e) {
            admin.shutdown();
            throw new IllegalStateException("admin client of " + nameServer + " did not start", e);
        }
        return admin;
    }
}
