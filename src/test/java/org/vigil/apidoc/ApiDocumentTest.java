package org.vigil.apidoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.ApiTest;
import org.vigil.support.Api.Response;
import org.vigil.web.Uuids;
import org.vigil.support.OneStore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document at /api/schema/ is served without credentials, names every
 * endpoint Spring routes under /api/ (controllers added later included), keeps Waldur's
 * contract (contract/, the file the conformance build uses) for the paths Waldur has, and
 * describes list items as the API really answers them.
 */
@OneStore
class ApiDocumentTest extends ApiTest {

	private static final Path CONTRACT = Path.of("contract", "waldur-integration-statuses.openapi.yaml");

	/** Parameters Vigil adds to Waldur's list (extra filters are allowed). */
	private static final Set<String> VIGIL_EXTRA_STATUS_FILTERS = Set.of("offering_name", "late");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	private OpenAPI document;

	@BeforeEach
	void fetchDocument() throws IOException {
		Response answer = this.api.get("/api/schema/", null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.header("Content-Type")).startsWith("application/json");
		this.document = Json.mapper().readValue(answer.body(), OpenAPI.class);
	}

	@Test
	void isServedWithoutCredentialsAsJsonAndAsYaml() throws IOException {
		assertThat(this.api.get("/api/schema", null).status()).isEqualTo(200);
		Response yaml = this.api.get("/api/schema/?format=yaml", null);
		assertThat(yaml.status()).isEqualTo(200);
		assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
		OpenAPI fromYaml = Yaml.mapper().readValue(yaml.body(), OpenAPI.class);
		assertThat(fromYaml.getPaths().keySet()).isEqualTo(this.document.getPaths().keySet());
	}

	@Test
	void namesEveryEndpointSpringRoutesUnderApiWithItsMethods() {
		Map<String, Set<String>> routed = new TreeMap<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/") || pattern.startsWith("/api/schema")) {
					continue;
				}
				String path = pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}") + "/";
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				assertThat(methods).as("%s names its HTTP methods", pattern).isNotEmpty();
				methods.forEach((m) -> routed.computeIfAbsent(path, (k) -> new TreeSet<>()).add(m.name()));
			}
		}
		Map<String, Set<String>> documented = new TreeMap<>();
		this.document.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.keySet()
				.forEach((m) -> documented.computeIfAbsent(path, (k) -> new TreeSet<>()).add(m.name())));
		assertThat(routed).hasSizeGreaterThan(10);
		assertThat(documented).isEqualTo(routed);
	}

	@Test
	void everyOperationNeedsTheTokenSchemeAndHasItsOwnId() {
		assertThat(this.document.getComponents().getSecuritySchemes().get("tokenAuth").getName())
			.isEqualTo("Authorization");
		assertThat(this.document.getSecurity()).hasSize(1);
		assertThat(this.document.getSecurity().get(0)).containsKey("tokenAuth");
		Set<String> ids = new HashSet<>();
		operations(this.document).forEach((where, operation) -> {
			assertThat(operation.getSecurity()).as(where).isNull();
			assertThat(operation.getResponses()).as(where).containsKey("401");
			assertThat(ids.add(operation.getOperationId())).as("%s: unique id %s", where, operation.getOperationId())
				.isTrue();
		});
	}

	@Test
	void waldursPathsKeepWaldursContract() throws IOException {
		OpenAPI contract = Yaml.mapper().readValue(CONTRACT.toFile(), OpenAPI.class);
		assertThat(contract.getPaths()).isNotEmpty();
		operations(contract).forEach((where, expected) -> {
			String[] pathAndMethod = where.split(" ");
			PathItem item = this.document.getPaths().get(pathAndMethod[1]);
			assertThat(item).as("%s is documented", pathAndMethod[1]).isNotNull();
			Operation actual = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(pathAndMethod[0]));
			assertThat(actual).as("%s is documented", where).isNotNull();
			assertThat(actual.getOperationId()).as(where).isEqualTo(expected.getOperationId());

			Map<String, Parameter> want = parameters(contract, expected);
			Map<String, Parameter> have = parameters(this.document, actual);
			Set<String> extra = new TreeSet<>(have.keySet());
			extra.removeAll(want.keySet());
			assertThat(extra).as("%s: parameters Waldur does not have", where).isSubsetOf(VIGIL_EXTRA_STATUS_FILTERS);
			want.forEach((name, parameter) -> {
				Parameter mine = have.get(name);
				assertThat(mine).as("%s: parameter %s", where, name).isNotNull();
				assertThat(mine.getIn()).as("%s: %s is in", where, name).isEqualTo(parameter.getIn());
				assertThat(mine.getExplode()).as("%s: %s explode", where, name).isEqualTo(parameter.getExplode());
				assertThat(shape(contract, mine.getSchema(), this.document)).as("%s: the type of %s", where, name)
					.isEqualTo(shape(contract, parameter.getSchema(), contract));
			});

			Schema<?> wantItem = itemSchema(contract, expected);
			if (wantItem != null) {
				Schema<?> haveItem = itemSchema(this.document, actual);
				assertThat(haveItem).as("%s answers items", where).isNotNull();
				Map<String, Schema> haveProperties = haveItem.getProperties();
				wantItem.getProperties().forEach((name, property) -> {
					assertThat(haveProperties).as("%s: item property %s", where, name).containsKey(name);
					Schema<?> mine = haveProperties.get(name);
					Schema<?> theirs = resolve(contract, property);
					if (theirs.getType() != null) {
						assertThat(mine.getType()).as("%s: type of %s", where, name).isEqualTo(theirs.getType());
						assertThat(mine.getFormat()).as("%s: format of %s", where, name).isEqualTo(theirs.getFormat());
					}
					assertThat(Boolean.TRUE.equals(mine.getNullable())).as("%s: %s nullable", where, name)
						.isEqualTo(Boolean.TRUE.equals(theirs.getNullable()));
				});
			}
		});
	}

	/**
	 * What the lists really answer: every property of an item is documented, and nothing
	 * documented is missing; the paged ones send X-Result-Count as documented.
	 */
	@Test
	void listsAnswerWhatTheDocumentSays() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		this.api.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
				Map.of("offering_uuid", offering, "agent_type", "Order processing"));
		// A mirrored status also shows its source: every documented field.
		Response source = this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "upstream", "url", "https://waldur.example.org/api/", "token", "read-only"));
		this.db.update(OFFERING)
			.set(OFFERING.SOURCE_ID,
					this.db.select(MIRROR_SOURCE.ID)
						.from(MIRROR_SOURCE)
						.where(MIRROR_SOURCE.UUID.eq(Uuids.parse(source.field("uuid")).orElseThrow()))
						.fetchOne(MIRROR_SOURCE.ID))
			.where(OFFERING.UUID.eq(Uuids.parse(offering).orElseThrow()))
			.execute();
		int checked = 0;
		for (var entry : operations(this.document).entrySet()) {
			String[] pathAndMethod = entry.getKey().split(" ");
			if (!pathAndMethod[0].equals("GET") || pathAndMethod[1].contains("{")
					|| pathAndMethod[1].endsWith("/stream/")) {
				continue;
			}
			Response answer = this.api.get(pathAndMethod[1], ADMIN);
			assertThat(answer.status()).as(entry.getKey()).isEqualTo(200);
			var ok = entry.getValue().getResponses().get("200");
			if (ok.getHeaders() != null && ok.getHeaders().containsKey("X-Result-Count")) {
				assertThat(answer.header("X-Result-Count")).as(entry.getKey()).isNotNull();
			}
			Schema<?> item = itemSchema(this.document, entry.getValue());
			if (item == null || !answer.body().startsWith("[")) {
				continue;
			}
			List<Map<String, Object>> items = answer.list();
			if (items.isEmpty()) {
				continue;
			}
			assertThat(items.get(0).keySet()).as(entry.getKey()).isEqualTo(item.getProperties().keySet());
			checked++;
		}
		assertThat(checked).isGreaterThanOrEqualTo(4);
	}

	private static Map<String, Operation> operations(OpenAPI api) {
		Map<String, Operation> all = new LinkedHashMap<>();
		api.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> all.put(method.name() + " " + path, operation)));
		return all;
	}

	private static Map<String, Parameter> parameters(OpenAPI api, Operation operation) {
		Map<String, Parameter> byName = new TreeMap<>();
		for (Parameter parameter : (operation.getParameters() != null) ? operation.getParameters()
				: List.<Parameter>of()) {
			Parameter resolved = parameter;
			if (parameter.get$ref() != null) {
				resolved = api.getComponents()
					.getParameters()
					.get(parameter.get$ref().substring(parameter.get$ref().lastIndexOf('/') + 1));
			}
			byName.put(resolved.getName(), resolved);
		}
		return byName;
	}

	/** Type, format, item type and enum values: what a generated client depends on. */
	private static List<Object> shape(OpenAPI contract, Schema<?> schema, OpenAPI owner) {
		Schema<?> s = resolve(owner, schema);
		List<Object> shape = new ArrayList<>();
		shape.add(s.getType());
		shape.add(s.getFormat());
		shape.add((s.getEnum() != null) ? new TreeSet<>(s.getEnum().stream().map(String::valueOf).toList()) : null);
		if (s.getItems() != null) {
			shape.add(shape(contract, s.getItems(), owner));
		}
		return shape;
	}

	private static Schema<?> resolve(OpenAPI api, Schema<?> schema) {
		if (schema.get$ref() != null) {
			return api.getComponents()
				.getSchemas()
				.get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
		}
		return schema;
	}

	private static Schema<?> itemSchema(OpenAPI api, Operation operation) {
		var ok = operation.getResponses().get("200");
		if (ok == null || ok.getContent() == null || ok.getContent().get("application/json") == null) {
			return null;
		}
		Schema<?> schema = resolve(api, ok.getContent().get("application/json").getSchema());
		if ("array".equals(schema.getType())) {
			schema = resolve(api, schema.getItems());
		}
		return (schema.getProperties() != null) ? schema : null;
	}

}
