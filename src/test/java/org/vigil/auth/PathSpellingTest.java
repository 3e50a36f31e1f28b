package org.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;

/**
 * Access is decided on the path as routing matches it, so no spelling of a path (';'
 * parameters, percent-encoding, case, duplicate slashes, dot segments, backslashes, the
 * trailing slash) reaches what its caller may not see. Sent on a socket, byte for byte.
 */
@OneStore
class PathSpellingTest extends ApiTest {

	private static final List<String> METRICS_PATHS = List.of("/actuator/prometheus", "/actuator", "/actuator/info");

	private static final String STATUSES = "/api/marketplace-integration-statuses";

	private static final String CHECK_IN = STATUSES + "/check_in";

	@Test
	void noSpellingOfAnActuatorPathAnswersAUserWithoutRoles() {
		String key = this.fixtures.userWithToken("nobody");
		int sent = 0;
		for (String path : METRICS_PATHS) {
			for (String spelling : spellings(path)) {
				Response response = get(spelling, key);
				assertThat(response.status()).as(spelling).isIn(400, 403, 404);
				assertJsonError(response, spelling);
				sent++;
			}
		}
		assertThat(sent).as("spellings tried").isGreaterThan(300);
	}

	@Test
	void noSpellingOfAProtectedPathAnswersWithoutCredentials() {
		for (String path : List.of("/actuator/prometheus", "/actuator", "/actuator/info", STATUSES, "/api/users/me",
				"/api/audit-events")) {
			for (String spelling : spellings(path)) {
				Response response = this.raw.send("GET", spelling, Map.of(), null);
				assertThat(response.status()).as(spelling).isIn(400, 401);
				assertJsonError(response, spelling);
			}
		}
	}

	@Test
	void staffAndSupportReadTheMetrics() {
		String support = this.fixtures.user(Map.of("username", "helpdesk", "is_support", true));
		for (String key : List.of(ADMIN, this.fixtures.token(support))) {
			for (String path : List.of("/actuator/prometheus", "/actuator/prometheus/")) {
				Response response = get(path, key);
				assertThat(response.status()).as(path).isEqualTo(200);
				assertThat(response.body()).contains("vigil_checkins_total");
			}
			assertThat(get("/actuator", key).body()).contains("prometheus");
		}
	}

	@Test
	void anAgentTokenReachesOnlyTheCheckIn() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		String agent = this.fixtures.agentToken(this.fixtures.user("agent"), offering);
		String body = "{\"offering_uuid\": \"" + offering + "\", \"agent_type\": \"Order processing\"}";
		String status = this.api.post(CHECK_IN + "/", agent, body).field("uuid");

		for (String path : List.of(STATUSES, STATUSES + "/" + status, "/api/users/me", "/api/customers/" + customer,
				"/api/marketplace-provider-offerings/" + offering, "/api/marketplace-integration-status-events",
				"/api/audit-events", "/actuator/prometheus", "/actuator")) {
			for (String spelling : spellings(path)) {
				Response response = get(spelling, agent);
				assertThat(response.status()).as(spelling).isIn(400, 403);
				assertJsonError(response, spelling);
			}
		}
		// The check-in path itself: a GET is 405 in any spelling routing takes for it,
		// never data.
		for (String spelling : spellings(CHECK_IN)) {
			Response response = get(spelling, agent);
			assertThat(response.status()).as(spelling).isIn(400, 403, 405);
			assertJsonError(response, spelling);
		}
		// A POST to any other path is refused; one to a spelling of the check-in path
		// checks in or is 400.
		for (String spelling : spellings("/api/customers")) {
			Response response = post(spelling, agent, "{\"name\": \"Evil\"}");
			assertThat(response.status()).as(spelling).isIn(400, 403);
		}
		for (String spelling : spellings(CHECK_IN)) {
			Response response = post(spelling, agent, body);
			assertThat(response.status()).as(spelling).isIn(200, 400, 403, 404);
			if (response.status() == 200) {
				assertThat(response.json()).as(spelling).containsEntry("uuid", status);
			}
		}
		assertThat(post(CHECK_IN, agent, body).status()).isEqualTo(200);
		assertThat(this.api.get("/api/customers/", ADMIN).list()).hasSize(1);
	}

	@Test
	void healthTheDashboardAndTheApiDocumentStayOpen() {
		for (String path : List.of("/actuator/health", "/actuator/health/", "/actuator/health/liveness",
				"/actuator/health/readiness", "/", "/index.html", "/assets/app.js")) {
			assertThat(this.raw.send("GET", path, Map.of(), null).status()).as(path).isEqualTo(200);
		}
		for (String path : List.of("/favicon.ico", "/api/schema/", "/api/schema")) {
			assertThat(this.raw.send("GET", path, Map.of(), null).status()).as(path).isNotEqualTo(401);
		}
	}

	private Response get(String target, String key) {
		return this.raw.send("GET", target, Map.of("Authorization", "Token " + key), null);
	}

	private Response post(String target, String key, String body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Token " + key);
		headers.put("Content-Type", "application/json");
		return this.raw.send("POST", target, headers, body.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertJsonError(Response response, String spelling) {
		assertThat(response.header("Content-Type")).as(spelling).startsWith("application/json");
		assertThat(response.json()).as(spelling).containsKey("detail");
		assertThat(response.body()).as(spelling).doesNotContain("vigil_", "jvm_", "_links");
	}

	/**
	 * Every way tried to write {@code path} (which starts with '/' and has no trailing
	 * slash), each with and without a trailing slash.
	 */
	static List<String> spellings(String path) {
		List<String> segments = List.of(path.substring(1).split("/"));
		Set<String> forms = new LinkedHashSet<>();
		forms.add(path);
		// ;parameters on any segment
		for (int i = 0; i < segments.size(); i++) {
			for (String parameter : List.of(";", ";x", ";jsessionid=1")) {
				forms.add(replaceSegment(segments, i, segments.get(i) + parameter));
			}
		}
		forms.add("/;x" + path);
		// percent-encoding of any one character, in both cases of hex digits, and of all
		// of them
		for (int i = 1; i < path.length(); i++) {
			if (path.charAt(i) != '/') {
				forms.add(path.substring(0, i) + encode(path.charAt(i)) + path.substring(i + 1));
				forms.add(
						path.substring(0, i) + encode(path.charAt(i)).toLowerCase(Locale.ROOT) + path.substring(i + 1));
			}
		}
		StringBuilder all = new StringBuilder();
		path.chars().forEach((c) -> all.append((c == '/') ? "/" : encode((char) c)));
		forms.add(all.toString());
		// case
		forms.add(path.toUpperCase(Locale.ROOT));
		StringBuilder mixed = new StringBuilder();
		for (int i = 0; i < path.length(); i++) {
			mixed.append((i % 2 == 0) ? Character.toUpperCase(path.charAt(i)) : path.charAt(i));
		}
		forms.add(mixed.toString());
		for (int i = 0; i < segments.size(); i++) {
			String s = segments.get(i);
			forms.add(replaceSegment(segments, i, Character.toUpperCase(s.charAt(0)) + s.substring(1)));
		}
		// at every slash: doubled, a '.' segment, a '..' segment, a backslash, an encoded
		// slash
		IntFunction<String> before = (i) -> "/" + String.join("/", segments.subList(0, i));
		IntFunction<String> after = (i) -> String.join("/", segments.subList(i, segments.size()));
		for (int i = 0; i < segments.size(); i++) {
			String head = (i == 0) ? "" : before.apply(i);
			forms.add(head + "//" + after.apply(i));
			forms.add(head + "/./" + after.apply(i));
			forms.add(head + "/%2e/" + after.apply(i));
			forms.add(head + "/x/../" + after.apply(i));
			forms.add(head + "/x/%2e%2e/" + after.apply(i));
			forms.add(head + "/x/%2E%2E/" + after.apply(i));
			if (i > 0) {
				forms.add(head + "\\" + after.apply(i));
				forms.add(head + "%5C" + after.apply(i));
				forms.add(head + "%2F" + after.apply(i));
				forms.add(head + "%2f" + after.apply(i));
			}
		}
		forms.add(path + "/.");
		forms.add(path + "/..");
		forms.add(path + "/x/..");
		forms.add(path + "%00");
		forms.add(path + "%20");
		// through the open paths
		for (String open : List.of("/assets", "/actuator/health", "/api/schema", "/index.html")) {
			int depth = open.split("/").length - 1;
			forms.add(open + "/..".repeat(depth) + path);
			forms.add(open + "/%2e%2e".repeat(depth) + path);
			forms.add(open + "/..%2F".repeat(depth) + path.substring(1));
			forms.add(open + "\\..".repeat(depth) + path);
			forms.add(open + ";/..".repeat(depth) + path);
		}
		List<String> spellings = new ArrayList<>();
		for (String form : forms) {
			spellings.add(form);
			if (!form.endsWith("/")) {
				spellings.add(form + "/");
			}
		}
		return spellings;
	}

	private static String replaceSegment(List<String> segments, int index, String replacement) {
		List<String> copy = new ArrayList<>(segments);
		copy.set(index, replacement);
		return "/" + String.join("/", copy);
	}

	private static String encode(char c) {
		return String.format("%%%02X", (int) c);
	}

}
