package io.veloce.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat in a real browser (Debian's chromium, headless, driven by chromium-driver): two people
 * in one room see each other, and a page of another origin cannot open the chat's WebSocket with
 * the user's cookies (Cross-Site WebSocket Hijacking), because the chat checks Origin.
 */
class ChatBrowserTest {

    private Server chat;
    private Server foreign;
    private WebDriver ada;
    private WebDriver bob;
    private String base;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,700");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        return new ChromeDriver(service, options);
    }

    @BeforeEach
    void start() throws IOException {
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        chat = ChatApp.create(ChatApp.Settings.local(base, "a session key of thirty-two bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).start(ServerConfig.defaults().port(port));
        // another site on the same host: a page whose script tries to use the chat's WebSocket
        Veloce evil = new Veloce();
        String wsUrl = "ws://127.0.0.1:" + port + "/ws/rooms/lobby";
        evil.get("/", req -> Response.html("<!doctype html><title>waiting</title><script>"
                + "const ws = new WebSocket('" + wsUrl + "');"
                + "let opened = false;"
                + "ws.onopen = () => { opened = true; document.title = 'opened'; };"
                + "ws.onclose = (e) => { if (!opened) document.title = 'refused ' + e.code; };"
                + "</script>"));
        foreign = evil.start(ServerConfig.defaults().port(0));
        ada = browser();
        bob = browser();
    }

    @AfterEach
    void stop() {
        for (WebDriver driver : new WebDriver[] {ada, bob}) {
            if (driver != null) {
                driver.quit();
            }
        }
        foreign.close();
        chat.close();
    }

    private void join(WebDriver browser, String nickname) {
        browser.get(base + "/");
        browser.findElement(By.id("nickname")).sendKeys(nickname);
        browser.findElement(By.cssSelector("#login button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id("status")).getText().startsWith("connected"));
    }

    private static void waitForText(WebDriver browser, String id, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id(id)).getText().contains(text));
    }

    @Test
    void twoPeopleInARoomSeeEachOtherAndEachOthersMessages() throws IOException {
        join(ada, "Ada");
        join(bob, "Bob");
        waitForText(ada, "members", "Bob");
        waitForText(bob, "members", "Ada");
        bob.findElement(By.id("text")).sendKeys("Hello Ada, dinner is ready");
        bob.findElement(By.cssSelector("#send button")).click();
        waitForText(ada, "messages", "Hello Ada, dinner is ready");
        ada.findElement(By.id("text")).sendKeys("On my way!");
        ada.findElement(By.cssSelector("#send button")).click();
        waitForText(bob, "messages", "On my way!");
        waitForText(ada, "messages", "On my way!");
        Path screenshot = Path.of("..", "docs", "images", "chat.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) ada).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void aPageOfAnotherOriginCannotOpenTheChatsWebSocketWithTheUsersCookie() {
        join(ada, "Ada"); // Ada's browser now holds the chat's session cookie for 127.0.0.1
        ada.get("http://127.0.0.1:" + foreign.port() + "/");
        new WebDriverWait(ada, Duration.ofSeconds(10)).until(d -> !d.getTitle().equals("waiting"));
        assertThat(ada.getTitle()).as("the handshake was refused, never opened").isEqualTo("refused 1006");
    }
}
