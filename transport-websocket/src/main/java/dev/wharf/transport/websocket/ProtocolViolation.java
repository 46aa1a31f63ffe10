package dev.wharf.transport.websocket;

/** A client broke the frame protocol; the connection is closed with {@link #closeCode()} and this message. */
final class ProtocolViolation extends RuntimeException {

    private final CloseCode closeCode;

    ProtocolViolation(CloseCode closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    CloseCode closeCode() {
        return closeCode;
    }
}
