package io.veloce.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.veloce.Server;
import io.veloce.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The baseline is only a fair yardstick if both servers answer byte for byte alike. */
class BaselineParityTest {

    @Test
    void bothServersAnswerTheSameBodiesAndContentTypes() throws Exception {
        EventLoopGroup group = RawNettyServer.group(1);
        Channel raw = RawNettyServer.start(group, 0);
        Server veloce = VeloceBenchServer.app().start(ServerConfig.defaults().port(0));
        try (HttpClient http = HttpClient.newHttpClient()) {
            int rawPort = ((java.net.InetSocketAddress) raw.localAddress()).getPort();
            for (String path : new String[] {"/plaintext", "/json"}) {
                HttpResponse<String> a = http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + rawPort + path)).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> b = http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + veloce.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(b.body()).isEqualTo(a.body());
                assertThat(b.headers().firstValue("content-type")).isEqualTo(a.headers().firstValue("content-type"));
                assertThat(b.statusCode()).isEqualTo(a.statusCode()).isEqualTo(200);
            }
            HttpResponse<String> deps = http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + veloce.port() + "/plaintext-deps")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deps.body()).isEqualTo("Hello, World!");
            HttpResponse<String> secured = http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + veloce.port() + "/mw/plaintext"))
                    .header("Origin", "https://app.example.com").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(secured.body()).isEqualTo("Hello, World!");
            assertThat(secured.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(secured.headers().firstValue("X-Request-ID")).isPresent();
        } finally {
            veloce.close();
            raw.close().sync();
            group.shutdownGracefully().sync();
        }
    }
}
