package io.veloce.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket member that stops reading after the handshake and the first message, with a small
 * receive window: a client that cannot keep up.
 */
final class StalledSocket implements AutoCloseable {

    private final Socket socket;

    private StalledSocket(Socket socket) {
        this.socket = socket;
    }

    /**
     * Opens a WebSocket on {@code path}, reads the handshake and one small text message (for
     * example "joined", proof that the handler has run), then reads nothing more.
     *
     * @return the stalled socket and that first message
     */
    static StalledSocket connect(int port, String path, String firstMessage) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        int opcode = in.read() & 0x0F;
        int length = in.read() & 0x7F; // a short, unmasked server frame
        String message = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        if (opcode != 1 || !message.equals(firstMessage)) {
            throw new IOException("expected the text '" + firstMessage + "', got opcode " + opcode + " '" + message + "'");
        }
        return new StalledSocket(socket);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
