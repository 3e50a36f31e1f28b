package org.vigil.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An answer other than success, with the body Waldur would send: {@code {"detail": "..."}} or,
 * for invalid input, a map of field to messages.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final Object body;

	public ApiException(HttpStatus status, String detail) {
		this(status, Map.of("detail", detail), detail);
	}

	private ApiException(HttpStatus status, Object body, String message) {
		super(message, null, false, false);
		this.status = status;
		this.body = body;
	}

	public static ApiException notFound() {
		return new ApiException(HttpStatus.NOT_FOUND, "Not found.");
	}

	public static ApiException invalidPage() {
		return new ApiException(HttpStatus.NOT_FOUND, "Invalid page.");
	}

	public static ApiException forbidden() {
		return new ApiException(HttpStatus.FORBIDDEN, "You do not have permission to perform this action.");
	}

	public static ApiException badRequest(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, detail);
	}

	public static ApiException invalid(Map<String, List<String>> fieldErrors) {
		return new ApiException(HttpStatus.BAD_REQUEST, fieldErrors, "Invalid input: " + fieldErrors);
	}

	public static ApiException invalid(String field, String message) {
		return invalid(Map.of(field, List.of(message)));
	}

	public HttpStatus status() {
		return this.status;
	}

	public Object body() {
		return this.body;
	}

}
