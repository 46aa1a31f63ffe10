package dev.wharf.bench;

import picocli.CommandLine.Option;

/** Where a Remoting run sends or reads: the name-server address the client is given and the topic. */
public final class TargetOptions {

    @Option(
            names = "--namesrv",
            required = true,
            description = "Name-server address(es) for the client, host:port[;host:port] (Wharf's or a Proxy's Remoting port, or an Apache NameServer).")
    String nameServer;

    @Option(names = "--topic", required = true, description = "Topic to produce to or drain.")
    String topic;

    public String nameServer() {
        return nameServer;
    }

    public String topic() {
        return topic;
    }

    /** The target of a run with the Remoting client. */
    public LoadTarget target() {
        return new LoadTarget(LoadTarget.Protocol.REMOTING, nameServer, false, topic);
    }
}
