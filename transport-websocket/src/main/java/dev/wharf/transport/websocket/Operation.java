package dev.wharf.transport.websocket;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The operations of the frame protocol, by the {@code op} a request names them with (docs/WEBSOCKET.md). */
enum Operation {
    AUTH("auth"),
    PUBLISH("publish"),
    SUBSCRIBE("subscribe"),
    CREDIT("credit"),
    UNSUBSCRIBE("unsubscribe"),
    ACK("ack"),
    NACK("nack"),
    CHANGE_INVISIBLE_TIME("changeInvisibleTime");

    /** For error messages: every op a client may send. */
    static final String NAMES = Arrays.stream(values()).map(Operation::opName).collect(Collectors.joining(", "));

    private final String opName;

    Operation(String opName) {
        this.opName = opName;
    }

    String opName() {
        return opName;
    }

    static Optional<Operation> named(String name) {
        return Arrays.stream(values()).filter(operation -> operation.opName.equals(name)).findFirst();
    }
}
