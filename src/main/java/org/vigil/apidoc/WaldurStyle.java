package org.vigil.apidoc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;

import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.method.HandlerMethod;

/**
 * The document in Waldur's shape (drf-spectacular's): paths with their trailing slash,
 * operation ids such as {@code marketplace_integration_statuses_list}, and on paged lists
 * the {@code page} and {@code page_size} parameters and the {@code X-Result-Count} and
 * {@code Link} headers. Applies to every controller, those added later included.
 */
class WaldurStyle implements GlobalOpenApiCustomizer, GlobalOperationCustomizer {

	/**
	 * A paged list (org.vigil.web.Paging): takes its query as a raw map and answers a
	 * list with headers.
	 */
	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		boolean rawQuery = List.of(handler.getMethodParameters())
			.stream()
			.anyMatch((p) -> MultiValueMap.class.isAssignableFrom(p.getParameterType()));
		boolean listAnswer = ResponseEntity.class.isAssignableFrom(handler.getMethod().getReturnType())
				&& handler.getMethod().getGenericReturnType().getTypeName().contains("java.util.List<");
		if (rawQuery && operation.getParameters() != null) {
			List<String> maps = List.of(handler.getMethodParameters())
				.stream()
				.filter((p) -> MultiValueMap.class.isAssignableFrom(p.getParameterType()))
				.map((p) -> p.getParameterName())
				.toList();
			operation.getParameters().removeIf((p) -> "query".equals(p.getIn()) && maps.contains(p.getName()));
		}
		if (rawQuery && listAnswer) {
			operation.addExtension("x-vigil-paged", true);
		}
		return operation;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Paths slashed = new Paths();
		openApi.getPaths().forEach((path, item) -> {
			String withSlash = path.endsWith("/") ? path : path + "/";
			item.readOperationsMap().forEach((method, operation) -> shape(withSlash, method, operation));
			slashed.addPathItem(withSlash, item);
		});
		openApi.setPaths(slashed);
	}

	private static void shape(String path, PathItem.HttpMethod method, Operation operation) {
		operation.setOperationId(operationId(path, method));
		operation.setTags(List.of(path.split("/")[2]));
		if (operation.getParameters() != null) {
			// org.vigil.web.Uuids reads every UUID in a path, with or without hyphens.
			operation.getParameters()
				.stream()
				.filter((p) -> "path".equals(p.getIn()) && p.getName().toLowerCase(Locale.ROOT).endsWith("uuid"))
				.forEach((p) -> p.getSchema().setFormat("uuid"));
		}
		ApiResponses responses = operation.getResponses();
		if (operation.getExtensions() != null && operation.getExtensions().remove("x-vigil-paged") != null) {
			paged(operation, method);
		}
		if (operation.getExtensions() != null && operation.getExtensions().isEmpty()) {
			operation.setExtensions(null);
		}
		if (operation.getSecurity() == null || !operation.getSecurity().isEmpty()) {
			responses.putIfAbsent("401", error("No credentials, or a key that is unknown, revoked or expired."));
		}
		if (path.contains("{")) {
			responses.putIfAbsent("404", error("Not found, or not visible to the caller."));
		}
	}

	private static void paged(Operation operation, PathItem.HttpMethod method) {
		operation.addParametersItem(new Parameter().in("query")
			.name("page")
			.description("A page number within the paginated result set, from 1, or \"last\".")
			.schema(new Schema<Integer>().type("integer")));
		operation.addParametersItem(new Parameter().in("query")
			.name("page_size")
			.description("Number of results to return per page: default 10, at most 300.")
			.schema(new Schema<Integer>().type("integer")));
		ApiResponse ok = operation.getResponses().get("200");
		if (ok != null) {
			Map<String, Header> headers = new LinkedHashMap<>();
			headers.put("X-Result-Count", new Header().description("Total number of results available")
				.schema(new Schema<Integer>().type("integer")));
			headers.put("Link", new Header().description("first, prev, next and last pages, as RFC 8288 links")
				.schema(new StringSchema()));
			ok.setHeaders(headers);
			if (method == PathItem.HttpMethod.HEAD) {
				ok.setContent(null);
				ok.setDescription("No response body");
			}
		}
		operation.getResponses().putIfAbsent("404", error("page past the last: {\"detail\": \"Invalid page.\"}"));
	}

	/**
	 * drf-spectacular's ids: the path's words joined by underscores, then list, count
	 * (HEAD), create, retrieve, partial_update or destroy; an action (a last word with an
	 * underscore, such as {@code check_in}, or a second word in a row, such as
	 * {@code users/me}) is its path's words alone.
	 */
	static String operationId(String path, PathItem.HttpMethod method) {
		List<String> segments = List.of(path.replaceFirst("^/api/", "").split("/"));
		String words = String.join("_",
				segments.stream().filter((s) -> !s.startsWith("{")).map((s) -> s.replace('-', '_')).toList());
		String last = segments.get(segments.size() - 1);
		boolean afterWord = segments.size() > 1 && !segments.get(segments.size() - 2).startsWith("{");
		if (!last.startsWith("{") && (last.contains("_") || afterWord)) {
			return words;
		}
		boolean detail = last.startsWith("{");
		return words + "_" + switch (method) {
			case GET -> detail ? "retrieve" : "list";
			case HEAD -> "count";
			case POST -> "create";
			case PUT -> "update";
			case PATCH -> "partial_update";
			case DELETE -> "destroy";
			default -> method.name().toLowerCase(Locale.ROOT);
		};
	}

	private static ApiResponse error(String description) {
		return new ApiResponse().description(description).content(ApiDocConfig.errorContent());
	}

}
