package org.vigil.web;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UriUtils;

/** Paths as routing sees them, for decisions that must agree with routing. */
public final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * The path within the application, percent-decoded, as Spring MVC matches it against
	 * its mappings: {@code /%61ctuator} is {@code /actuator}. The forms where decoding
	 * could change the segments (';', encoded '/', '%' or '.', '.' and '..') never get
	 * this far: {@link MalformedRequestFilter} answers them 400.
	 */
	public static String of(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return (path.indexOf('%') < 0) ? path : UriUtils.decode(path, StandardCharsets.UTF_8);
	}

}
