package io.veloce.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a raw loopback socket that writes exactly the frames a test wants
 * (masked or not, any opcode, RSV bits, fragments, bad payloads) and reads the server's frames
 * one by one, for testing the protocol rules on the wire.
 */
final class RawWebSocket implements AutoCloseable {

    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** One frame as the server sent it. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a Close frame, or -1 when it has none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final java.util.Map<String, String> responseHeaders = new java.util.HashMap<>();

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a socket and completes a valid handshake to {@code path}. */
    static RawWebSocket connect(int port, String path) throws IOException {
        return connect(port, path, "");
    }

    /** Like {@link #connect(int, String)} with extra header lines ({@code "Name: value\r\n"} each). */
    static RawWebSocket connect(int port, String path, String extraHeaders) throws IOException {
        return connect(port, path, extraHeaders, socket -> { });
    }

    /** Like {@link #connect(int, String, String)}, configuring the socket before it connects (buffer sizes). */
    static RawWebSocket connect(int port, String path, String extraHeaders,
            java.util.function.Consumer<Socket> configure) throws IOException {
        Socket socket = new Socket();
        configure.accept(socket);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        ws.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        ws.out.flush();
        String status = ws.line();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake not accepted: " + status);
        }
        for (String line = ws.line(); !line.isEmpty(); line = ws.line()) {
            int colon = line.indexOf(':');
            ws.responseHeaders.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        return ws;
    }

    /** Shrinks this client's socket send buffer, so that a test sees the server's buffering, not the client's. */
    RawWebSocket sendBuffer(int bytes) throws IOException {
        socket.setSendBufferSize(bytes);
        return this;
    }

    /** Returns a header of the 101 response (name in any case), or {@code null}. */
    String responseHeader(String name) {
        return responseHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Sends a masked frame with FIN set and no RSV bits. */
    RawWebSocket send(int opcode, byte[] payload) throws IOException {
        return send(true, 0, opcode, payload, true);
    }

    RawWebSocket sendText(String text) throws IOException {
        return send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a Close frame with {@code code} and {@code reason}. */
    RawWebSocket sendClose(int code, String reason) throws IOException {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length).putShort((short) code).put(reasonBytes);
        return send(CLOSE, payload.array());
    }

    /** Sends any frame: {@code rsv} is the three RSV bits (0–7). */
    RawWebSocket send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        writeLength(frame, payload.length, masked);
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.write(mask, 0, 4);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
        } else {
            frame.write(payload, 0, payload.length);
        }
        out.write(frame.toByteArray());
        out.flush();
        return this;
    }

    /** Sends only the header of a masked frame announcing {@code length} payload bytes. */
    RawWebSocket sendHeader(boolean fin, int opcode, long length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        writeLength(frame, length, true);
        frame.write(new byte[4], 0, 4); // a zero mask: the payload goes out as is
        out.write(frame.toByteArray());
        out.flush();
        return this;
    }

    /** Sends raw payload bytes (after {@link #sendHeader} with its zero mask). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private static void writeLength(ByteArrayOutputStream frame, long length, boolean masked) {
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            frame.write(maskBit | (int) length);
        } else if (length < 65536) {
            frame.write(maskBit | 126);
            frame.write((int) (length >> 8));
            frame.write((int) length);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >> shift));
            }
        }
    }

    /** Reads the next frame from the server. */
    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        if ((second & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, (first >> 4) & 0x7, first & 0x0F, payload);
    }

    /** Sets how long a read waits before a {@code SocketTimeoutException} (10 s by default). */
    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Reads frames until a Close and returns it, skipping pings and data. */
    Frame readClose() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** Returns whether the server closed TCP (EOF or reset) rather than sending another byte. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (EOFException eof) {
            return true;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
