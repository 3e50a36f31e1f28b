package org.vigil.apidoc;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.vigil.web.RequestPaths;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The document in YAML where Waldur's drf-spectacular serves it:
 * {@code GET /api/schema/?format=yaml} (or {@code openapi}); without it, springdoc
 * answers JSON. A filter, not a second mapping of the same path, so that every other
 * request there is routed (and refused) exactly as springdoc's own mapping decides.
 */
class YamlSchemaFilter extends OncePerRequestFilter {

	private final OpenApiWebMvcResource document;

	private final String path;

	YamlSchemaFilter(OpenApiWebMvcResource document, String path) {
		this.document = document;
		this.path = path;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!"GET".equals(request.getMethod()) || !this.path.equals(RequestPaths.of(request))) {
			return true;
		}
		String format = request.getParameter("format");
		return !("yaml".equals(format) || "openapi".equals(format));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] yaml = this.document.openapiYaml(request, this.path, Locale.ROOT);
		response.setContentType("application/yaml");
		response.setCharacterEncoding("UTF-8");
		response.setContentLength(yaml.length);
		response.getOutputStream().write(yaml);
	}

}
