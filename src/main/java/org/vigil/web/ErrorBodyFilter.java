package org.vigil.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An error answered with nothing in it gets {@code {"detail": ...}}: Spring Boot's
 * actuator answers a path it does not know (such as {@code /actuator/health/nothing}) 404
 * with no body.
 */
class ErrorBodyFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		BodyWatcher watcher = new BodyWatcher(response, "HEAD".equals(request.getMethod()));
		chain.doFilter(request, watcher);
		if (!request.isAsyncStarted()) {
			watcher.fillIfEmpty();
		}
	}

	private static final class BodyWatcher extends HttpServletResponseWrapper {

		private boolean written;

		BodyWatcher(HttpServletResponse response, boolean head) {
			super(response);
			this.written = head;
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			this.written = true;
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			this.written = true;
			return super.getWriter();
		}

		/** The container's error page will answer. */
		@Override
		public void sendError(int status, String message) throws IOException {
			this.written = true;
			super.sendError(status, message);
		}

		@Override
		public void sendError(int status) throws IOException {
			this.written = true;
			super.sendError(status);
		}

		/** Spring MVC flushes an empty answer: that commits it, so it is filled first. */
		@Override
		public void flushBuffer() throws IOException {
			fillIfEmpty();
			super.flushBuffer();
		}

		void fillIfEmpty() throws IOException {
			if (!this.written && !isCommitted() && getStatus() >= 400) {
				this.written = true;
				JsonResponses.write((HttpServletResponse) getResponse(), getStatus(),
						Map.of("detail", JsonResponses.statusDetail(getStatus())));
			}
		}

	}

}
