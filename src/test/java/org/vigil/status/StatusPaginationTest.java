package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.StatusRows;

/**
 * Waldur's page-number pagination on the status list: bodies, X-Result-Count, Link, HEAD.
 */
class StatusPaginationTest extends ApiTest {

	private static final String LIST = "/api/marketplace-integration-statuses/";

	private final List<String> created = new ArrayList<>();

	private String url;

	@BeforeEach
	void twentyThreeStatuses() {
		StatusRows rows = new StatusRows(this.db);
		String customer = this.fixtures.customer("Acme");
		for (int i = 0; i < 23; i++) {
			String offering = this.fixtures.offering(customer, "Offering " + i);
			this.created.add(rows.insert(offering, AgentType.values()[i % 5], Status.ACTIVE, Instant.now()));
		}
		this.url = this.api.base() + LIST;
	}

	@Test
	void firstPageHasDefaultSizeAndLinksToNextAndLast() {
		Response response = this.api.get(LIST, ADMIN);
		assertThat(StatusListTest.uuids(response)).isEqualTo(this.created.subList(0, 10));
		assertThat(response.header("X-Result-Count")).isEqualTo("23");
		assertThat(response.header("Link")).isEqualTo("<" + this.url + ">; rel=\"first\", <" + this.url
				+ "?page=2>; rel=\"next\", <" + this.url + "?page=3>; rel=\"last\"");
	}

	@Test
	void middlePageLinksEverywayKeepingOtherParametersSorted() {
		Response response = this.api.get(LIST + "?status=Active&page_size=5&page=3", ADMIN);
		assertThat(StatusListTest.uuids(response)).isEqualTo(this.created.subList(10, 15));
		String keep = "page_size=5&status=Active";
		assertThat(response.header("Link")).isEqualTo("<" + this.url + "?" + keep + ">; rel=\"first\", <" + this.url
				+ "?page=2&" + keep + ">; rel=\"prev\", <" + this.url + "?page=4&" + keep + ">; rel=\"next\", <"
				+ this.url + "?page=5&" + keep + ">; rel=\"last\"");
	}

	@Test
	void secondPageLinksBackToTheUrlWithoutPage() {
		Response response = this.api.get(LIST + "?page=2", ADMIN);
		assertThat(response.header("Link")).contains("<" + this.url + ">; rel=\"prev\"");
	}

	@Test
	void lastPageHasTheRestAndNoNext() {
		Response response = this.api.get(LIST + "?page=3", ADMIN);
		assertThat(StatusListTest.uuids(response)).isEqualTo(this.created.subList(20, 23));
		assertThat(response.header("Link")).isEqualTo("<" + this.url + ">; rel=\"first\", <" + this.url
				+ "?page=2>; rel=\"prev\", <" + this.url + "?page=3>; rel=\"last\"");
		assertThat(this.api.get(LIST + "?page=last", ADMIN).body()).isEqualTo(response.body());
	}

	@Test
	void onlyPageLinksFirstAndLastWithoutPage() {
		Response response = this.api.get(LIST + "?page_size=100&agent_type=1", ADMIN);
		assertThat(response.list()).hasSize(5);
		String self = this.url + "?agent_type=1&page_size=100";
		assertThat(response.header("Link")).isEqualTo("<" + self + ">; rel=\"first\", <" + self + ">; rel=\"last\"");
	}

	@Test
	void walkingNextLinksVisitsEveryStatusOnce() {
		List<String> seen = new ArrayList<>();
		String next = LIST + "?page_size=4";
		while (next != null) {
			Response response = this.api.get(next, ADMIN);
			seen.addAll(StatusListTest.uuids(response));
			next = nextLink(response.header("Link"));
		}
		assertThat(seen).isEqualTo(this.created);
	}

	@Test
	void pageSizeIsCappedAt300AndBadSizesMeanTheDefault() {
		assertThat(this.api.get(LIST + "?page_size=1000", ADMIN).list()).hasSize(23);
		for (String size : List.of("0", "-5", "abc", "")) {
			assertThat(this.api.get(LIST + "?page_size=" + size, ADMIN).list()).as(size).hasSize(10);
		}
	}

	@Test
	void pagesThatDoNotExistAreInvalid() {
		for (String page : List.of("0", "4", "-1", "abc", "1.5")) {
			Response response = this.api.get(LIST + "?page=" + page, ADMIN);
			assertThat(response.status()).as(page).isEqualTo(404);
			assertThat(response.json()).containsEntry("detail", "Invalid page.");
		}
	}

	@Test
	void firstPageOfNothingIsAnEmptyList() {
		Response response = this.api.get(LIST + "?agent_type=unknown&page=1", ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("[]");
		assertThat(response.header("X-Result-Count")).isEqualTo("0");
		assertThat(this.api.get(LIST + "?agent_type=unknown&page=2", ADMIN).status()).isEqualTo(404);
	}

	@Test
	void headAnswersTheSameHeadersWithoutABody() {
		Response get = this.api.get(LIST + "?page_size=5&page=2&status=Active", ADMIN);
		Response head = this.api.head(LIST + "?page_size=5&page=2&status=Active", ADMIN);
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.header("X-Result-Count")).isEqualTo("23");
		assertThat(head.header("Link")).isEqualTo(get.header("Link"));
		assertThat(this.api.head(LIST + "?agent_type=2", ADMIN).header("X-Result-Count")).isEqualTo("5");
		assertThat(this.api.head(LIST + "?page=9", ADMIN).status()).isEqualTo(404);
		assertThat(this.api.head(LIST + "?status=Foo", ADMIN).status()).isEqualTo(400);
	}

	@Test
	void linksHonourTheProxyHeaders() {
		Response response = this.api.send("GET", LIST + "?page_size=10", ADMIN, null,
				java.util.Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "vigil.example.org"));
		assertThat(response.header("Link")).startsWith(
				"<https://vigil.example.org/api/marketplace-integration-statuses/?page_size=10>; rel=\"first\"");
		assertThat(response.list().get(0).get("url").toString())
			.startsWith("https://vigil.example.org/api/marketplace-integration-statuses/");
		assertThat(response.list().get(0).get("offering").toString())
			.startsWith("https://vigil.example.org/api/marketplace-provider-offerings/");
	}

	@Test
	void pathWithoutTrailingSlashWorksAndLinksKeepTheSlash() {
		Response response = this.api.get("/api/marketplace-integration-statuses?page_size=10", ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Link")).startsWith("<" + this.url + "?page_size=10>");
	}

	static String nextLink(String header) {
		for (String part : header.split(", ")) {
			if (part.endsWith("rel=\"next\"")) {
				return part.substring(1, part.indexOf('>'));
			}
		}
		return null;
	}

}
