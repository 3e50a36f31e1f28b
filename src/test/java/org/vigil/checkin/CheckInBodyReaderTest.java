package org.vigil.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * The check-in body read by hand: each kind of bad input is a field error, without a
 * server.
 */
class CheckInBodyReaderTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String OFFERING = "0b7f5b52-5f4e-4a4c-9f39-2d0c1b3e6a11";

	@Test
	void readsALabelACodeOrAListOfThemEachOnceInOrder() {
		CheckInBodyReader.Body one = read("{\"offering_uuid\":\"" + OFFERING + "\",\"agent_type\":\"usage reporting\"}",
				"agent/1.0");
		assertThat(one.offeringUuid()).isEqualTo(UUID.fromString(OFFERING));
		assertThat(one.agentTypes()).containsExactly(AgentType.USAGE_REPORTING);
		assertThat(one.asList()).isFalse();
		assertThat(one.serviceName()).as("the User-Agent when none is given").isEqualTo("agent/1.0");

		CheckInBodyReader.Body list = read(
				"{\"offering_uuid\":\"" + OFFERING.replace("-", "")
						+ "\",\"agent_type\":[5,\"Order processing\",\"5\",1],\"service_name\":\"  site agent  \"}",
				null);
		assertThat(list.offeringUuid()).as("the hex form").isEqualTo(UUID.fromString(OFFERING));
		assertThat(list.agentTypes()).containsExactly(AgentType.EVENT_PROCESSING, AgentType.ORDER_PROCESSING);
		assertThat(list.asList()).isTrue();
		assertThat(list.serviceName()).isEqualTo("site agent");
	}

	@Test
	void theUserAgentLosesControlCharactersAndIsCutToFit() {
		assertThat(read(valid(), "  a\u0007g\r\nent\u0000  ").serviceName()).isEqualTo("agent");
		assertThat(read(valid(), "x".repeat(400)).serviceName()).hasSize(CheckInBodyReader.SERVICE_NAME_MAX);
		assertThat(read(valid(), null).serviceName()).isEmpty();
		assertThat(read("{\"offering_uuid\":\"" + OFFERING + "\",\"agent_type\":1,\"service_name\":null}", "ua")
			.serviceName()).as("null is not given").isEqualTo("ua");
	}

	@Test
	void aBodyThatIsNotAnObjectIsANonFieldError() {
		for (String body : List.of("[]", "\"text\"", "42", "null", "true")) {
			assertThat(errors(body)).as(body)
				.isEqualTo(Map.of("non_field_errors", List.of("Invalid data. Expected a JSON object.")));
		}
	}

	@Test
	void missingFieldsAreRequired() {
		assertThat(errors("{}")).isEqualTo(Map.of("offering_uuid", List.of("This field is required."), "agent_type",
				List.of("This field is required.")));
		assertThat(errors("{\"offering_uuid\":null,\"agent_type\":null}")).isEqualTo(Map.of("offering_uuid",
				List.of("This field is required."), "agent_type", List.of("This field is required.")));
	}

	@Test
	void anOfferingUuidMustBeAUuidString() {
		assertThat(errors("{\"offering_uuid\":42,\"agent_type\":1}"))
			.isEqualTo(Map.of("offering_uuid", List.of("Must be a valid UUID.")));
		assertThat(errors("{\"offering_uuid\":{},\"agent_type\":1}"))
			.isEqualTo(Map.of("offering_uuid", List.of("Must be a valid UUID.")));
		assertThat(errors("{\"offering_uuid\":\"nope\",\"agent_type\":1}"))
			.isEqualTo(Map.of("offering_uuid", List.of("\u201cnope\u201d is not a valid UUID.")));
	}

	@Test
	void anAgentTypeMustBeOneOfTheChoices() {
		assertThat(errors(withType("\"Backups\""))).isEqualTo(
				Map.of("agent_type", List.of("Select a valid choice. Backups is not one of the available choices.")));
		assertThat(errors(withType("6")))
			.isEqualTo(Map.of("agent_type", List.of("Select a valid choice. 6 is not one of the available choices.")));
		assertThat(errors(withType("1.0"))).as("not an integral number")
			.isEqualTo(
					Map.of("agent_type", List.of("Select a valid choice. 1.0 is not one of the available choices.")));
		assertThat(errors(withType("true"))).isEqualTo(
				Map.of("agent_type", List.of("Select a valid choice. true is not one of the available choices.")));
		assertThat(errors(withType("{\"a\":1}"))).isEqualTo(
				Map.of("agent_type", List.of("Select a valid choice. {\"a\":1} is not one of the available choices.")));
		assertThat(errors(withType("[]"))).isEqualTo(Map.of("agent_type", List.of("This list may not be empty.")));
		assertThat(errors(withType("[1,\"x\",[2]]"))).as("one error per bad item")
			.isEqualTo(Map.of("agent_type", List.of("Select a valid choice. x is not one of the available choices.",
					"Select a valid choice. [2] is not one of the available choices.")));
	}

	@Test
	void aGivenServiceNameMustBeStorableTextThatFits() {
		assertThat(errors(withName("7"))).isEqualTo(Map.of("service_name", List.of("Not a valid string.")));
		assertThat(errors(withName("\"a\\u0000b\"")))
			.isEqualTo(Map.of("service_name", List.of("Null characters are not allowed.")));
		assertThat(errors(withName("\"a\\ud800b\"")))
			.isEqualTo(Map.of("service_name", List.of("Surrogate characters are not allowed: U+D800.")));
		assertThat(errors(withName("\"" + "n".repeat(151) + "\"")))
			.isEqualTo(Map.of("service_name", List.of("Ensure this field has no more than 150 characters.")));
		assertThat(read(withName("\"  " + "n".repeat(150) + "  \""), null).serviceName()).as("stripped first")
			.hasSize(150);
	}

	@Test
	void everyFieldsErrorsComeInOneAnswer() {
		assertThat(errors("{\"offering_uuid\":1,\"agent_type\":\"x\",\"service_name\":[]}"))
			.isEqualTo(Map.of("offering_uuid", List.of("Must be a valid UUID."), "agent_type",
					List.of("Select a valid choice. x is not one of the available choices."), "service_name",
					List.of("Not a valid string.")));
	}

	private static String valid() {
		return "{\"offering_uuid\":\"" + OFFERING + "\",\"agent_type\":1}";
	}

	private static String withType(String type) {
		return "{\"offering_uuid\":\"" + OFFERING + "\",\"agent_type\":" + type + "}";
	}

	private static String withName(String name) {
		return "{\"offering_uuid\":\"" + OFFERING + "\",\"agent_type\":1,\"service_name\":" + name + "}";
	}

	private static CheckInBodyReader.Body read(String body, String userAgent) {
		return CheckInBodyReader.read(JSON.readTree(body), userAgent);
	}

	private static Object errors(String body) {
		ApiException[] thrown = new ApiException[1];
		assertThatThrownBy(() -> read(body, "ua")).as(body).isInstanceOfSatisfying(ApiException.class, (ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
			thrown[0] = ex;
		});
		return thrown[0].body();
	}

}
