package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Waldur's page-number pagination, without a server. */
@OneStore
class PagingTest {

	@Test
	void pageSizeDefaultsCapsAndIgnoresNonsense() {
		assertThat(paging(null, null).size()).isEqualTo(10);
		assertThat(paging(null, "25").size()).isEqualTo(25);
		assertThat(paging(null, "301").size()).isEqualTo(300);
		assertThat(paging(null, "99999999999999999999999").size()).as("too large for an int").isEqualTo(300);
		assertThat(paging(null, "0").size()).isEqualTo(10);
		assertThat(paging(null, "-5").size()).isEqualTo(10);
		assertThat(paging(null, "ten").size()).isEqualTo(10);
		assertThat(paging(null, " 7 ").size()).isEqualTo(7);
	}

	@Test
	void pagesCountFromOneAndLastIsTheLast() {
		Page page = paging("2", "10").of(25);
		assertThat(page.number()).isEqualTo(2);
		assertThat(page.last()).isEqualTo(3);
		assertThat(page.offset()).isEqualTo(10);
		assertThat(paging("last", "10").of(25).number()).isEqualTo(3);
		assertThat(paging(null, "10").of(0).last()).as("an empty list has one empty page").isEqualTo(1);
	}

	@Test
	void aPageThatDoesNotExistIsInvalid() {
		for (String page : new String[] { "0", "-1", "4", "two", "1.5", "99999999999" }) {
			assertThatThrownBy(() -> paging(page, "10").of(25)).as(page)
				.isInstanceOfSatisfying(ApiException.class,
						(ex) -> assertThat(ex.body()).isEqualTo(java.util.Map.of("detail", "Invalid page.")));
		}
	}

	@Test
	void theLastValueOfARepeatedParameterCountsAndBlankIsAbsent() {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		params.add("page_size", "5");
		params.add("page_size", "20");
		params.add("page", " ");
		Paging paging = Paging.from(params);
		assertThat(paging.size()).isEqualTo(20);
		assertThat(paging.page()).isNull();
	}

	private static Paging paging(String page, String size) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		if (page != null) {
			params.add("page", page);
		}
		if (size != null) {
			params.add("page_size", size);
		}
		return Paging.from(params);
	}

}
