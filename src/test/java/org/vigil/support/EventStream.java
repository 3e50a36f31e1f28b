package org.vigil.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of the live stream (server-sent events), as EventSource reads it: events
 * arrive in {@link #next}, each with its {@code id}, {@code event} name and parsed
 * {@code data}.
 */
public final class EventStream implements AutoCloseable {

	public static final String PATH = "/api/marketplace-integration-status-events/stream/";

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final HttpResponse<InputStream> response;

	private final Thread reader;

	private volatile String lastId;

	private EventStream(HttpResponse<InputStream> response) {
		this.response = response;
		this.reader = new Thread(this::read, "test-event-stream");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/** Opens the stream; the answer's status and headers are there at once. */
	public static EventStream open(String base, String token, String lastEventId) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + PATH))
			.header("Accept", "text/event-stream");
		if (token != null) {
			request.header("Authorization", "Token " + token);
		}
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return new EventStream(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
	}

	public int status() {
		return this.response.statusCode();
	}

	public String header(String name) {
		return this.response.headers().firstValue(name).orElse(null);
	}

	/** The next event with data, or null when none comes within the time. */
	public Event next(Duration within) throws InterruptedException {
		return this.events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Every event up to and including the first that matches: with a marker event written
	 * last, exactly what the stream sent before it, without waiting to see that nothing
	 * more comes.
	 */
	public List<Event> until(Predicate<Event> last, Duration within) throws InterruptedException {
		long end = System.nanoTime() + within.toNanos();
		List<Event> all = new ArrayList<>();
		while (all.isEmpty() || !last.test(all.get(all.size() - 1))) {
			Event event = this.events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (event == null) {
				throw new AssertionError("no matching event within " + within + "; got " + all);
			}
			all.add(event);
		}
		return all;
	}

	/** Whether the server ends the stream within the time. */
	public boolean ended(Duration within) throws InterruptedException {
		this.reader.join(within.toMillis());
		return !this.reader.isAlive();
	}

	/** The last id the stream set, as EventSource keeps it for Last-Event-ID. */
	public String lastId() {
		return this.lastId;
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			String name = null;
			StringBuilder data = new StringBuilder();
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						String text = data.substring(0, data.length() - 1);
						Map<String, Object> parsed = text.startsWith("{") ? Api.JSON.readValue(text, Map.class) : null;
						this.events.add(new Event(this.lastId, (name != null) ? name : "message", parsed, text));
					}
					name = null;
					data.setLength(0);
				}
				else if (line.startsWith("id:")) {
					this.lastId = line.substring(3).strip();
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).strip()).append('\n');
				}
			}
		}
		catch (Exception ex) {
			// Closed.
		}
	}

	@Override
	public void close() {
		try {
			this.response.body().close();
		}
		catch (Exception ex) {
			// Closed already.
		}
		this.reader.interrupt();
	}

	public record Event(String id, String name, Map<String, Object> data, String text) {

		public String field(String key) {
			return (String) this.data.get(key);
		}

	}

}
