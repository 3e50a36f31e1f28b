package org.vigil.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure becomes a JSON answer in Waldur's shape, whatever the request's Accept header
 * asked for; nothing leaks a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Object> api(ApiException ex) {
		if (ex.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			return ResponseEntity.status(ex.status())
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.RETRY_AFTER, "5")
				.body(ex.body());
		}
		return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_JSON).body(ex.body());
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> tooLarge(PayloadTooLargeException ex) {
		return detail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Object> unreadable(HttpMessageNotReadableException ex) {
		// Jackson wraps the stream's IOException in a JacksonException: look past it for the limit first.
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PayloadTooLargeException tooLarge) {
				return tooLarge(tooLarge);
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MismatchedInputException mismatch) {
				return ResponseEntity.badRequest()
					.contentType(MediaType.APPLICATION_JSON)
					.body(mismatched(mismatch));
			}
			if (cause instanceof JacksonException json) {
				return detail(HttpStatus.BAD_REQUEST, JsonProblems.describe(json));
			}
		}
		return detail(HttpStatus.BAD_REQUEST, "The request body must be a JSON object.");
	}

	/** MalformedRequestFilter answers first; this is for parameters read from a form body. */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> unreadableParameters(InvalidParameterException ex) {
		return detail(HttpStatus.BAD_REQUEST,
				"The request parameters could not be read: they are not valid UTF-8 URL-encoded text, or too many.");
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<Object> invalid(MethodArgumentNotValidException ex) {
		Map<String, List<String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.collect(Collectors.groupingBy((error) -> snakeCase(error.getField()), LinkedHashMap::new,
					Collectors.mapping((error) -> error.getDefaultMessage(), Collectors.toList())));
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(errors);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Object> methodNotAllowed(HttpRequestMethodNotSupportedException ex) {
		HttpHeaders headers = new HttpHeaders();
		if (ex.getSupportedHttpMethods() != null) {
			java.util.Set<org.springframework.http.HttpMethod> allowed = new java.util.LinkedHashSet<>(
					ex.getSupportedHttpMethods());
			if (allowed.contains(org.springframework.http.HttpMethod.GET)) {
				allowed.add(org.springframework.http.HttpMethod.HEAD);
			}
			allowed.add(org.springframework.http.HttpMethod.OPTIONS);
			headers.set(HttpHeaders.ALLOW,
					String.join(", ", allowed.stream().map(org.springframework.http.HttpMethod::name).toList()));
		}
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers)
			.body(Map.of("detail", "Method \"" + ex.getMethod() + "\" not allowed."));
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
	// A jOOQ DataAccessException reaches here only when getting or releasing a connection failed:
	// failures of statements are translated into Spring's exceptions by Boot's jOOQ listener.
	ResponseEntity<Object> databaseUnavailable(Exception ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(Map.of("detail", "The database is unavailable. Try again shortly."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return detail(HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred.");
	}

	private static Object mismatched(MismatchedInputException ex) {
		String field = ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : String.valueOf(ref.getIndex()))
			.collect(Collectors.joining("."));
		if (field.isEmpty()) {
			return Map.of("non_field_errors", List.of("Invalid data. Expected a JSON object."));
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
		return Map.of(field, List.of(message));
	}

	static ResponseEntity<Object> detail(HttpStatus status, String detail) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("detail", detail));
	}

	static String snakeCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
