package org.vigil.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo's own chat room: a Slack-style incoming webhook on a loopback port that keeps
 * the last messages it was sent, so a newcomer sees alerts go out without setting up a
 * receiver. The demo points a channel at it; the alerts page shows what arrived
 * ({@link DemoInboxController}). Only in demo mode, and in memory only, since it is a
 * stand-in for the receiver a real deployment has.
 */
@Component
@ConditionalOnProperty(name = "vigil.demo", havingValue = "true")
class DemoInbox implements DisposableBean {

	/**
	 * Its address: the demo allows it (and only it) to staff channels, as
	 * {@code VIGIL_NOTIFY_ALLOW_HOSTS} would.
	 */
	static final String HOST = "127.0.0.1";

	private static final int KEPT = 50;

	private static final int MAX_BODY = 64 * 1024;

	private final Deque<Message> messages = new ArrayDeque<>();

	private final JsonMapper json;

	private final Clock clock;

	private final HttpServer server;

	DemoInbox(JsonMapper json, Clock clock) throws IOException {
		this.json = json;
		this.clock = clock;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 16);
		this.server.createContext("/", this::receive);
		this.server.setExecutor(Executors.newSingleThreadExecutor((r) -> {
			Thread thread = new Thread(r, "demo-inbox");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.start();
	}

	/** Where a channel posts to reach this inbox. */
	String url() {
		return "http://" + HOST + ":" + this.server.getAddress().getPort() + "/";
	}

	/** The messages received, newest first. */
	synchronized List<Message> messages() {
		return List.copyOf(this.messages);
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readNBytes(MAX_BODY);
			}
			String text;
			try {
				JsonNode message = this.json.readTree(body);
				text = message.path("text").asString(new String(body, StandardCharsets.UTF_8));
			}
			catch (RuntimeException notJson) {
				text = new String(body, StandardCharsets.UTF_8);
			}
			synchronized (this) {
				this.messages.addFirst(new Message(Instant.now(this.clock), text));
				while (this.messages.size() > KEPT) {
					this.messages.removeLast();
				}
			}
			byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, ok.length);
			exchange.getResponseBody().write(ok);
		}
	}

	@Override
	public void destroy() {
		this.server.stop(0);
	}

	/** One message as the inbox got it. */
	record Message(Instant received, String text) {
	}

}
