package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

/**
 * Query strings read and written as Python's parse_qs and urlencode do, for Waldur's
 * links.
 */
@OneStore
class QueryStringsTest {

	@Test
	void repeatedKeysKeepEveryValueInOrder() {
		assertThat(QueryStrings.parse("status=Active&status=Unknown&page=2"))
			.containsExactly(Map.entry("status", List.of("Active", "Unknown")), Map.entry("page", List.of("2")));
	}

	@Test
	void plusAndPercentEncodingAreDecoded() {
		assertThat(QueryStrings.parse("name=HPC+Cluster&o=-last_request_timestamp&x=%C3%A9"))
			.containsEntry("name", List.of("HPC Cluster"))
			.containsEntry("o", List.of("-last_request_timestamp"))
			.containsEntry("x", List.of("\u00e9"));
	}

	@Test
	void emptyPartsAndKeysWithoutValuesAreKept() {
		assertThat(QueryStrings.parse("&a&b=&")).containsExactly(Map.entry("a", List.of("")),
				Map.entry("b", List.of("")));
		assertThat(QueryStrings.parse(null)).isEmpty();
		assertThat(QueryStrings.parse("")).isEmpty();
	}

	@Test
	void encodingIsPythonsQuotePlus() {
		Map<String, List<String>> params = new LinkedHashMap<>();
		params.put("name", List.of("HPC Cluster/\u00e9&?"));
		params.put("safe", List.of("a-Z_0.9~"));
		params.put("status", List.of("Active", "Unknown"));
		assertThat(QueryStrings.encode(params))
			.isEqualTo("name=HPC+Cluster%2F%C3%A9%26%3F&safe=a-Z_0.9~&status=Active&status=Unknown");
	}

	@Test
	void whatIsEncodedParsesBackTheSame() {
		Map<String, List<String>> params = new LinkedHashMap<>();
		params.put("offering_slug", List.of("hpc,cloud", "a b+c%"));
		params.put("unicode", List.of("\u65e5\u672c"));
		assertThat(QueryStrings.parse(QueryStrings.encode(params))).isEqualTo(params);
	}

}
