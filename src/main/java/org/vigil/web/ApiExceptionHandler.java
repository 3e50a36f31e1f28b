package org.vigil.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure becomes a JSON answer in Waldur's shape, whatever the request's Accept
 * header asked for; nothing leaks a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Object> api(ApiException ex) {
		return ex.toResponse();
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> tooLarge(PayloadTooLargeException ex) {
		return detail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Object> unreadable(HttpMessageNotReadableException ex) {
		// Jackson wraps the stream's IOException in a JacksonException: look past it for
		// the limit first.
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PayloadTooLargeException tooLarge) {
				return tooLarge(tooLarge);
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MismatchedInputException mismatch) {
				return mismatched(mismatch).toResponse();
			}
			if (cause instanceof JacksonException json) {
				return detail(HttpStatus.BAD_REQUEST, JsonProblems.describe(json));
			}
		}
		return detail(HttpStatus.BAD_REQUEST, "The request body must be a JSON object.");
	}

	/**
	 * MalformedRequestFilter answers first; this is for parameters read from a form body.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> unreadableParameters(InvalidParameterException ex) {
		return detail(HttpStatus.BAD_REQUEST,
				"The request parameters could not be read: they are not valid UTF-8 URL-encoded text, or too many.");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Object> methodNotAllowed(HttpRequestMethodNotSupportedException ex) {
		Set<HttpMethod> allowed = new LinkedHashSet<>();
		if (ex.getSupportedHttpMethods() != null) {
			allowed.addAll(ex.getSupportedHttpMethods());
			if (allowed.contains(HttpMethod.GET)) {
				allowed.add(HttpMethod.HEAD);
			}
			allowed.add(HttpMethod.OPTIONS);
		}
		return ApiException.methodNotAllowed(ex.getMethod(), allowed).toResponse();
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<Object> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
		return detail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Unsupported media type \"" + ex.getContentType() + "\" in request. Send application/json.");
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return detail(HttpStatus.NOT_ACCEPTABLE, "Could not satisfy the request Accept header.");
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	ResponseEntity<Object> noSuchPath(Exception ex) {
		return detail(HttpStatus.NOT_FOUND, "Not found.");
	}

	@ExceptionHandler({ CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
			DataAccessResourceFailureException.class, TransientDataAccessException.class,
			org.jooq.exception.DataAccessException.class })
	// A jOOQ DataAccessException reaches here only when getting or releasing a connection
	// failed:
	// failures of statements are translated into Spring's exceptions by Boot's jOOQ
	// listener.
	ResponseEntity<Object> databaseUnavailable(Exception ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		return ApiException.databaseUnavailable().toResponse();
	}

	/**
	 * A client of a stream went away: there is nobody to answer, and nothing went wrong.
	 */
	@ExceptionHandler(AsyncRequestNotUsableException.class)
	void clientGone() {
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return detail(HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred.");
	}

	private static ApiException mismatched(MismatchedInputException ex) {
		String field = ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : String.valueOf(ref.getIndex()))
			.collect(Collectors.joining("."));
		if (field.isEmpty()) {
			return ApiException.invalid("non_field_errors", "Invalid data. Expected a JSON object.");
		}
		Class<?> target = ex.getTargetType();
		String message;
		if (target == String.class) {
			message = "Not a valid string.";
		}
		else if (target == Boolean.class || target == boolean.class) {
			message = "Must be a valid boolean.";
		}
		else if (target != null && (List.class.isAssignableFrom(target) || target.isArray())) {
			message = "Expected a list of items.";
		}
		else if (target != null && java.time.temporal.Temporal.class.isAssignableFrom(target)) {
			message = "Datetime has wrong format. Use ISO-8601, e.g. 2026-11-28T10:22:38Z.";
		}
		else {
			message = "Invalid value.";
		}
		return ApiException.invalid(field, message);
	}

	private static ResponseEntity<Object> detail(HttpStatus status, String detail) {
		return new ApiException(status, detail).toResponse();
	}

}
