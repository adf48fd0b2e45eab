package io.steward.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmarks' HTTP client against a real local server: every answer belongs to its own
 * request however connections are reused, statuses and failures reach the caller, and a request
 * left unanswered fails after its timeout instead of hanging the benchmark.
 */
class HttpConnectionsTest {

    private static HttpServer server;
    private static HttpConnections client;

    @BeforeAll
    static void start() throws IOException {
        // The JDK's server closes idle connections beyond 200, and a connection closed while the
        // client's pool still holds it fails the next request sent on it (HttpConnections does not
        // resend: a request may have reached the server). The service never does that, so neither
        // may the server here: read before its first use, this lifts the cap for this JVM.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "1000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        // Echoes what it was sent, so a test can tell whose answer it got.
        server.createContext("/echo", exchange -> answer(exchange, 200, exchange.getRequestMethod() + " "
                + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.createContext("/unavailable", exchange -> answer(exchange, 503, "restarting"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "late");
        });
        server.start();
        client = new HttpConnections("127.0.0.1", server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void eachOfManyConcurrentRequestsGetsItsOwnAnswer() {
        List<CompletableFuture<HttpConnections.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] body = ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8);
            answers.add(client.send("POST", "/echo?i=" + i, "token-" + i, body, 10));
        }
        for (int i = 0; i < answers.size(); i++) {
            HttpConnections.Answer answer = answers.get(i).join();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("POST /echo?i=" + i + " Bearer token-" + i + " {\"n\": " + i + "}");
        }
    }

    @Test
    void aGetWithoutTokenOrBodySendsNeither() {
        HttpConnections.Answer answer = client.send("GET", "/echo", null, null, 10).join();
        assertThat(answer.body()).isEqualTo("GET /echo null ");
    }

    @Test
    void statusesOtherThan2xxAreAnswersNotFailures() {
        HttpConnections.Answer answer = client.send("GET", "/unavailable", null, null, 10).join();
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("restarting");
    }

    @Test
    void aRequestLeftUnansweredFailsAfterItsTimeoutAndTheClientCarriesOn() {
        assertThatThrownBy(() -> client.send("GET", "/slow", null, null, 1).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("/slow unanswered after 1 s");
        assertThat(client.send("GET", "/echo", null, null, 10).join().status()).isEqualTo(200);
    }

    @Test
    void aServerThatIsDownFailsTheRequest() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HttpConnections nowhere = new HttpConnections("127.0.0.1", closedPort)) {
            assertThatThrownBy(() -> nowhere.send("GET", "/echo", null, null, 10).join())
                    .isInstanceOf(CompletionException.class).hasMessageContaining("Connection refused");
        }
    }

    @Test
    void tasksRunOnTheEventLoopAtTheirTime() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long at = System.nanoTime() + 50_000_000;
        long[] ranAt = new long[1];
        client.at(at, () -> {
            ranAt[0] = System.nanoTime();
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranAt[0]).isGreaterThanOrEqualTo(at);
    }
}
