package org.vigil.web;

import java.math.BigInteger;

import org.springframework.util.MultiValueMap;

/**
 * Waldur's page-number pagination as the client asked for it: {@code page} (a number from
 * 1, or {@code last}) and {@code page_size} (default 10, capped at 300; zero, negative or
 * not a number means the default, as in Django REST framework).
 */
public record Paging(String page, int size) {

	public static final int DEFAULT_SIZE = 10;

	public static final int MAX_SIZE = 300;

	public static Paging from(MultiValueMap<String, String> params) {
		return new Paging(Params.single(params, "page"), size(Params.single(params, "page_size")));
	}

	private static int size(String text) {
		if (text == null) {
			return DEFAULT_SIZE;
		}
		try {
			// Any integer, however large: too large for an int is still past the cap.
			BigInteger size = new BigInteger(text.strip());
			return (size.signum() <= 0) ? DEFAULT_SIZE : size.min(BigInteger.valueOf(MAX_SIZE)).intValue();
		}
		catch (NumberFormatException ex) {
			return DEFAULT_SIZE;
		}
	}

	/**
	 * The page to show out of {@code count} matching items; a page that does not exist is
	 * 404.
	 */
	public Page of(long count) {
		int last = (int) Math.max(1, (count + this.size - 1) / this.size);
		int number;
		if (this.page == null) {
			number = 1;
		}
		else if ("last".equals(this.page)) {
			number = last;
		}
		else {
			try {
				number = Integer.parseInt(this.page);
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalidPage();
			}
		}
		if (number < 1 || number > last) {
			throw ApiException.invalidPage();
		}
		return new Page(number, this.size, count, last);
	}

}
