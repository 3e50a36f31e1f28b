package org.vigil.web;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every answer other than success, in one place: the status, the body Waldur would send
 * ({@code {"detail": "..."}} or, for invalid input, a map of field to messages) and the
 * headers that go with it ({@code Retry-After} on 503 and 429, {@code WWW-Authenticate}
 * on 401). A controller throws it; {@link ApiExceptionHandler} answers it; a servlet
 * filter, which runs before Spring MVC, {@link #send sends} it itself.
 */
public class ApiException extends RuntimeException {

	/**
	 * How long a client should wait before trying again after a 503: the database is
	 * usually back by then.
	 */
	public static final long RETRY_AFTER_SECONDS = 5;

	private final HttpStatus status;

	private final Object body;

	private final HttpHeaders headers;

	/**
	 * An error with {@code {"detail": detail}}; a 503 tells the client to retry after
	 * {@link #RETRY_AFTER_SECONDS}.
	 */
	public ApiException(HttpStatus status, String detail) {
		this(status, Map.of("detail", detail), detail, (status == HttpStatus.SERVICE_UNAVAILABLE)
				? header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS)) : HttpHeaders.EMPTY);
	}

	private ApiException(HttpStatus status, Object body, String message, HttpHeaders headers) {
		super(message, null, false, false);
		this.status = status;
		this.body = body;
		this.headers = headers;
	}

	public static ApiException notFound() {
		return new ApiException(HttpStatus.NOT_FOUND, "Not found.");
	}

	public static ApiException invalidPage() {
		return new ApiException(HttpStatus.NOT_FOUND, "Invalid page.");
	}

	/**
	 * 400 with {@code {"detail"}}: the request as a whole is malformed, not one field of
	 * it.
	 */
	public static ApiException invalidRequest(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, detail);
	}

	public static ApiException forbidden() {
		return forbidden("You do not have permission to perform this action.");
	}

	public static ApiException forbidden(String detail) {
		return new ApiException(HttpStatus.FORBIDDEN, detail);
	}

	/** 401, asking for Waldur's {@code Token} scheme. */
	public static ApiException unauthorized(String detail) {
		return new ApiException(HttpStatus.UNAUTHORIZED, Map.of("detail", detail), detail,
				header(HttpHeaders.WWW_AUTHENTICATE, "Token"));
	}

	/** 429: come back after {@code seconds}. */
	public static ApiException tooManyRequests(long seconds, String detail) {
		return new ApiException(HttpStatus.TOO_MANY_REQUESTS, Map.of("detail", detail), detail,
				header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
	}

	/**
	 * 503 with {@code Retry-After}: nothing is wrong with the request, try it again
	 * shortly.
	 */
	public static ApiException unavailable(String detail) {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail);
	}

	public static ApiException databaseUnavailable() {
		return unavailable("The database is unavailable. Try again shortly.");
	}

	/** 405 with {@code Allow}, in Django REST framework's words. */
	public static ApiException methodNotAllowed(String method, Collection<HttpMethod> allowed) {
		String detail = "Method \"" + method + "\" not allowed.";
		return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, Map.of("detail", detail), detail, allowed.isEmpty()
				? HttpHeaders.EMPTY
				: header(HttpHeaders.ALLOW, String.join(", ", allowed.stream().map(HttpMethod::name).toList())));
	}

	public static ApiException invalid(Map<String, List<String>> fieldErrors) {
		return new ApiException(HttpStatus.BAD_REQUEST, fieldErrors, "Invalid input: " + fieldErrors,
				HttpHeaders.EMPTY);
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

	/** The answer, as JSON whatever the request's Accept header asked for. */
	public ResponseEntity<Object> toResponse() {
		return ResponseEntity.status(this.status)
			.headers(this.headers)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.body);
	}

	/** The answer, written by a servlet filter before Spring MVC is reached. */
	public void send(HttpServletResponse response) throws IOException {
		this.headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		JsonResponses.write(response, this.status.value(), this.body);
	}

	private static HttpHeaders header(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(name, value);
		return HttpHeaders.readOnlyHttpHeaders(headers);
	}

}
