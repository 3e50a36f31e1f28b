package org.vigil.mirror;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An upstream that attacks the mirror, on 127.0.0.1. Each attack has an API root of its
 * own, {@code /<attack>/api/}, and answers every request under it the same way. Large
 * bodies are generated as they are sent, never held.
 */
final class HostileUpstream implements AutoCloseable {

	/** The size of the generated bodies. */
	static final int SIXTEEN_MIB = 16 * 1024 * 1024;

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final CountDownLatch closed = new CountDownLatch(1);

	/**
	 * Requests that came to another host name than the sources': their host and token.
	 */
	final List<String> elsewhere = new CopyOnWriteArrayList<>();

	HostileUpstream() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.threads);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String api(Attack attack) {
		return origin() + "/" + attack.path() + "/api/";
	}

	private String origin() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) {
		try (exchange) {
			String host = exchange.getRequestHeaders().getFirst("Host");
			if (host != null && !host.startsWith("127.0.0.1")) {
				this.elsewhere.add(host + " " + exchange.getRequestHeaders().getFirst("Authorization"));
			}
			String path = exchange.getRequestURI().getRawPath();
			String query = exchange.getRequestURI().getRawQuery();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			for (Attack attack : Attack.values()) {
				if (path.startsWith("/" + attack.path() + "/")) {
					answer(attack, exchange, path, (query != null) ? query : "");
					return;
				}
			}
			send(exchange, 404, "{\"detail\": \"Not found.\"}");
		}
		catch (IOException ex) {
			// The mirror hung up, as it should.
		}
	}

	private void answer(Attack attack, HttpExchange exchange, String path, String query) throws IOException {
		switch (attack) {
			case TINY_ITEMS -> stream(exchange, "[", "{},", "{}]");
			case MANY_FIELDS -> manyFields(exchange);
			case ENDLESS_PAGES -> {
				int page = query.contains("page=") ? Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1")) : 1;
				exchange.getResponseHeaders()
					.set("Link", "<" + origin() + path + "?page=" + (page + 1) + ">; rel=\"next\"");
				send(exchange, 200, "[]");
			}
			case MEGABYTE_LINK -> {
				exchange.getResponseHeaders().set("Link", "<" + "<".repeat(1024 * 1024) + ">; rel=\"next\"");
				send(exchange, 200, "[]");
			}
			case LONG_LINKS -> {
				String padding = "a".repeat(40 * 1024);
				exchange.getResponseHeaders().add("Link", "<" + origin() + path + "?" + padding + ">; rel=\"first\"");
				exchange.getResponseHeaders().add("Link", "<" + origin() + path + "?" + padding + ">; rel=\"next\"");
				send(exchange, 200, "[]");
			}
			case OTHER_ORIGIN -> {
				exchange.getResponseHeaders()
					.set("Link", "<http://localhost:" + this.server.getAddress().getPort() + path
							+ "?page=2>; rel=\"next\"");
				send(exchange, 200, "[]");
			}
			case CREDENTIALS_IN_LINK -> {
				exchange.getResponseHeaders()
					.set("Link", "<http://someone@127.0.0.1:" + this.server.getAddress().getPort() + path
							+ "?page=2>; rel=\"next\"");
				send(exchange, 200, "[]");
			}
			case LONG_TEXT -> send(exchange, 200, "[{\"description\": \"" + "d".repeat(1024 * 1024) + "\", \"uuid\": \""
					+ "u".repeat(100 * 1024) + "\"}]");
			case DEEP_NESTING -> send(exchange, 200, "[{\"extra\": " + "[".repeat(1000) + "]".repeat(1000) + "}]");
			case DRIP -> drip(exchange);
			case STALL -> {
				exchange.sendResponseHeaders(200, 0);
				OutputStream body = exchange.getResponseBody();
				body.write('[');
				body.flush();
				await(60);
			}
			case LINE_BREAKS -> {
				if (path.endsWith("/marketplace-provider-offerings/")) {
					send(exchange, 200, "[{\"uuid\": \"" + java.util.UUID.randomUUID()
							+ "\", \"name\": \"Evil\\r\\nFORGED offering\", \"customer_uuid\": \""
							+ java.util.UUID.randomUUID() + "\", \"customer_name\": \"Evil\\nFORGED customer\"}]");
				}
				else if (query.contains("o=-last_request_timestamp")) {
					send(exchange, 200, "[]");
				}
				else {
					send(exchange, 500, "{\"detail\": \"Broken\\r\\nFORGED log line\\u2028and more\"}");
				}
			}
		}
	}

	/**
	 * A list of 16 MiB: {@code head}, then {@code item} over and over, then {@code tail}.
	 */
	private static void stream(HttpExchange exchange, String head, String item, String tail) throws IOException {
		exchange.sendResponseHeaders(200, 0);
		byte[] block = item.repeat(64 * 1024 / item.length()).getBytes(StandardCharsets.US_ASCII);
		try (OutputStream body = exchange.getResponseBody()) {
			body.write(head.getBytes(StandardCharsets.US_ASCII));
			for (int sent = 0; sent < SIXTEEN_MIB; sent += block.length) {
				body.write(block);
			}
			body.write(tail.getBytes(StandardCharsets.US_ASCII));
		}
	}

	/** One status of 16 MiB: a million and more fields, each named differently. */
	private static void manyFields(HttpExchange exchange) throws IOException {
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream body = exchange.getResponseBody()) {
			body.write("[{".getBytes(StandardCharsets.US_ASCII));
			StringBuilder block = new StringBuilder();
			int sent = 0;
			for (int field = 0; sent < SIXTEEN_MIB; field++) {
				block.append("\"f").append(field).append("\":0,");
				if (block.length() > 64 * 1024) {
					body.write(block.toString().getBytes(StandardCharsets.US_ASCII));
					sent += block.length();
					block.setLength(0);
				}
			}
			body.write(block.append("\"agent_type\":\"Order processing\"}]")
				.toString()
				.getBytes(StandardCharsets.US_ASCII));
		}
	}

	/** A list that never ends, a byte every half second. */
	private void drip(HttpExchange exchange) throws IOException {
		exchange.sendResponseHeaders(200, 0);
		OutputStream body = exchange.getResponseBody();
		body.write('[');
		body.flush();
		while (!await(0.5)) {
			body.write(' ');
			body.flush();
		}
	}

	/** Waits until closed or the time is up; true if closed. */
	private boolean await(double seconds) {
		try {
			return this.closed.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.threads.shutdownNow();
	}

	/** What the upstream does to every request under its root. */
	enum Attack {

		/** A 16 MiB list of {@code {}}: millions of tiny items. */
		TINY_ITEMS,
		/** One item of 16 MiB with a field name for every few bytes. */
		MANY_FIELDS,
		/** Empty pages, each with a next link on the same origin. */
		ENDLESS_PAGES,
		/** A {@code Link} header of a megabyte. */
		MEGABYTE_LINK,
		/** Two {@code Link} headers of 40 KiB each. */
		LONG_LINKS,
		/** A next link to another origin (the same server under another name). */
		OTHER_ORIGIN,
		/** A next link with user information in it. */
		CREDENTIALS_IN_LINK,
		/** A megabyte in a field Vigil skips, 100 KiB in one it reads. */
		LONG_TEXT,
		/** A field nested a thousand lists deep. */
		DEEP_NESTING,
		/** A body that drips a byte every half second and never ends. */
		DRIP,
		/** A body that stops after its first byte. */
		STALL,
		/** CR and LF in names and in an error's detail. */
		LINE_BREAKS;

		String path() {
			return name().toLowerCase().replace('_', '-');
		}

	}

}
