package org.vigil.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;

import org.springframework.http.HttpStatus;

/**
 * Errors the servlet container answers itself, before the application sees the request (a
 * malformed request line, path or Host header, a request head over the size limit), in
 * the same JSON shape as every other error instead of Tomcat's HTML page.
 */
class JsonErrorReportValve extends ErrorReportValve {

	private static final String HEAD_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	private final long maxRequestHead;

	JsonErrorReportValve(long maxRequestHead) {
		this.maxRequestHead = maxRequestHead;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String detail;
		if (throwable != null && HEAD_TOO_LARGE.equals(throwable.getMessage())) {
			// The request line is parsed first: without a target, the target itself
			// overflowed.
			boolean lineTooLong = request.getCoyoteRequest().requestURI().isNull();
			status = lineTooLong ? HttpStatus.URI_TOO_LONG.value() : HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
			detail = (lineTooLong ? "The request URL is too long" : "The request headers are too large")
					+ ": the request line and headers may take at most " + (this.maxRequestHead / 1024) + " KiB.";
		}
		else if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value()
				|| status == HttpStatus.NOT_IMPLEMENTED.value()) {
			// The client's fault, not the server's: only 503 may say the server is at
			// fault.
			detail = (status == HttpStatus.NOT_IMPLEMENTED.value())
					? "Bad request: unsupported Transfer-Encoding. Send the body as it is, or chunked."
					: "Bad request: unsupported HTTP version. Use HTTP/1.1.";
			status = HttpStatus.BAD_REQUEST.value();
		}
		else {
			detail = detail(status, (response.getMessage() != null) ? response.getMessage()
					: (throwable != null) ? throwable.getMessage() : null);
		}
		try {
			response.setStatus(status);
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			SecurityHeaders.apply(response);
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(JsonResponses.detailBody(detail));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the answer is already on its way: nothing more to
			// say.
		}
	}

	private static String detail(int status, String message) {
		if (status >= 500) {
			return "A server error occurred.";
		}
		HttpStatus known = HttpStatus.resolve(status);
		String phrase = (known != null) ? known.getReasonPhrase() : "Error " + status;
		String reason = phrase.charAt(0) + phrase.substring(1).toLowerCase(Locale.ROOT);
		if (message == null || message.isBlank()) {
			return (status == 400) ? "Bad request: the request line or a header (such as Host) is not valid HTTP."
					: reason + ".";
		}
		String firstLine = message.lines().findFirst().orElse("").strip();
		return reason + ": " + ((firstLine.length() <= 300) ? firstLine : firstLine.substring(0, 300) + "\u2026");
	}

}
