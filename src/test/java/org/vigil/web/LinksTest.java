package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

import org.springframework.mock.web.MockHttpServletRequest;

/** Absolute links and the UUIDs in them, and Waldur's UUID forms, without a server. */
@OneStore
class LinksTest {

	private static final UUID ID = UUID.fromString("0a376e6a-6ca0-42da-9483-be6381e3a2c8");

	@Test
	void linksAreAbsoluteWithTheDefaultPortLeftOut() {
		assertThat(Links.of(request("http", "vigil.example.org", 80, "")).offering(ID))
			.isEqualTo("http://vigil.example.org/api/marketplace-provider-offerings/0a376e6a6ca042da9483be6381e3a2c8/");
		assertThat(Links.of(request("https", "vigil.example.org", 443, "")).customer(ID))
			.isEqualTo("https://vigil.example.org/api/customers/0a376e6a6ca042da9483be6381e3a2c8/");
		assertThat(Links.of(request("http", "localhost", 8080, "/vigil")).integrationStatus(ID)).isEqualTo(
				"http://localhost:8080/vigil/api/marketplace-integration-statuses/0a376e6a6ca042da9483be6381e3a2c8/");
		assertThat(Links.of(request("http", "::1", 8080, "")).user(ID)).startsWith("http://[::1]:8080/api/users/");
	}

	@Test
	void theUuidOfALinkIsFoundInAbsoluteLinksAndPaths() {
		String hex = "0a376e6a6ca042da9483be6381e3a2c8";
		assertThat(Links.uuidIn("https://w.example.org/api/marketplace-provider-offerings/" + hex + "/",
				"marketplace-provider-offerings"))
			.contains(ID);
		assertThat(Links.uuidIn("/api/marketplace-provider-offerings/" + ID + "?x=1", "marketplace-provider-offerings"))
			.contains(ID);
		assertThat(Links.uuidIn("/api/customers/" + hex + "/", "marketplace-provider-offerings")).isEmpty();
		assertThat(Links.uuidIn("/api/marketplace-provider-offerings/nope/", "marketplace-provider-offerings"))
			.isEmpty();
		assertThat(Links.uuidIn(null, "customers")).isEmpty();
	}

	@Test
	void uuidsAreReadInBothFormsAndWrittenAs32HexDigits() {
		assertThat(Uuids.parse("0A376E6A6CA042DA9483BE6381E3A2C8")).contains(ID);
		assertThat(Uuids.parse(" 0a376e6a-6ca0-42da-9483-be6381e3a2c8 ")).contains(ID);
		assertThat(Uuids.parse("0a376e6a6ca042da9483be6381e3a2c")).isEmpty();
		assertThat(Uuids.parse("0a376e6a-6ca042da-9483-be6381e3a2c8")).isEmpty();
		assertThat(Uuids.hex(ID)).isEqualTo("0a376e6a6ca042da9483be6381e3a2c8");
		assertThat(Uuids.hex(new UUID(0, 1))).isEqualTo("00000000000000000000000000000001");
	}

	private static MockHttpServletRequest request(String scheme, String host, int port, String contextPath) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setScheme(scheme);
		request.setServerName(host);
		request.setServerPort(port);
		request.setContextPath(contextPath);
		return request;
	}

}
