package dev.wharf.gateway.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plain TCP connection speaking Remoting with JSON headers, written by hand: unlike a client library it
 * never reconnects, so a request that succeeds proves the very same connection is still open.
 */
public final class RawRemotingSocket implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\"code\":(-?\\d+)");
    private static final Pattern OPAQUE = Pattern.compile("\"opaque\":(-?\\d+)");

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int opaque;

    public RawRemotingSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a request of {@code code} without fields or body and answers the response's code. */
    public int call(int code) throws IOException {
        int id = ++opaque;
        byte[] header = ("{\"code\":" + code + ",\"flag\":0,\"language\":\"JAVA\",\"opaque\":" + id
                + ",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":0}").getBytes(StandardCharsets.UTF_8);
        out.writeInt(4 + header.length);
        out.writeInt(header.length);
        out.write(header);
        out.flush();
        int length = in.readInt();
        int headerLength = in.readInt() & 0xFF_FFFF;
        byte[] answer = new byte[headerLength];
        in.readFully(answer);
        in.skipNBytes(length - 4 - headerLength);
        String json = new String(answer, StandardCharsets.UTF_8);
        if (!number(OPAQUE, json).equals(Integer.toString(id))) {
            throw new IOException("answer to another request: " + json);
        }
        return Integer.parseInt(number(CODE, json));
    }

    private static String number(Pattern field, String json) throws IOException {
        Matcher matcher = field.matcher(json);
        if (!matcher.find()) {
            throw new IOException("no " + field + " in " + json);
        }
        return matcher.group(1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
