package org.vigil.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.vigil.system.LogText;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the lists of one upstream Waldur (or Vigil) API for one poll: page after page,
 * following the {@code Link} rel {@code next} as long as it stays on the source's own
 * origin (the token goes nowhere else). Whatever the upstream answers, a poll costs
 * bounded memory and time: each body is parsed as a stream, item by item, keeping only
 * the fields Vigil reads; a page holds at most {@code max-page-items} items, a poll reads
 * at most {@code max-pages} pages and ends when its {@code poll-budget} is spent, even in
 * the middle of a body that arrives a byte at a time; response headers are limited in
 * number and length. A failure is a {@link Failure} that says what the source's state
 * becomes. Close it when the poll ends.
 */
final class Upstream implements AutoCloseable {

	/** The longest {@code Link} header, and the longest header line, read. */
	static final int MAX_LINK = 64 * 1024;

	private static final int MAX_HEADERS = 100;

	/** The longest text of a field Vigil reads; longer makes the answer malformed. */
	private static final int MAX_TEXT = 64 * 1024;

	/** What is kept of such a text (names are stored shorter still). */
	private static final int KEPT_TEXT = 500;

	private static final int MAX_NESTING = 100;

	/** What is read of an error answer to find Waldur's {@code detail}. */
	private static final int MAX_ERROR_BODY = 8 * 1024;

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(MAX_TEXT)
			.maxNameLength(MAX_TEXT)
			.maxNestingDepth(MAX_NESTING)
			.build())
		// Names are not kept in a table that a page of many distinct names would grow.
		.disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
		.disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
		.build();

	private final CloseableHttpClient client;

	private final URI root;

	private final String token;

	private final int maxPageItems;

	private final int maxPages;

	private final Duration budget;

	private final long deadline;

	private final CompletableFuture<Void> watchdog;

	private volatile HttpGet current;

	private volatile boolean stopped;

	private int requests;

	private int pages;

	Upstream(MirrorProperties properties, String root, String token) {
		this.client = client(properties);
		this.root = URI.create(root);
		this.token = token;
		this.maxPageItems = properties.maxPageItems();
		this.maxPages = properties.maxPages();
		this.budget = properties.pollBudget();
		this.deadline = System.nanoTime() + this.budget.toNanos();
		this.watchdog = CompletableFuture.runAsync(this::stop,
				CompletableFuture.delayedExecutor(this.budget.toNanos(), TimeUnit.NANOSECONDS));
	}

	private static CloseableHttpClient client(MirrorProperties properties) {
		Http1Config limits = Http1Config.custom()
			.setMaxLineLength(MAX_LINK + 1024)
			.setMaxHeaderCount(MAX_HEADERS)
			.build();
		ConnectionConfig connections = ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(properties.connectTimeout()))
			.setSocketTimeout(Timeout.of(properties.readTimeout()))
			.build();
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(limits).build())
				.setDefaultConnectionConfig(connections)
				.setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setResponseTimeout(Timeout.of(properties.readTimeout()))
				.setRedirectsEnabled(false)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			// A compressed body could unpack to far more than was sent.
			.disableContentCompression()
			.setUserAgent("Vigil")
			.build();
	}

	/** How many requests this reader sent. */
	int requests() {
		return this.requests;
	}

	/**
	 * Reads {@code path?query} page by page, handing each page's items (their
	 * {@code fields} only) to {@code onPage} until it returns false or there is no next
	 * page.
	 */
	void pages(String pathAndQuery, Set<String> fields, PageHandler onPage) {
		read(pathAndQuery, fields, onPage, false);
	}

	/**
	 * As {@link #pages}, for a list the upstream may not serve: false, and nothing read,
	 * if its first page is answered 404 (a Waldur without it, or a Vigil) or 403 (a token
	 * that may not read it).
	 */
	boolean pagesIfServed(String pathAndQuery, Set<String> fields, PageHandler onPage) {
		return read(pathAndQuery, fields, onPage, true);
	}

	private boolean read(String pathAndQuery, Set<String> fields, PageHandler onPage, boolean mayBeAbsent) {
		URI next = this.root.resolve(pathAndQuery);
		boolean first = true;
		while (next != null) {
			if (++this.pages > this.maxPages) {
				throw cutOff("more than max-pages (" + this.maxPages + ") pages in one poll");
			}
			URI uri = next;
			boolean absentIfRefused = mayBeAbsent && first;
			Page page = exchange(uri, (response, body) -> {
				if (absentIfRefused && (response.getCode() == 404 || response.getCode() == 403)) {
					return null;
				}
				check(uri, response, body);
				URI after = next(uri, response);
				return new Page(list(uri, body, fields), after);
			});
			if (page == null) {
				return false;
			}
			first = false;
			if (!onPage.apply(page.items())) {
				return true;
			}
			next = page.next();
		}
		return true;
	}

	/**
	 * One object ({@code path} under the API root, its {@code fields} only); empty if
	 * upstream says 404.
	 */
	Optional<Item> one(String path, Set<String> fields) {
		URI uri = this.root.resolve(path);
		return exchange(uri, (response, body) -> {
			if (response.getCode() == 404) {
				return Optional.empty();
			}
			check(uri, response, body);
			try (JsonParser parser = JSON.createParser(body)) {
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					throw malformed("not a JSON object from " + path(uri));
				}
				Item item = item(parser, fields);
				end(parser, uri);
				return Optional.of(item);
			}
		});
	}

	/**
	 * Ends the poll at once: the request under way is aborted and no other is sent. The
	 * budget's watchdog calls it, and so does a shutdown.
	 */
	void stop() {
		this.stopped = true;
		HttpGet request = this.current;
		if (request != null) {
			request.cancel();
		}
	}

	@Override
	public void close() {
		this.watchdog.cancel(false);
		this.client.close(CloseMode.IMMEDIATE);
	}

	/**
	 * Sends a GET and hands the answer to {@code reader}. A body read to its end leaves
	 * the connection for the next page; any other is aborted, never drained.
	 */
	private <T> T exchange(URI uri, BodyReader<T> reader) {
		if (spent()) {
			throw overBudget(uri);
		}
		this.requests++;
		HttpGet request = new HttpGet(uri);
		request.setHeader(HttpHeaders.AUTHORIZATION, "Token " + this.token);
		request.setHeader(HttpHeaders.ACCEPT, "application/json");
		this.current = request;
		if (this.stopped) {
			request.cancel();
		}
		ClassicHttpResponse response = null;
		Budgeted body = null;
		boolean finished = false;
		try {
			response = this.client.executeOpen(null, request, null);
			HttpEntity entity = response.getEntity();
			body = new Budgeted((entity != null) ? entity.getContent() : InputStream.nullInputStream());
			T result = reader.read(response, body);
			finished = body.ended;
			return result;
		}
		catch (IOException | JacksonIOException ex) {
			if (spent()) {
				throw overBudget(uri);
			}
			throw failure(ex, uri);
		}
		catch (StreamConstraintsException ex) {
			throw malformed(constraint(ex) + " from " + path(uri));
		}
		catch (JacksonException ex) {
			throw malformed("malformed JSON from " + path(uri));
		}
		finally {
			this.current = null;
			if (!finished) {
				request.cancel();
			}
			if (response != null) {
				try {
					response.close();
				}
				catch (IOException ex) {
					// Aborted or done: nothing more to read from it.
				}
			}
		}
	}

	private boolean spent() {
		return this.stopped || System.nanoTime() - this.deadline >= 0;
	}

	private static void check(URI uri, ClassicHttpResponse response, InputStream body) throws IOException {
		int status = response.getCode();
		if (status == 401 || status == 403) {
			throw new Failure(SourceState.UNAUTHORIZED, "HTTP " + status + " from " + path(uri) + detail(body));
		}
		if (status != 200) {
			throw new Failure(SourceState.ERROR, "HTTP " + status + " from " + path(uri) + detail(body));
		}
	}

	/** The items of a JSON list, each read on its own as it arrives. */
	private List<Item> list(URI uri, InputStream body, Set<String> fields) {
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				throw malformed("not a JSON list from " + path(uri));
			}
			List<Item> items = new ArrayList<>();
			for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
				if (items.size() == this.maxPageItems) {
					throw cutOff("a page over max-page-items (" + this.maxPageItems + ") from " + path(uri));
				}
				if (token != JsonToken.START_OBJECT) {
					throw malformed("an item that is not a JSON object from " + path(uri));
				}
				items.add(item(parser, fields));
			}
			end(parser, uri);
			return items;
		}
	}

	/**
	 * The object the parser is at the start of: the scalar values of {@code fields} as
	 * text, cut short; everything else skipped unread.
	 */
	private static Item item(JsonParser parser, Set<String> fields) {
		Map<String, String> found = new HashMap<>();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken value = parser.nextToken();
			if (value.isScalarValue() && value != JsonToken.VALUE_NULL && fields.contains(name)) {
				String text = parser.getString();
				found.put(name, (text.length() > KEPT_TEXT) ? text.substring(0, KEPT_TEXT) : text);
			}
			else {
				parser.skipChildren();
			}
		}
		return new Item(found);
	}

	/** Nothing but white space after the value, read to the end of the body. */
	private static void end(JsonParser parser, URI uri) {
		if (parser.nextToken() != null) {
			throw malformed("more than one JSON value from " + path(uri));
		}
	}

	/** The next page, only on the source's own scheme, host and port. */
	private URI next(URI uri, ClassicHttpResponse response) {
		Header[] links = response.getHeaders(HttpHeaders.LINK);
		if (links.length == 0) {
			return null;
		}
		long length = 0;
		for (Header link : links) {
			length += link.getValue().length() + 2;
		}
		if (length > MAX_LINK) {
			throw cutOff("a Link header over 64 KiB from " + path(uri));
		}
		List<String> values = new ArrayList<>();
		for (Header link : links) {
			values.add(link.getValue());
		}
		Optional<String> target = NextLink.in(String.join(", ", values));
		if (target.isEmpty()) {
			return null;
		}
		URI next;
		try {
			next = uri.resolve(target.get());
		}
		catch (IllegalArgumentException ex) {
			throw malformed("a next link that is not a URL");
		}
		if (!Origins.same(this.root, next)) {
			throw new Failure(SourceState.ERROR, "A next link to another origin: " + next.getHost());
		}
		if (next.getRawUserInfo() != null) {
			throw malformed("a next link with credentials");
		}
		return next;
	}

	/**
	 * Waldur's {@code {"detail": "..."}} from the start of an error answer, cut short.
	 */
	private static String detail(InputStream body) throws IOException {
		byte[] start = body.readNBytes(MAX_ERROR_BODY);
		try (JsonParser parser = JSON.createParser(start)) {
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				for (String name = parser.nextName(); name != null; name = parser.nextName()) {
					if (parser.nextToken() == JsonToken.VALUE_STRING && name.equals("detail")) {
						String detail = parser.getString();
						return ": " + detail.substring(0, Math.min(detail.length(), 200));
					}
					parser.skipChildren();
				}
			}
		}
		catch (JacksonException ex) {
			// Not JSON, or cut short: the status says enough.
		}
		return "";
	}

	private Failure failure(Exception ex, URI uri) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MessageConstraintException) {
				return cutOff(String.valueOf(cause.getMessage()).toLowerCase().contains("count")
						? "more than " + MAX_HEADERS + " headers from " + path(uri)
						: "a header line over 64 KiB from " + path(uri));
			}
			if (cause instanceof ProtocolException) {
				return malformed("not HTTP from " + path(uri));
			}
			if (cause instanceof SocketTimeoutException || cause instanceof ConnectTimeoutException) {
				return unreachable("Timed out", uri);
			}
			if (cause instanceof ConnectException) {
				return unreachable("Connection refused", uri);
			}
			if (cause instanceof UnknownHostException) {
				return unreachable("Unknown host", uri);
			}
		}
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return unreachable("Connection failed: " + root.getClass().getSimpleName(), uri);
	}

	private static Failure unreachable(String what, URI uri) {
		return new Failure(SourceState.UNREACHABLE, what + " (" + path(uri) + ")");
	}

	private Failure overBudget(URI uri) {
		return cutOff("the poll budget " + this.budget + " ran out while reading " + path(uri));
	}

	private static String constraint(StreamConstraintsException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		if (message.startsWith("Document nesting depth")) {
			return "JSON nested deeper than " + MAX_NESTING;
		}
		if (message.startsWith("Number value length")) {
			return "a number too long";
		}
		return "a text over 64 KiB";
	}

	private static Failure cutOff(String limit) {
		return new Failure(SourceState.ERROR, "Cut off by a limit: " + limit);
	}

	private static Failure malformed(String what) {
		return new Failure(SourceState.ERROR, "Unexpected answer: " + what);
	}

	private static String path(URI uri) {
		return uri.getRawPath();
	}

	/**
	 * A body that ends the read once the poll's budget is spent, checked as bytes arrive
	 * (each read is also bounded by the read timeout, and the watchdog aborts a read that
	 * waits past the budget), and that knows whether it was read to its end.
	 */
	private final class Budgeted extends InputStream {

		private final InputStream in;

		private boolean ended;

		Budgeted(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (spent()) {
				throw new InterruptedIOException("The poll budget is spent");
			}
			int n = this.in.read(buffer, offset, length);
			if (n < 0) {
				this.ended = true;
			}
			return n;
		}

	}

	/** An upstream item: the text of the fields Vigil reads that it has. */
	record Item(Map<String, String> fields) {

		/** The field's text; null if absent, null or not text, a number or a boolean. */
		String text(String field) {
			return this.fields.get(field);
		}

	}

	/** What one page held and where the next one is (null: the last page). */
	record Page(List<Item> items, URI next) {
	}

	/** Takes a page's items; returns false to stop reading. */
	@FunctionalInterface
	interface PageHandler {

		boolean apply(List<Item> items);

	}

	@FunctionalInterface
	private interface BodyReader<T> {

		T read(ClassicHttpResponse response, InputStream body) throws IOException;

	}

	/**
	 * A pass that could not read the source, and the state the source is in because of
	 * it. Its message may hold text from the upstream, so it is kept escaped (one line,
	 * cut short): it is logged, stored as the source's last error and sent in alerts.
	 */
	static final class Failure extends RuntimeException {

		private final SourceState state;

		Failure(SourceState state, String message) {
			super(LogText.escape(message, 500), null, false, false);
			this.state = state;
		}

		SourceState state() {
			return this.state;
		}

	}

}
