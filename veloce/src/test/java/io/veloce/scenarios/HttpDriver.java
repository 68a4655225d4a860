package io.veloce.scenarios;

import java.util.List;
import java.util.Map;

/**
 * Sends one request to an app and returns what came back, either through the in-memory test
 * client or over a real socket to the Netty server, so that one scenario runs on both.
 */
interface HttpDriver extends AutoCloseable {

    Reply send(String method, String path, Map<String, String> headers, byte[] body);

    default Reply get(String path) {
        return send("GET", path, Map.of(), new byte[0]);
    }

    @Override
    void close();

    /** A response as either transport delivers it. */
    record Reply(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }
    }
}
