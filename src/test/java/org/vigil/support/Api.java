package org.vigil.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for a running Vigil: what a script or an agent would do, nothing
 * mocked.
 */
public final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Api(int port) {
		this.base = "http://localhost:" + port;
	}

	public String base() {
		return this.base;
	}

	public Response get(String path, String token) {
		return send("GET", path, token, null, Map.of());
	}

	public Response head(String path, String token) {
		return send("HEAD", path, token, null, Map.of());
	}

	public Response post(String path, String token, Object body) {
		return send("POST", path, token, (body instanceof String text) ? text : JSON.writeValueAsString(body),
				Map.of());
	}

	public Response patch(String path, String token, Object body) {
		return send("PATCH", path, token, JSON.writeValueAsString(body), Map.of());
	}

	public Response delete(String path, String token) {
		return send("DELETE", path, token, null, Map.of());
	}

	/**
	 * Any request: {@code token} becomes {@code Authorization: Token <token>} unless
	 * null.
	 */
	public Response send(String method, String path, String token, String body, Map<String, String> headers) {
		return sendBody(method, path, token, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : null,
				headers);
	}

	/**
	 * Any request with a body from any publisher, e.g.
	 * {@code BodyPublishers.ofInputStream}, which has no known length and so is sent
	 * chunked. A non-null body is sent as JSON.
	 */
	public Response sendBody(String method, String path, String token, HttpRequest.BodyPublisher body,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(path.startsWith("http") ? path : this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? body : HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Token " + token);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		headers.forEach(request::setHeader);
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, Map<String, List<String>> headers, String body) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> String.join(", ", e.getValue()))
				.findFirst()
				.orElse(null);
		}

		/** The body as a JSON object. */
		@SuppressWarnings("unchecked")
		public Map<String, Object> json() {
			return JSON.readValue(this.body, Map.class);
		}

		/** The body as a JSON array of objects. */
		@SuppressWarnings("unchecked")
		public List<Map<String, Object>> list() {
			return JSON.readValue(this.body, List.class);
		}

		public String field(String name) {
			return String.valueOf(json().get(name));
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
