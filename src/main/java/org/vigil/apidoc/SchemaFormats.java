package org.vigil.apidoc;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The document in YAML on its own path, as Waldur's drf-spectacular serves it:
 * {@code /api/schema/?format=yaml} (or {@code openapi}); JSON is springdoc's own answer
 * there, also under {@code ?format=json} and {@code openapi-json}.
 */
@Hidden
@RestController
class SchemaFormats {

	private final OpenApiWebMvcResource document;

	private final String path;

	SchemaFormats(OpenApiWebMvcResource document, @Value("${springdoc.api-docs.path}") String path) {
		this.document = document;
		this.path = path;
	}

	@GetMapping(path = "${springdoc.api-docs.path}", params = { "format=yaml" })
	ResponseEntity<byte[]> yaml(HttpServletRequest request, Locale locale) throws JsonProcessingException {
		return asYaml(request, locale);
	}

	@GetMapping(path = "${springdoc.api-docs.path}", params = { "format=openapi" })
	ResponseEntity<byte[]> openapi(HttpServletRequest request, Locale locale) throws JsonProcessingException {
		return asYaml(request, locale);
	}

	private ResponseEntity<byte[]> asYaml(HttpServletRequest request, Locale locale) throws JsonProcessingException {
		return ResponseEntity.ok()
			.contentType(new MediaType("application", "yaml"))
			.body(this.document.openapiYaml(request, this.path, locale));
	}

}
