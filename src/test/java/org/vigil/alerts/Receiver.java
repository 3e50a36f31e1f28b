package org.vigil.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.vigil.support.Await;

/**
 * A webhook receiver on the loopback address, as an integrator would run one: it keeps
 * every request and answers as told, {@link Mode#OK 200}, {@link Mode#FAIL 500}, or
 * {@link Mode#HANG never}; {@link #stop()} makes it refuse connections until
 * {@link #start()} listens on the same port again. It counts the 2xx answers per
 * {@code X-Vigil-Delivery}: what a receiver that deduplicates would act on.
 */
public final class Receiver implements AutoCloseable {

	public enum Mode {

		OK, FAIL, HANG

	}

	public record Request(Map<String, List<String>> headers, byte[] body, Mode answered) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

	private volatile Mode mode = Mode.OK;

	private volatile long hangMillis = 5_000;

	private int port;

	private HttpServer server;

	public Receiver() {
		start();
	}

	public void start() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 50);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = this.server.getAddress().getPort();
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "receiver");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.start();
	}

	/**
	 * Closes the listening socket: connections are refused. JDK 17's HttpServer.stop
	 * closes it at once but then waits for its dispatcher for seconds, so that wait
	 * happens in the background.
	 */
	public void stop() {
		HttpServer stopping = this.server;
		Thread stopper = new Thread(() -> stopping.stop(0), "receiver-stop");
		stopper.setDaemon(true);
		stopper.start();
		Await.atMost(Duration.ofSeconds(5)).alias("the receiver refuses connections").until(this::refuses);
	}

	private boolean refuses() {
		try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			return false;
		}
		catch (IOException refused) {
			return true;
		}
	}

	public void answer(Mode mode) {
		this.mode = mode;
	}

	public void hangFor(long millis) {
		this.hangMillis = millis;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port + "/hook";
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** 2xx answers per delivery id. */
	public Map<String, Integer> accepted() {
		Map<String, Integer> counts = new ConcurrentHashMap<>();
		this.accepted.forEach((delivery, count) -> counts.put(delivery, count.get()));
		return counts;
	}

	private void handle(HttpExchange exchange) throws IOException {
		Mode mode = this.mode;
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		this.requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body, mode));
		if (mode == Mode.HANG) {
			try {
				// Real time: a receiver slower than the dispatcher's read timeout.
				Thread.sleep(this.hangMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
			return;
		}
		int status = (mode == Mode.OK) ? 200 : 500;
		byte[] answer = ((mode == Mode.OK) ? "ok" : "Internal trouble: " + "x".repeat(2000))
			.getBytes(StandardCharsets.UTF_8);
		if (mode == Mode.OK) {
			// Counted before answering, so it is counted by the time the sender has its
			// answer.
			String delivery = exchange.getRequestHeaders().getFirst("X-Vigil-Delivery");
			this.accepted.computeIfAbsent(String.valueOf(delivery), (key) -> new AtomicInteger()).incrementAndGet();
		}
		exchange.sendResponseHeaders(status, answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	@Override
	public void close() {
		stop();
	}

}
