package org.vigil.alerts.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.vigil.alerts.AlertProperties;
import org.vigil.web.Uuids;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of webhook and Slack deliveries: a JSON POST with Apache HttpClient, on
 * the thread that sends (the dispatcher's senders, or the request of the test action),
 * with bounded connect and read times, a deadline for the whole exchange, and no
 * redirects followed. Only a 2xx answer counts as delivered. Connections go only to
 * addresses the channel's policy allows: the client's resolver
 * ({@link GuardedDnsResolver}) resolves each host once and returns only allowed
 * addresses, and the client connects to one of those, with the URL's host name for
 * {@code Host}, SNI and certificate checks. A channel saved by staff has a client (and
 * connection pool) of its own, since it may reach hosts of
 * {@code VIGIL_NOTIFY_ALLOW_HOSTS} that a customer's channel may not.
 */
class GuardedHttpClient implements AutoCloseable {

	private static final int EXCERPT_BYTES = 2 * Outcome.ERROR_LENGTH;

	/**
	 * Connections beyond one per sender: the test action sends on request threads, next
	 * to the dispatcher.
	 */
	private static final int SPARE_CONNECTIONS = 8;

	private static final String BLOCKED_HINT = "; VIGIL_NOTIFY_ALLOW_HOSTS allows named destinations for channels "
			+ "saved by staff, VIGIL_NOTIFY_ALLOW_PRIVATE=true every private address for every channel";

	private final CloseableHttpClient customerClient;

	private final CloseableHttpClient staffClient;

	/** Aborts an exchange that outlives connect + read timeout (a dripping answer). */
	private final ScheduledExecutorService deadlines;

	private final long deadlineMillis;

	GuardedHttpClient(AlertProperties properties, NameLookup lookup) {
		this.customerClient = client(properties, Destinations.Policy.of(properties, false), lookup);
		this.staffClient = (properties.allowPrivate() || properties.allowHosts().isEmpty()) ? this.customerClient
				: client(properties, Destinations.Policy.of(properties, true), lookup);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "vigil-http-deadline");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		this.deadlines = timer;
		this.deadlineMillis = properties.connectTimeout().plus(properties.readTimeout()).toMillis();
	}

	private static CloseableHttpClient client(AlertProperties properties, Destinations.Policy policy,
			NameLookup lookup) {
		Timeout connect = Timeout.of(properties.connectTimeout());
		Timeout read = Timeout.of(properties.readTimeout());
		var connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setDnsResolver(new GuardedDnsResolver(lookup, policy))
			.setMaxConnPerRoute(properties.senders() + SPARE_CONNECTIONS)
			.setMaxConnTotal(2 * properties.senders() + SPARE_CONNECTIONS)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(connect)
				.setSocketTimeout(read)
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				// A name is checked again at least this often for a busy receiver.
				.setTimeToLive(TimeValue.ofMinutes(1))
				.build())
			.build();
		return HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(connect)
				.setResponseTimeout(read)
				.setRedirectsEnabled(false)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.build();
	}

	/** POSTs {@code body} as JSON to the channel's URL, with {@code headers}. */
	Outcome post(Recipient channel, Map<String, String> headers, byte[] body) {
		URI uri;
		try {
			uri = new URI(channel.url());
		}
		catch (URISyntaxException | NullPointerException ex) {
			return Outcome.failed("invalid URL", 0, "The channel's URL is not a valid URL.");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
			return Outcome.failed("invalid URL", 0, "The channel's URL is not an http or https URL with a host.");
		}
		HttpPost request = new HttpPost(withoutUserInfo(uri));
		if (uri.getRawUserInfo() != null) {
			// https://user:password@host/ means Basic authentication.
			request.setHeader("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(decode(uri.getRawUserInfo()).getBytes(StandardCharsets.UTF_8)));
		}
		headers.forEach(request::setHeader);
		request.setHeader("User-Agent", "Vigil");
		request.setHeader("Accept", "*/*");
		request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
		String where = uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		AtomicBoolean late = new AtomicBoolean();
		ScheduledFuture<?> deadline = this.deadlines.schedule(() -> {
			late.set(true);
			request.cancel();
		}, this.deadlineMillis, TimeUnit.MILLISECONDS);
		long start = System.nanoTime();
		ClassicHttpResponse response = null;
		try {
			response = (channel.savedByStaff() ? this.staffClient : this.customerClient).executeOpen(null, request,
					null);
			int status = response.getCode();
			int latency = millisSince(start);
			String excerpt = excerpt(response.getEntity(), request);
			if (status >= 200 && status < 300) {
				return new Outcome(true, "HTTP " + status, status, latency, null);
			}
			return new Outcome(false, "HTTP " + status, status, latency, excerpt);
		}
		catch (IOException ex) {
			return failure(ex, late.get(), where, millisSince(start));
		}
		catch (RuntimeException ex) {
			return Outcome.failed("network error", millisSince(start),
					"network error with " + where + " (" + ex.getClass().getSimpleName() + ")");
		}
		finally {
			deadline.cancel(false);
			if (response != null) {
				try {
					response.close();
				}
				catch (IOException ex) {
					// The answer is in; a connection that did not close well is not
					// reused.
				}
			}
		}
	}

	/**
	 * What went wrong on the network, in the words of {@link Outcome}, with the host (as
	 * the URL names it, never an address it resolved to) for staff.
	 */
	static Outcome failure(IOException ex, boolean late, String where, int latency) {
		if (late) {
			return Outcome.failed(Outcome.TIMEOUT, latency, "no complete answer from " + where + " in time");
		}
		if (ex instanceof GuardedDnsResolver.Blocked) {
			return Outcome.failed(Outcome.BLOCKED, latency, Destinations.BLOCKED + BLOCKED_HINT);
		}
		if (ex instanceof UnknownHostException) {
			return Outcome.failed(Outcome.UNRESOLVABLE, latency, where + " could not be resolved");
		}
		if (ex instanceof InterruptedIOException) {
			return Outcome.failed(Outcome.TIMEOUT, latency, "timed out connecting to or waiting for " + where);
		}
		if (ex instanceof ConnectException) {
			return Outcome.failed(Outcome.REFUSED, latency, "connection refused by " + where);
		}
		if (ex instanceof SSLException) {
			return Outcome.failed("TLS error", latency, "TLS error with " + where + ": " + ex.getMessage());
		}
		return Outcome.failed("network error", latency,
				"network error with " + where + " (" + ex.getClass().getSimpleName() + ")");
	}

	/**
	 * The start of an answer's body, for staff to read. An answer longer than that is not
	 * read to its end: its connection is dropped instead of reused.
	 */
	private static String excerpt(HttpEntity entity, HttpPost request) {
		if (entity == null) {
			return null;
		}
		byte[] bytes = new byte[0];
		InputStream body = null;
		try {
			body = entity.getContent();
			bytes = body.readNBytes(EXCERPT_BYTES);
			if (body.read() != -1) {
				request.cancel();
			}
		}
		catch (IOException ex) {
			request.cancel();
		}
		finally {
			closeQuietly(body);
		}
		return (bytes.length > 0) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	private static void closeQuietly(InputStream body) {
		if (body != null) {
			try {
				body.close();
			}
			catch (IOException ex) {
				// Its connection is discarded, not reused.
			}
		}
	}

	@Override
	public void close() {
		this.deadlines.shutdownNow();
		this.customerClient.close(CloseMode.IMMEDIATE);
		this.staffClient.close(CloseMode.IMMEDIATE);
	}

	private static int millisSince(long start) {
		return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
	}

	private static String decode(String userInfo) {
		return URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static URI withoutUserInfo(URI uri) {
		String authority = uri.getRawAuthority();
		return URI.create(uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
				+ uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
	}

}
