package dev.wharf.broker;

/**
 * The Apache RocketMQ release this broker answers as. Remoting clients read the version of heartbeat
 * answers as the broker's version and gate features on it.
 */
public final class BrokerVersion {

    /** {@code MQVersion.Version.V5_3_3.ordinal()}. */
    public static final int ORDINAL = 479;
    /** The release's name as RocketMQ's runtime info spells it. */
    public static final String DESCRIPTION = "V5_3_3";

    private BrokerVersion() {}
}
