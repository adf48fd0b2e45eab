package io.steward.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmarks' HTTP/1.1 client: keep-alive connections to one server, reused most recently
 * used first and opened as needed (an open-loop load that meets a stall opens more, as real
 * clients would), all served by one Netty event loop. Answers complete on that event loop, and
 * {@link #at} runs a task on it at a given time, so an open-loop load can send from the thread its
 * answers arrive on: each hand-off between threads is a wake-up, and on this machine (a VM on 2
 * cores) one wake-up in a few hundred is a millisecond or more late even when it is idle.
 *
 * <p>Why not the JDK's HttpClient: on 2 shared cores its own hand-offs (selector thread, executor,
 * a chain of futures per request) put a tail of its own on the latencies it measures: against a
 * no-op endpoint at 1,000 requests/s its p99 was 1.8-3.6 ms where a Netty client measured
 * 1.0-1.2 ms on the same service. The Netty is the one Spark already brings (see the parent pom).
 */
final class HttpConnections implements AutoCloseable {

    /** A status and body; the body decoded as UTF-8. */
    record Answer(int status, String body) {
    }

    private static final int MAX_ANSWER_BYTES = 64 << 20;

    /** Epoll where Netty's native transport loads (Linux): its timers are precise to microseconds, NIO's to milliseconds. */
    private final EventLoopGroup loop = Epoll.isAvailable()
            ? new EpollEventLoopGroup(1, new DefaultThreadFactory("benchmark-http", true))
            : new NioEventLoopGroup(1, new DefaultThreadFactory("benchmark-http", true));
    private final SimpleChannelPool pool;
    private final String host;

    HttpConnections(String host, int port) {
        this.host = host + ":" + port;
        Bootstrap bootstrap = new Bootstrap().group(loop)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .remoteAddress(host, port).option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
        pool = new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES));
            }
        });
    }

    /**
     * Sends one request on an idle connection (or a new one). The future fails on a connection
     * error, on a connection closed before the answer, and after {@code timeoutSeconds}.
     */
    CompletableFuture<Answer> send(String method, String path, String token, byte[] json, int timeoutSeconds) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                answer.completeExceptionally(acquired.cause());
                return;
            }
            Channel channel = acquired.getNow();
            ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> {
                if (answer.completeExceptionally(new TimeoutException(method + " " + path + " unanswered after "
                        + timeoutSeconds + " s"))) {
                    channel.close();
                }
            }, timeoutSeconds, TimeUnit.SECONDS);
            channel.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                @Override
                protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
                    finish(context, response.status().code(), response.content().toString(StandardCharsets.UTF_8),
                            HttpUtil.isKeepAlive(response), null);
                }

                @Override
                public void channelInactive(ChannelHandlerContext context) {
                    finish(context, 0, null, false, new ClosedChannelException());
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                    finish(context, 0, null, false, cause);
                }

                private void finish(ChannelHandlerContext context, int status, String body, boolean keepAlive,
                                    Throwable failure) {
                    timeout.cancel(false);
                    context.pipeline().remove(this);
                    if (!keepAlive) {
                        channel.close();
                    }
                    pool.release(channel);
                    if (failure != null) {
                        answer.completeExceptionally(failure);
                    } else {
                        answer.complete(new Answer(status, body));
                    }
                }
            });
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method),
                    path, json == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(json));
            request.headers().set(HttpHeaderNames.HOST, host)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, json == null ? 0 : json.length);
            if (token != null) {
                request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
            }
            if (json != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            }
            channel.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    channel.pipeline().fireExceptionCaught(written.cause());
                }
            });
        });
        return answer;
    }

    /** Runs {@code task} on the client's event loop at {@code nanoTime} (System.nanoTime), or at once if that has passed. */
    void at(long nanoTime, Runnable task) {
        loop.schedule(task, nanoTime - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        pool.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
