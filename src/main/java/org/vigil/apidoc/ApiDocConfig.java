package org.vigil.apidoc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.vigil.auth.Caller;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.MultiValueMap;

/**
 * The OpenAPI document at {@code /api/schema/}, public: springdoc reads Spring's own
 * mappings and the controllers' annotations; this adds what neither says (the token
 * scheme, Vigil's JSON naming, Waldur's paths and operation ids: {@link WaldurStyle}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocConfig {

	static final String TOKEN_SCHEME = "tokenAuth";

	static final String ERROR = "Error";

	static {
		// Supplied by auth's argument resolver, not by the client.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
		// Query parameters taken as a raw map are declared one by one with @Parameter
		// on the handler.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(MultiValueMap.class);
	}

	@Bean
	OpenAPI vigilOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Vigil API")
				.version("1")
				.description("Waldur's Marketplace Integration Statuses API, with check-ins, history, "
						+ "a live stream of status events and administration. Every path works with and "
						+ "without its trailing slash. Errors are {\"detail\": ...} or, for invalid input, "
						+ "a map of field to messages."))
			.components(new Components()
				.addSecuritySchemes(TOKEN_SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("Authorization")
							.description("\"Token <key>\" (Waldur's scheme); \"Bearer <key>\" and "
									+ "\"Bearer Token <key>\" are accepted too."))
				.addSchemas(ERROR,
						new ObjectSchema().description("An error, or for invalid input a map of field to messages.")
							.addProperty("detail", new StringSchema())))
			.security(List.of(new SecurityRequirement().addList(TOKEN_SCHEME)));
	}

	/**
	 * Properties as the API writes them: snake_case, as
	 * {@code spring.jackson.property-naming-strategy} says for the real answers.
	 */
	@Bean
	ModelResolver snakeCaseModels() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	/** After the credentials filter: the document needs none, and the path is open. */
	@Bean
	FilterRegistrationBean<YamlSchemaFilter> yamlSchemaFilter(OpenApiWebMvcResource document,
			@Value("${springdoc.api-docs.path}") String path) {
		var registration = new FilterRegistrationBean<>(new YamlSchemaFilter(document, path));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 40);
		return registration;
	}

	@Bean
	WaldurStyle waldurStyle() {
		return new WaldurStyle();
	}

	static Content errorContent() {
		return new Content().addMediaType("application/json",
				new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<Map<String, Object>>()
					.$ref("#/components/schemas/" + ERROR)));
	}

}
