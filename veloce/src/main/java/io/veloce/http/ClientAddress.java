package io.veloce.http;

/**
 * The peer of a connection: its IP address as text and its port.
 *
 * @param host the peer's IP address ({@code 127.0.0.1}, {@code ::1}); never resolved through DNS
 * @param port the peer's port, or 0 when the transport has none (the test client uses
 *     {@code testclient:50000})
 */
public record ClientAddress(String host, int port) {

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
