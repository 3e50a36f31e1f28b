package org.vigil.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.vigil.web.Uuids;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Webhook and Slack deliveries: a JSON POST with Spring's RestClient on the JDK
 * HttpClient, with bounded connect and read times and no redirects followed. Only a 2xx
 * answer counts as delivered. The destination is checked again before each send, since a
 * name may resolve elsewhere by now. A webhook is signed (SPEC 12):
 * {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}.
 */
class HttpSender {

	private static final int EXCERPT_BYTES = 2 * Outcome.ERROR_LENGTH;

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final RestClient http;

	private final JsonMapper json;

	private final AlertProperties properties;

	private final Clock clock;

	HttpSender(JsonMapper json, AlertProperties properties, Clock clock) {
		// Without an executor of the client's own, Spring writes each request body on a
		// new
		// thread (SimpleAsyncTaskExecutor): a thread started and ended per message.
		ExecutorService threads = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "vigil-http-" + THREADS.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.executor(threads)
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client, threads);
		requests.setReadTimeout(properties.readTimeout());
		this.http = RestClient.builder().requestFactory(requests).build();
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	Outcome webhook(Message message) {
		byte[] body = this.json.writeValueAsBytes(WebhookBody.of(message));
		HttpHeaders headers = new HttpHeaders();
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		headers.set("X-Vigil-Delivery", Uuids.hex(message.delivery()));
		headers.set("X-Vigil-Timestamp", timestamp);
		String secret = message.channel().secret();
		if (secret != null && !secret.isEmpty()) {
			headers.set("X-Vigil-Signature", "sha256=" + sign(secret, timestamp, body));
		}
		return post(message.channel(), headers, body);
	}

	Outcome slack(Message message) {
		byte[] body = this.json.writeValueAsBytes(new SlackBody(Texts.slack(message)));
		return post(message.channel(), new HttpHeaders(), body);
	}

	/** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"} with the channel's secret. */
	static String sign(String secret, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private Outcome post(Recipient channel, HttpHeaders headers, byte[] body) {
		URI uri;
		try {
			uri = new URI(channel.url());
		}
		catch (URISyntaxException | NullPointerException ex) {
			return Outcome.failed("invalid URL", 0, "The channel's URL is not a valid URL.");
		}
		String refused = Destinations.refuse(uri, this.properties.allowPrivate() || channel.savedByStaff());
		if (refused != null) {
			return Outcome.failed("destination refused", 0, refused);
		}
		if (uri.getRawUserInfo() != null) {
			// https://user:password@host/ means Basic authentication; the JDK client
			// would
			// drop it.
			headers.set(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
				.encodeToString(decode(uri.getRawUserInfo()).getBytes(StandardCharsets.UTF_8)));
			uri = withoutUserInfo(uri);
		}
		String where = uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		long start = System.nanoTime();
		try {
			return this.http.post()
				.uri(uri)
				.headers((h) -> h.addAll(headers))
				.header(HttpHeaders.USER_AGENT, "Vigil")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.ALL)
				.body(body)
				.exchange((request, response) -> {
					int status = response.getStatusCode().value();
					int latency = millisSince(start);
					if (status >= 200 && status < 300) {
						return new Outcome(true, "HTTP " + status, status, latency, null);
					}
					return new Outcome(false, "HTTP " + status, status, latency, excerpt(response.getBody()));
				});
		}
		catch (ResourceAccessException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String what = describe(cause);
			String detail = (cause.getMessage() != null) ? ": " + cause.getMessage() : "";
			return Outcome.failed(what, millisSince(start), what + " (" + where + ")" + detail);
		}
		catch (RuntimeException ex) {
			return Outcome.failed("error", millisSince(start), ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	/** What went wrong on the network, in the words an operator would use. */
	static String describe(Throwable cause) {
		if (cause instanceof HttpConnectTimeoutException) {
			return "connect timed out";
		}
		if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
			return "timed out";
		}
		if (cause instanceof ConnectException) {
			return "connection refused";
		}
		if (cause instanceof UnknownHostException) {
			return "unknown host";
		}
		if (cause instanceof SSLException) {
			return "TLS error";
		}
		return "network error";
	}

	private static String excerpt(InputStream body) {
		try (body) {
			byte[] bytes = body.readNBytes(EXCERPT_BYTES);
			return (bytes.length > 0) ? new String(bytes, StandardCharsets.UTF_8) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static int millisSince(long start) {
		return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
	}

	private static String decode(String userInfo) {
		return URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static URI withoutUserInfo(URI uri) {
		return URI.create(uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "")
				+ uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
	}

	/** SPEC 12, "Webhook body". */
	@JsonPropertyOrder({ "delivery", "customer", "events", "text", "source_event" })
	record WebhookBody(UUID delivery, CustomerRef customer, List<Event> events, String text,
			@JsonInclude(JsonInclude.Include.NON_NULL) SourceEvent sourceEvent) {

		static WebhookBody of(Message message) {
			return new WebhookBody(message.delivery(),
					(message.customerUuid() != null) ? new CustomerRef(message.customerUuid(), message.customerName())
							: null,
					message.items().stream().map(Event::of).toList(), Texts.summary(message),
					(message.source() != null) ? SourceEvent.of(message.source()) : null);
		}

	}

	/**
	 * A mirror source's change of health (SPEC 13), in webhooks about a source and in
	 * their deliveries in the API.
	 */
	@JsonPropertyOrder({ "uuid", "source_uuid", "source_name", "source_url", "from_state", "to_state", "error",
			"created" })
	record SourceEvent(UUID uuid, UUID sourceUuid, String sourceName, String sourceUrl, String fromState,
			String toState, String error, Instant created) {

		static SourceEvent of(SourceNews s) {
			return new SourceEvent(s.eventUuid(), s.sourceUuid(), s.sourceName(), s.sourceUrl(), s.fromState(),
					s.toState(), s.error(), s.created());
		}

	}

	@JsonPropertyOrder({ "uuid", "name" })
	record CustomerRef(UUID uuid, String name) {
	}

	@JsonPropertyOrder({ "uuid", "offering_uuid", "offering_name", "agent_type", "from_status", "to_status", "reason",
			"created" })
	record Event(UUID uuid, UUID offeringUuid, String offeringName, String agentType, String fromStatus,
			String toStatus, String reason, Instant created) {

		static Event of(Item item) {
			return new Event(item.eventUuid(), item.offeringUuid(), item.offeringName(), item.agentType(),
					item.fromStatus(), item.toStatus(), item.reason(), item.created());
		}

	}

	record SlackBody(String text) {
	}

}
