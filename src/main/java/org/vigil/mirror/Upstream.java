package org.vigil.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Reads the lists of one upstream Waldur (or Vigil) API: page after page, following the
 * {@code Link} rel {@code next} as long as it stays on the source's own origin (the token
 * goes nowhere else). Every request has a connect and a read time limit. A failure is an
 * {@link Failure} that says what the source's state becomes.
 */
final class Upstream {

	/** The largest page body read; Waldur's 300 items are far below it. */
	private static final int MAX_BODY = 16 * 1024 * 1024;

	private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RestClient client;

	private final URI root;

	private final String token;

	private int requests;

	Upstream(MirrorProperties properties, String root, String token) {
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(properties.readTimeout());
		this.client = RestClient.builder().requestFactory(factory).build();
		this.root = URI.create(root);
		this.token = token;
	}

	/** How many requests this reader sent. */
	int requests() {
		return this.requests;
	}

	/**
	 * Reads {@code path?query} page by page, handing each page's items to {@code onPage}
	 * until it returns false or there is no next page.
	 */
	void pages(String pathAndQuery, PageHandler onPage) {
		URI next = this.root.resolve(pathAndQuery);
		while (next != null) {
			Page page = get(next);
			if (!onPage.apply(page.items())) {
				return;
			}
			next = page.next();
		}
	}

	/** One object ({@code path} under the API root); empty if upstream says 404. */
	Optional<JsonNode> one(String path) {
		URI uri = this.root.resolve(path);
		this.requests++;
		try {
			return this.client.get()
				.uri(uri)
				.header(HttpHeaders.AUTHORIZATION, "Token " + this.token)
				.accept(MediaType.APPLICATION_JSON)
				.exchange((request, response) -> {
					int status = response.getStatusCode().value();
					byte[] body = read(response.getBody());
					if (status == 404) {
						return Optional.<JsonNode>empty();
					}
					check(uri, status, body);
					try {
						return Optional.of(JSON.readTree(body));
					}
					catch (JacksonException ex) {
						throw new Failure(SourceState.ERROR, "Malformed JSON from " + path(uri));
					}
				});
		}
		catch (ResourceAccessException ex) {
			throw new Failure(SourceState.UNREACHABLE, unreachable(ex) + " (" + path(uri) + ")");
		}
	}

	private static void check(URI uri, int status, byte[] body) {
		if (status == 401 || status == 403) {
			throw new Failure(SourceState.UNAUTHORIZED, "HTTP " + status + " from " + path(uri) + detail(body));
		}
		if (status != 200) {
			throw new Failure(SourceState.ERROR, "HTTP " + status + " from " + path(uri) + detail(body));
		}
	}

	private Page get(URI uri) {
		this.requests++;
		try {
			return this.client.get()
				.uri(uri)
				.header(HttpHeaders.AUTHORIZATION, "Token " + this.token)
				.accept(MediaType.APPLICATION_JSON)
				.exchange((request, response) -> {
					int status = response.getStatusCode().value();
					byte[] body = read(response.getBody());
					check(uri, status, body);
					return new Page(items(uri, body), next(response.getHeaders().getFirst(HttpHeaders.LINK)));
				});
		}
		catch (ResourceAccessException ex) {
			throw new Failure(SourceState.UNREACHABLE, unreachable(ex) + " (" + path(uri) + ")");
		}
	}

	private static byte[] read(InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(MAX_BODY + 1);
		if (bytes.length > MAX_BODY) {
			throw new Failure(SourceState.ERROR, "A page larger than " + MAX_BODY + " bytes");
		}
		return bytes;
	}

	private static List<JsonNode> items(URI uri, byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new Failure(SourceState.ERROR, "Malformed JSON from " + path(uri));
		}
		if (root == null || !root.isArray()) {
			throw new Failure(SourceState.ERROR, "Expected a JSON array from " + path(uri));
		}
		List<JsonNode> items = new ArrayList<>();
		root.forEach(items::add);
		return items;
	}

	/** The next page, only on the source's own scheme, host and port. */
	private URI next(String link) {
		if (link == null) {
			return null;
		}
		Matcher m = NEXT.matcher(link);
		if (!m.find()) {
			return null;
		}
		URI next;
		try {
			next = this.root.resolve(m.group(1));
		}
		catch (IllegalArgumentException ex) {
			throw new Failure(SourceState.ERROR, "A next link that is not a URL");
		}
		if (!sameOrigin(next)) {
			throw new Failure(SourceState.ERROR, "A next link to another origin: " + next.getHost());
		}
		return next;
	}

	private boolean sameOrigin(URI other) {
		return this.root.getScheme().equalsIgnoreCase(other.getScheme())
				&& this.root.getHost().equalsIgnoreCase(String.valueOf(other.getHost()))
				&& port(this.root) == port(other);
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/** Waldur's {@code {"detail": "..."}}, cut short. */
	private static String detail(byte[] body) {
		try {
			JsonNode node = JSON.readTree(body);
			if (node != null && node.has("detail") && node.get("detail").isString()) {
				String detail = node.get("detail").stringValue();
				return ": " + detail.substring(0, Math.min(detail.length(), 200));
			}
		}
		catch (JacksonException ex) {
			// Not JSON: the status says enough.
		}
		return "";
	}

	private static String unreachable(ResourceAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException) {
				return "Timed out";
			}
			if (cause instanceof ConnectException) {
				return "Connection refused";
			}
			if (cause instanceof UnknownHostException) {
				return "Unknown host";
			}
		}
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return "Connection failed: " + root.getClass().getSimpleName();
	}

	private static String path(URI uri) {
		return uri.getRawPath();
	}

	/** What one page held and where the next one is (null: the last page). */
	record Page(List<JsonNode> items, URI next) {
	}

	/** Takes a page's items; returns false to stop reading. */
	@FunctionalInterface
	interface PageHandler {

		boolean apply(List<JsonNode> items);

	}

	/**
	 * A pass that could not read the source, and the state the source is in because of
	 * it.
	 */
	static final class Failure extends RuntimeException {

		private final SourceState state;

		Failure(SourceState state, String message) {
			super(message, null, false, false);
			this.state = state;
		}

		SourceState state() {
			return this.state;
		}

	}

}
