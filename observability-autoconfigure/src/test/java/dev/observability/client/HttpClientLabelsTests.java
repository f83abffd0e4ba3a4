package dev.observability.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route label is the path of the template, whatever base URL was put in front of it
 * and whatever query follows it.
 */
class HttpClientLabelsTests {

	@Test
	void routeIsThePathOfTheTemplateWithoutSchemeAndHost() {
		assertThat(HttpClientLabels.pathOf("http://inventory:8080/api/stock/{sku}")).isEqualTo("/api/stock/{sku}");
		assertThat(HttpClientLabels.pathOf("https://{host}/api/{id}")).isEqualTo("/api/{id}");
		assertThat(HttpClientLabels.pathOf("/api/users/{id}")).isEqualTo("/api/users/{id}");
		assertThat(HttpClientLabels.pathOf("api/users")).isEqualTo("/api/users");
		assertThat(HttpClientLabels.pathOf("http://inventory:8080")).isEqualTo("/");
	}

	@Test
	void queryAndFragmentAreNotPartOfTheRoute() {
		assertThat(HttpClientLabels.pathOf("/api/prices/{item}?quantity={quantity}")).isEqualTo("/api/prices/{item}");
		assertThat(HttpClientLabels.pathOf("http://inventory:8080/api/stock?sku=a-17")).isEqualTo("/api/stock");
		assertThat(HttpClientLabels.pathOf("https://docs.example/guide#{section}")).isEqualTo("/guide");
		assertThat(HttpClientLabels.pathOf("http://inventory:8080?page={page}")).isEqualTo("/");
	}

}
