package org.vigil.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** One page of a list, and the headers Waldur sends with it: X-Result-Count and Link. */
public record Page(int number, int size, long count, int last) {

	public long offset() {
		return (long) (this.number - 1) * this.size;
	}

	/**
	 * The page with its headers. The items are fetched only for GET: a HEAD (Waldur's
	 * count) answers the same headers without reading the page.
	 */
	public <T> ResponseEntity<List<T>> response(HttpServletRequest request, Function<Links, List<T>> items) {
		Links links = Links.of(request);
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-Result-Count", Long.toString(this.count));
		headers.set(HttpHeaders.LINK, links(request, links));
		if ("HEAD".equals(request.getMethod())) {
			return ResponseEntity.ok().headers(headers).build();
		}
		return ResponseEntity.ok().headers(headers).body(items.apply(links));
	}

	/**
	 * Rendered as Django REST framework renders them: the request URL with {@code page}
	 * replaced or removed and the query keys sorted; {@code first} and {@code last}
	 * always, {@code prev} and {@code next} where they exist.
	 */
	private String links(HttpServletRequest request, Links base) {
		String url = base.base() + canonicalPath(request);
		Map<String, List<String>> query = QueryStrings.parse(request.getQueryString());
		List<String> links = new ArrayList<>(4);
		links.add(link(url, query, null, "first"));
		if (this.number > 1) {
			links.add(link(url, query, (this.number == 2) ? null : this.number - 1, "prev"));
		}
		if (this.number < this.last) {
			links.add(link(url, query, this.number + 1, "next"));
		}
		links.add(link(url, query, (this.last == 1) ? null : this.last, "last"));
		return String.join(", ", links);
	}

	private static String link(String url, Map<String, List<String>> query, Integer page, String rel) {
		Map<String, List<String>> params = new TreeMap<>(query);
		params.remove("page");
		if (page != null) {
			params.put("page", List.of(page.toString()));
		}
		String encoded = QueryStrings.encode(params);
		return "<" + url + (encoded.isEmpty() ? "" : "?" + encoded) + ">; rel=\"" + rel + "\"";
	}

	/**
	 * Waldur's paths end with a slash; Vigil accepts them without, but links carry it.
	 */
	private static String canonicalPath(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.endsWith("/") ? path : path + "/";
	}

}
