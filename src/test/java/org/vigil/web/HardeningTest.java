package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;

/**
 * The security headers on every answer, and the check-in path's other methods.
 */
@OneStore
class HardeningTest extends ApiTest {

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	@Test
	void everyAnswerCarriesTheSecurityHeaders() {
		String customer = this.fixtures.customer("Acme");
		List<Response> answers = List.of(this.api.get("/api/customers/", ADMIN),
				this.api.get("/api/customers/" + customer + "/", ADMIN), this.api.head("/api/customers/", ADMIN),
				this.api.get("/api/customers/", null), this.api.get("/api/customers/", "not-a-key"),
				this.api.get("/api/no-such-thing/", ADMIN), this.api.post("/api/customers/", ADMIN, "{"),
				this.api.get("/actuator/health", null), this.api.get("/actuator/prometheus", ADMIN),
				this.api.get("/error", null), this.raw.send("GET", "/actuator;x/prometheus", Map.of(), null),
				this.raw.send("GET", "/api/customers/?page=%zz", Map.of("Authorization", "Token " + ADMIN), null),
				// answered by the servlet container itself
				this.raw.send("GET", "/api/cus tomers/", Map.of(), null),
				this.raw.send("GET", "/api/customers/?x=" + "a".repeat(9000), Map.of(), null),
				this.raw.send("GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), false));
		for (Response answer : answers) {
			assertThat(answer.header("Content-Security-Policy")).as(answer.toString())
				.contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
			assertThat(answer.header("X-Content-Type-Options")).as(answer.toString()).isEqualTo("nosniff");
			assertThat(answer.header("Referrer-Policy")).as(answer.toString()).isEqualTo("no-referrer");
			assertThat(answer.header("Cache-Control")).as(answer.toString()).isEqualTo("no-store");
		}
	}

	@Test
	void theDashboardIsRevalidatedRatherThanNeverStored() {
		for (String path : List.of("/", "/index.html", "/assets/app.js", "/alerts.html", "/assets/alerts.js",
				"/sources.html", "/assets/sources.js", "/assets/source-mark.js", "/audit.html", "/assets/audit.js")) {
			Response response = this.api.get(path, null);
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.header("Cache-Control")).as(path).isEqualTo("no-cache");
			assertThat(response.header("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'");
			assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
		}
		// The page's own policy (a meta element) and the header's agree on what it may
		// load.
		String page = this.api.get("/index.html", null).body();
		assertThat(page).contains("script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
	}

	@Test
	void theContainersOwnErrorsAreJson() {
		for (byte[] request : List
			.of("GARBAGE\r\n\r\n", "GET /api/cus tomers/ HTTP/1.1\r\nHost: x\r\n\r\n",
					"GET /api/customers/ HTTP/1.1\r\nHost: a b\r\n\r\n", "GET /api/customers/ HTTP/1.1\r\n\r\n",
					"GET /api/a%2Fb/ HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/3.0\r\nHost: x\r\n\r\n",
					"POST /api/customers/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
			.stream()
			.map((text) -> text.getBytes(StandardCharsets.ISO_8859_1))
			.toList()) {
			Response response = this.raw.send(request, false);
			String sent = new String(request, StandardCharsets.ISO_8859_1);
			assertThat(response.status()).as(sent).isEqualTo(400);
			assertThat(response.header("Content-Type")).as(sent).startsWith("application/json");
			assertThat(response.json().get("detail")).as(sent).asString().startsWith("Bad request");
		}
		Response longUrl = this.raw.send("GET", "/api/customers/?x=" + "a".repeat(9000), Map.of(), null);
		assertThat(longUrl.status()).isEqualTo(414);
		assertThat(longUrl.json()).containsEntry("detail",
				"The request URL is too long: the request line and headers may take at most 8 KiB.");
		Response bigHeader = this.raw.send("GET", "/api/customers/", Map.of("X-Big", "a".repeat(9000)), null);
		assertThat(bigHeader.status()).isEqualTo(431);
		assertThat(bigHeader.json().get("detail")).asString().startsWith("The request headers are too large");
	}

	@Test
	void otherMethodsOnTheCheckInPathAre405WithAllowPost() {
		for (String method : List.of("GET", "HEAD", "PUT", "PATCH", "DELETE")) {
			for (String path : List.of(CHECK_IN, "/api/marketplace-integration-statuses/check_in")) {
				Response response = this.api.send(method, path, ADMIN, null, Map.of());
				assertThat(response.status()).as(method + " " + path).isEqualTo(405);
				assertThat(response.header("Allow")).as(method + " " + path).contains("POST").doesNotContain("GET");
				if (!method.equals("HEAD")) {
					assertThat(response.json()).isEqualTo(Map.of("detail", "Method \"" + method + "\" not allowed."));
				}
			}
		}
	}

}
