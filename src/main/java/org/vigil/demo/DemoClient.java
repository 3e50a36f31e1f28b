package org.vigil.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo talks to its own server over HTTP, as an operator's script and a site agent
 * would: seeding goes through the administration API and check-ins through the check-in
 * endpoint.
 */
final class DemoClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	DemoClient(String base) {
		this.base = base;
	}

	JsonNode get(String path, String token) {
		return send("GET", path, token, null, null);
	}

	JsonNode post(String path, String token, Object body) {
		return send("POST", path, token, body, null);
	}

	JsonNode patch(String path, String token, Object body) {
		return send("PATCH", path, token, body, null);
	}

	/**
	 * The one item of a list filtered by {@code field=value} whose field is exactly
	 * {@code value}.
	 */
	Optional<JsonNode> findBy(String path, String field, String value, String token) {
		JsonNode list = get(path + "?" + field + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8), token);
		for (JsonNode item : list) {
			if (value.equals(item.path(field).asString())) {
				return Optional.of(item);
			}
		}
		return Optional.empty();
	}

	/**
	 * A check-in as a site agent sends it; returns the HTTP status (0 when the server
	 * cannot be reached).
	 */
	int checkIn(String token, Object body, String userAgent) {
		try {
			return exchange("POST", "/api/marketplace-integration-statuses/check_in/", token, body, userAgent)
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private JsonNode send(String method, String path, String token, Object body, String userAgent) {
		HttpResponse<String> response;
		try {
			response = exchange(method, path, token, body, userAgent);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Demo: " + method + " " + path + " failed: " + ex.getMessage(), ex);
		}
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(
					"Demo: " + method + " " + path + " answered " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> exchange(String method, String path, String token, Object body, String userAgent)
			throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(15))
			.header("Authorization", "Token " + token)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (userAgent != null) {
			request.header("User-Agent", userAgent);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

}
