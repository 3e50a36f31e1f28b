package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;

import org.springframework.test.context.TestPropertySource;

/**
 * A client that is not a trusted proxy (here the test itself: loopback is left out of
 * {@code vigil.trusted-proxies}) picks neither its address for the failed-authentication
 * limit nor the host of Vigil's links, whatever forwarding headers it sends; odd ones are
 * ignored, not refused.
 */
@TestPropertySource(properties = "vigil.trusted-proxies=192.0.2.1/32")
@OneStore
class UntrustedPeerTest extends ApiTest {

	private static final int LIMIT = 20;

	@Test
	void rotatingForwardedAddressesStillReachTheLimit() {
		String valid = this.fixtures.userWithToken("alice");
		Response refused = null;
		int attempts = 0;
		// More tries than the limit only if this machine is so slow that the 4 s window
		// ended meanwhile.
		while (refused == null && attempts < 3 * LIMIT) {
			attempts++;
			Response response = this.api.send("GET", "/api/customers/", "bad-key-" + attempts, null,
					Map.of("Forwarded", "for=198.51.100." + attempts, "X-Forwarded-For", "203.0.113." + attempts,
							"X-Real-IP", "192.0.2." + attempts));
			if (response.status() == 429) {
				refused = response;
			}
			else {
				assertThat(response.status()).as("attempt " + attempts).isEqualTo(401);
			}
		}
		assertThat(refused).as("a 429 after the limit, every attempt with new forwarded addresses").isNotNull();
		assertThat(attempts).isBetween(LIMIT + 1, 3 * LIMIT);
		assertThat(refused.json().get("detail")).asString().startsWith("Too many failed authentications");
		// A valid key from the same address is still served.
		assertThat(
				this.api.send("GET", "/api/users/me/", valid, null, Map.of("X-Forwarded-For", "203.0.113.99")).status())
			.isEqualTo(200);
	}

	@Test
	void linksKeepTheAddressTheClientConnectedTo() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		this.fixtures.offering(customer, "Cloud");
		for (Map<String, String> headers : List.of(
				Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example", "X-Forwarded-Port", "8443"),
				Map.of("Forwarded", "proto=https;host=evil.example"),
				Map.of("X-Forwarded-Host", "evil.example:8443"))) {
			Response detail = this.api.send("GET", "/api/marketplace-provider-offerings/" + offering + "/", ADMIN, null,
					headers);
			assertThat(detail.status()).as(headers.toString()).isEqualTo(200);
			assertThat(detail.field("url")).as(headers.toString())
				.isEqualTo(this.api.base() + "/api/marketplace-provider-offerings/" + offering + "/");
			assertThat(detail.field("customer")).as(headers.toString())
				.isEqualTo(this.api.base() + "/api/customers/" + customer + "/");
			Response page = this.api.send("GET", "/api/marketplace-provider-offerings/?page_size=1", ADMIN, null,
					headers);
			assertThat(page.header("Link")).as(headers.toString())
				.contains("<" + this.api.base()
						+ "/api/marketplace-provider-offerings/?page=2&page_size=1>; rel=\"next\"")
				.doesNotContain("evil.example");
		}
	}

	@Test
	void oddForwardingHeadersAreIgnoredNotRefused() {
		// From a trusted proxy each of these is 400 (MalformedInputTest).
		for (Map.Entry<String, String> header : List.of(Map.entry("X-Forwarded-Host", "a b"),
				Map.entry("X-Forwarded-Host", "[::1"), Map.entry("X-Forwarded-Port", "abc"),
				Map.entry("X-Forwarded-Port", "99999999999"), Map.entry("X-Forwarded-Proto", "gopher"),
				Map.entry("X-Forwarded-Prefix", "/%zz"), Map.entry("Forwarded", "for=;;;host=%"),
				Map.entry("X-Forwarded-For", "garbage, [::1, 300.1.1.1"))) {
			Response response = this.api.send("GET", "/api/users/me/", ADMIN, null,
					Map.of(header.getKey(), header.getValue()));
			assertThat(response.status()).as(header.toString()).isEqualTo(200);
			assertThat(response.field("url")).as(header.toString()).startsWith(this.api.base() + "/api/users/");
		}
	}

}
