package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input, found by generation: about 1,350 malformed requests across every
 * endpoint (lists, retrieves, check-in, administration, users/me, tokens, roles, history,
 * actuator, the dashboard's files), with malformed queries, odd methods, paths, content
 * types, headers and bodies, sent byte for byte. None gets a 5xx other than 503, every
 * error is JSON, and the server works normally afterwards.
 */
@OneStore
class HostileInputTest extends ApiTest {

	private static final String STATUSES = "/api/marketplace-integration-statuses/";

	private static final String CHECK_IN = STATUSES + "check_in/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Keeps the bad keys sent here from counting against the address other tests use. */
	private static final String CLIENT = "192.0.2.44";

	/** A request as sent: anything may be odd in it. */
	record Attempt(String what, String method, String target, Map<String, String> headers, byte[] body) {

		Attempt with(String what, UnaryOperator<Attempt> change) {
			Attempt changed = change.apply(this);
			return new Attempt(what + " on " + this.method + " " + shorten(this.target), changed.method, changed.target,
					changed.headers, changed.body);
		}

		Attempt target(String target) {
			return new Attempt(this.what, this.method, target, this.headers, this.body);
		}

		Attempt method(String method) {
			return new Attempt(this.what, method, this.target, this.headers, this.body);
		}

		Attempt header(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Attempt(this.what, this.method, this.target, headers, this.body);
		}

		Attempt body(byte[] body) {
			return new Attempt(this.what, this.method, this.target, this.headers, body);
		}

		Attempt query(String query) {
			return target(this.target + (this.target.contains("?") ? "&" : "?") + query);
		}

	}

	@Test
	void noMalformedRequestGetsA5xxOrAnAnswerThatIsNotJson() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		String user = this.fixtures.user("target");
		String token = this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of("label", "doomed")).field("uuid");
		String checkIn = "{\"offering_uuid\": \"" + offering + "\", \"agent_type\": \"Order processing\"}";
		String status = this.api.post(CHECK_IN, ADMIN, checkIn).field("uuid");

		List<Attempt> endpoints = List.of(get(STATUSES), head(STATUSES), get(STATUSES + status + "/"),
				post(CHECK_IN, checkIn), get("/api/marketplace-integration-status-events/"),
				head("/api/marketplace-integration-status-events/"), get("/api/customers/"),
				get("/api/customers/" + customer + "/"), post("/api/customers/", "{\"name\": \"Hostile\"}"),
				post("/api/customers/" + customer + "/add_user/", role(user, "CUSTOMER.OWNER")),
				post("/api/customers/" + customer + "/delete_user/", role(user, "CUSTOMER.OWNER")),
				get("/api/marketplace-provider-offerings/"),
				get("/api/marketplace-provider-offerings/" + offering + "/"),
				post("/api/marketplace-provider-offerings/",
						"{\"name\": \"Hostile\", \"customer\": \"" + customer + "\"}"),
				post("/api/marketplace-provider-offerings/" + offering + "/add_user/", role(user, "OFFERING.MANAGER")),
				post("/api/marketplace-provider-offerings/" + offering + "/delete_user/",
						role(user, "OFFERING.MANAGER")),
				get("/api/users/"), get("/api/users/me/"), get("/api/users/" + user + "/"),
				post("/api/users/", "{\"username\": \"hostile\", \"is_staff\": false}"),
				send("PATCH", "/api/users/" + user + "/", "{\"is_support\": false}"),
				get("/api/users/" + user + "/tokens/"),
				post("/api/users/" + user + "/tokens/", "{\"label\": \"x\", \"expires_at\": \"2099-01-01T00:00:00Z\"}"),
				send("DELETE", "/api/users/" + user + "/tokens/" + token + "/", null), get("/actuator/prometheus"),
				get("/actuator"), get("/actuator/info"), get("/actuator/health"), get("/actuator/health/readiness"),
				get("/api/audit-events/?object_type=user&created_after=2026-01-01"), get("/"), get("/assets/app.js"),
				get("/error"), get("/api/schema/"));

		// Every endpoint gets some of each kind of oddity and every oddity reaches a
		// third of the
		// endpoints or more: the full product would take minutes on a busy machine.
		List<Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < endpoints.size(); i++) {
			Attempt endpoint = endpoints.get(i);
			int e = i;
			int[] n = { 0 };
			queries().forEach((what, query) -> {
				if (n[0] < 3 || (n[0] + e) % 3 == 0) {
					attempts.add(endpoint.with("query " + what, (a) -> a.query(query)));
				}
				n[0]++;
			});
			List<String> methods = List.of("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO", "get", "CONNECT");
			for (int m = 0; m < methods.size(); m++) {
				String method = methods.get(m);
				if ((m + e) % 3 == 0) {
					attempts.add(endpoint.with("method " + method, (a) -> a.method(method)));
				}
			}
			n[0] = 0;
			paths(endpoint.target()).forEach((what, path) -> {
				if ((n[0]++ + e) % 3 == 0) {
					attempts.add(endpoint.with("path " + what, (a) -> a.target(path)));
				}
			});
			n[0] = 0;
			headers().forEach((what, change) -> {
				if ((n[0]++ + e) % 4 == 0) {
					attempts.add(endpoint.with("header " + what, change));
				}
			});
			if (endpoint.body() != null) {
				bodies(new String(endpoint.body(), StandardCharsets.UTF_8), endpoint.target().equals(CHECK_IN))
					.forEach((what, body) -> attempts.add(endpoint.with("body " + what, (a) -> a.body(body))));
			}
		}

		List<String> failures = new ArrayList<>();
		for (Attempt attempt : attempts) {
			check(attempt, failures);
		}
		for (byte[] request : whollyRaw()) {
			check(request, failures);
		}
		assertThat(attempts.size()).as("requests generated").isGreaterThan(800);
		assertThat(failures).as(failures.size() + " of " + attempts.size() + " answers").isEmpty();

		// Still healthy: a list, a check-in and the readiness probe work as usual.
		Response list = this.api.get(STATUSES, ADMIN);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.list()).extracting((item) -> item.get("uuid")).contains(status);
		assertThat(this.api.post(CHECK_IN, ADMIN, checkIn).json()).containsEntry("uuid", status)
			.containsEntry("status", "Active");
		assertThat(this.api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
	}

	private void check(Attempt attempt, List<String> failures) {
		Response response;
		try {
			response = this.raw.send(attempt.method(), attempt.target(), attempt.headers(), attempt.body());
		}
		catch (UncheckedIOException ex) {
			failures.add(attempt.what() + ": no answer (" + ex.getCause().getMessage() + ")");
			return;
		}
		judge(attempt.what(), attempt.method().equals("HEAD"), response, failures);
	}

	private void check(byte[] request, List<String> failures) {
		String what = "raw " + shorten(new String(request, StandardCharsets.ISO_8859_1));
		try {
			judge(what, false, this.raw.send(request, false), failures);
		}
		catch (UncheckedIOException ex) {
			failures.add(what + ": no answer (" + ex.getCause().getMessage() + ")");
		}
	}

	private static void judge(String what, boolean head, Response response, List<String> failures) {
		int status = response.status();
		if (status >= 500 && status != 503) {
			failures.add(what + ": " + response);
			return;
		}
		if (status == 503 && response.header("Retry-After") == null) {
			failures.add(what + ": 503 without Retry-After");
		}
		String type = response.header("Content-Type");
		boolean json = type != null && type.startsWith("application/json");
		if (status >= 400 && !head) {
			if (!json) {
				failures.add(what + ": " + status + " as " + type + ": " + shorten(response.body()));
				return;
			}
			try {
				Map<String, Object> body = response.json();
				if (body.isEmpty()) {
					failures.add(what + ": " + status + " with an empty JSON object");
				}
			}
			catch (RuntimeException ex) {
				failures
					.add(what + ": " + status + " with a body that is not a JSON object: " + shorten(response.body()));
			}
		}
		else if (json && !head && !response.body().isEmpty()) {
			try {
				JSON.readTree(response.body());
			}
			catch (RuntimeException ex) {
				failures.add(what + ": " + status + " with broken JSON: " + shorten(response.body()));
			}
		}
	}

	// The endpoints, as a staff user calls them from one address

	private static Attempt get(String path) {
		return send("GET", path, null);
	}

	private static Attempt head(String path) {
		return send("HEAD", path, null);
	}

	private static Attempt post(String path, String body) {
		return send("POST", path, body);
	}

	private static Attempt send(String method, String path, String body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Token " + ADMIN);
		headers.put("X-Forwarded-For", CLIENT);
		if (body != null) {
			headers.put("Content-Type", "application/json");
		}
		return new Attempt("", method, path, headers, (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
	}

	private static String role(String user, String role) {
		return "{\"user\": \"" + user + "\", \"role\": \"" + role + "\"}";
	}

	// What goes wrong

	private static Map<String, String> queries() {
		String uuids = IntStream.range(0, 130)
			.mapToObj((i) -> UUID.randomUUID().toString().replace("-", ""))
			.collect(Collectors.joining(","));
		Map<String, String> queries = new LinkedHashMap<>();
		queries.put("bad escape", "page=%zz");
		queries.put("bad UTF-8", "status=%FF");
		queries.put("lone percents", "foo=%%%");
		queries.put("truncated escape", "name=%4");
		queries.put("IIS escape", "name=%u0041");
		queries.put("bad escape in a name", "%zz=1");
		queries.put("no name", "=x");
		queries.put("overlong UTF-8", "o=%C0%AF");
		queries.put("UTF-8 surrogate", "x=%ED%A0%80");
		queries.put("NUL in a filter", "name=a%00b&status=%00&offering_uuid=%00&customer_uuid=%00");
		queries.put("NUL in an unknown parameter", "whatever=%00");
		queries.put("date past the database", "created_after=%2B294277-01-01T00:00:00Z&created_before=%2B294277-01-01");
		queries.put("date before the database", "created_after=-4714-01-01T00:00:00Z");
		queries.put("not a date", "created_after=2026-13-45T99:00:00Z");
		queries.put("huge numbers", "page=99999999999999999999&page_size=%2B99999999999999999999");
		queries.put("negative page", "page=-1&page_size=-5");
		queries.put("SQL", "customer_uuid=%27%20OR%201%3D1%20--&name=%27%3B%20DROP%20TABLE%20account%3B--");
		queries.put("LIKE wildcards", "name=%25&offering_name=_%25_&username=%25");
		queries.put("130 UUIDs", "offering_uuid=" + uuids + "&integration_status_uuid=" + uuids.substring(0, 330));
		queries.put("long value", "name=" + "a".repeat(6000));
		queries.put("1100 parameters", "a&".repeat(1100));
		queries.put("emoji", "name=%F0%9F%98%80&agent_type=%E2%82%AC");
		queries.put("empty values", "status=,,,&offering_uuid=,&o=&page=&page_size=");
		queries.put("offering that is no URL", "offering=http%3A%2F%2F%5B%3A%3A1&offering=%zz");
		return queries;
	}

	private static Map<String, String> paths(String path) {
		String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		Map<String, String> paths = new LinkedHashMap<>();
		paths.put(";param", bare + ";x/");
		paths.put("encoded slash", bare.isEmpty() ? "/%2F" : bare.replaceFirst("/([^/]*)$", "%2F$1"));
		paths.put("encoded dots", bare + "/%2e%2e/");
		paths.put("double slash", "/" + path);
		paths.put("dot segment", bare + "/./");
		paths.put("backslash", bare + "\\");
		paths.put("NUL", bare + "%00/");
		paths.put("bad UTF-8", bare + "%FF/");
		paths.put("long", bare + "/" + "a".repeat(6000) + "/");
		paths.put("too long", bare + "/" + "a".repeat(9000) + "/");
		paths.put("upper case", path.toUpperCase(Locale.ROOT));
		paths.put("space", bare + "%20/");
		return paths;
	}

	private static Map<String, UnaryOperator<Attempt>> headers() {
		Map<String, UnaryOperator<Attempt>> headers = new LinkedHashMap<>();
		for (String type : List.of("*/*", "garbage", "application/json; charset=bogus", "text/plain", "application/*",
				"multipart/form-data; boundary=x", "application/json;;;", "application/json; charset=utf-16")) {
			headers.put("Content-Type " + type, (a) -> a.header("Content-Type", type));
		}
		headers.put("form body", (a) -> a.header("Content-Type", "application/x-www-form-urlencoded")
			.body("a=%zz&b=%FF&=c".getBytes(StandardCharsets.ISO_8859_1)));
		for (String accept : List.of("text/html", "application/xml", "garbage/", "*/*;q=x")) {
			headers.put("Accept " + accept, (a) -> a.header("Accept", accept));
		}
		Map<String, String> forwarding = new LinkedHashMap<>();
		forwarding.put("X-Forwarded-Prefix", "/%zz");
		forwarding.put("X-Forwarded-Prefix ", "/a;b/../c");
		forwarding.put("X-Forwarded-Host", "a b");
		forwarding.put("X-Forwarded-Host ", "[::1");
		forwarding.put("X-Forwarded-Port", "abc");
		forwarding.put("X-Forwarded-Port ", "99999999999");
		forwarding.put("X-Forwarded-Proto", "gopher");
		forwarding.put("Forwarded", "for=;;;host=%");
		forwarding.put("Forwarded ", "host=\"a b\";proto=\"\"");
		forwarding
			.forEach((name, value) -> headers.put(name.strip() + ": " + value, (a) -> a.header(name.strip(), value)));
		headers.put("X-Forwarded-For garbage", (a) -> a.header("X-Forwarded-For", "garbage, [::1, 300.1.1.1"));
		for (String authorization : List.of("Token \u00ff\u00fe", "Bearer", "Basic YWRtaW46YWRtaW4=", "Token a b c d",
				"Token " + "a".repeat(2000), "Bearer Token")) {
			headers.put("Authorization " + shorten(authorization), (a) -> a.header("Authorization", authorization));
		}
		headers.put("no credentials", (a) -> {
			Map<String, String> without = new LinkedHashMap<>(a.headers());
			without.remove("Authorization");
			return new Attempt(a.what(), a.method(), a.target(), without, a.body());
		});
		headers.put("User-Agent bytes", (a) -> a.header("User-Agent", "agent \u00e9\u00ff\u0080"));
		headers.put("User-Agent long", (a) -> a.header("User-Agent", "u".repeat(4000)));
		headers.put("huge header", (a) -> a.header("X-Big", "b".repeat(9000)));
		headers.put("many headers", (a) -> {
			Attempt many = a;
			for (int i = 0; i < 150; i++) {
				many = many.header("X-Many-" + i, "v");
			}
			return many;
		});
		headers.put("header name with a space", (a) -> a.header("Bad Header", "x"));
		headers.put("NUL in a header", (a) -> a.header("X-Nul", "a\u0000b"));
		headers.put("control character in a header", (a) -> a.header("X-Ctl", "a\u0001b"));
		headers.put("obs-fold", (a) -> a.header("X-Fold", "a\r\n b"));
		headers.put("duplicate Host", (a) -> a.header("X-Dummy", "1\r\nHost: other.example"));
		headers.put("Host a b", (a) -> a.header("Host", "a b"));
		headers.put("Host port", (a) -> a.header("Host", "localhost:99999"));
		headers.put("Range", (a) -> a.header("Range", "bytes=abc-def"));
		headers.put("If-Modified-Since", (a) -> a.header("If-Modified-Since", "yesterday"));
		headers.put("If-None-Match", (a) -> a.header("If-None-Match", "\"\u00ff"));
		headers.put("Accept-Encoding", (a) -> a.header("Accept-Encoding", "gzip;q=abc, br"));
		headers.put("Content-Encoding gzip", (a) -> a.header("Content-Encoding", "gzip"));
		headers.put("Expect", (a) -> a.header("Expect", "something-else"));
		headers.put("Content-Length abc", (a) -> a.header("Content-Length", "abc"));
		headers.put("Content-Length negative", (a) -> a.header("Content-Length", "-1"));
		headers.put("Transfer-Encoding gzip", (a) -> a.header("Transfer-Encoding", "gzip"));
		headers.put("bad chunks", (a) -> a.header("Transfer-Encoding", "chunked")
			.body("zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
		headers.put("Origin", (a) -> a.header("Origin", "https://evil.example"));
		headers.put("Last-Event-ID", (a) -> a.header("Last-Event-ID", "\u00ff%zz"));
		return headers;
	}

	private static Map<String, byte[]> bodies(String valid, boolean checkIn) {
		Map<String, String> texts = new LinkedHashMap<>();
		texts.put("truncated", valid.substring(0, valid.length() - 1));
		texts.put("single quotes", valid.replace('"', '\''));
		texts.put("trailing comma", valid.replace("}", ",}"));
		texts.put("comment", "/* c */ " + valid);
		texts.put("NaN", valid.replace("}", ", \"n\": NaN}"));
		texts.put("leading zeros", valid.replace("}", ", \"n\": 0012}"));
		texts.put("bad escape", valid.replace("}", ", \"n\": \"\\x\"}"));
		texts.put("huge number", valid.replace("}", ", \"n\": 1e999999999}"));
		texts.put("trailing garbage", valid + " trailing");
		texts.put("empty", "");
		texts.put("null", "null");
		texts.put("array", "[" + valid + "]");
		texts.put("string", "\"text\"");
		texts.put("number", "42");
		texts.put("deep nesting", "[".repeat(5000) + "]".repeat(5000));
		texts.put("deep object", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
		texts.put("duplicate keys", valid.replace("}", ", " + valid.substring(1)));
		texts.put("wrong types",
				"{\"name\": [], \"customer\": {}, \"username\": 5, \"user\": true, \"role\": [1], "
						+ "\"label\": {}, \"expires_at\": [], \"offering_uuids\": \"x\", \"is_staff\": \"yes\", "
						+ "\"offering_uuid\": 7, \"agent_type\": {}, \"slug\": 1, \"type\": false, \"parent\": []}");
		texts.put("bad references", "{\"name\": \"n\", \"customer\": \"http://x/%zz\", \"user\": \"../../etc\", "
				+ "\"role\": \"CUSTOMER.OWNER\", \"offering_uuids\": [\"\\u0000\", \"zz\"], \"parent\": \"%00\"}");
		texts.put("dates past the database", "{\"expires_at\": \"+294277-01-01T00:00:00Z\"}");
		texts.put("dates past Java", "{\"expires_at\": \"+1000000001-01-01T00:00:00Z\"}");
		texts.put("not a date", "{\"expires_at\": \"tomorrow\"}");
		texts.put("long strings", "{\"name\": \"" + "n".repeat(60000) + "\"}");
		if (!checkIn) {
			// The check-in's service_name is the check-in's own business (CheckInTest).
			for (String field : List.of("name", "username", "label", "user", "role", "customer", "slug", "type")) {
				texts.put("NUL in " + field, valid.replace("}", ", \"" + field + "\": \"a\\u0000b\"}"));
			}
		}
		Map<String, byte[]> bodies = new LinkedHashMap<>();
		texts.forEach((what, text) -> bodies.put(what, text.getBytes(StandardCharsets.UTF_8)));
		bodies.put("bad UTF-8",
				valid.replace("}", ", \"name\": \"\u00ff\u00fe\"}").getBytes(StandardCharsets.ISO_8859_1));
		bodies.put("byte order mark", ("\ufeff" + valid).getBytes(StandardCharsets.UTF_8));
		bodies.put("UTF-16", valid.getBytes(StandardCharsets.UTF_16));
		bodies.put("over 64 KiB", ("{\"name\": \"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8));
		return bodies;
	}

	/** What cannot be said as method, target and headers. */
	private static List<byte[]> whollyRaw() {
		return List.of("GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/1.1\r\n\r\n", "GET / HTTP/3.0\r\nHost: x\r\n\r\n",
				"GET /api/customers/ HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
				"GET http://evil.example/api/customers/ HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET * HTTP/1.1\r\nHost: x\r\n\r\n", "GET /api/customers/ HTTP/1.1\nHost: x\n\n",
				"\u00ff\u00fe\r\n\r\n", "GET /api/customers/?a=\u00ff HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /api/\u00e9/ HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /api/customers/ HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n",
				"POST /api/customers/ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
				"POST /api/customers/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n0\r\n\r\n")
			.stream()
			.map((text) -> text.getBytes(StandardCharsets.ISO_8859_1))
			.toList();
	}

	private static String shorten(String text) {
		String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
		return (oneLine.length() <= 120) ? oneLine : oneLine.substring(0, 120) + "...";
	}

}
