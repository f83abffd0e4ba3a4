package dev.observability.doctor.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application for the pitfall report's end-to-end tests: one route, the starter's
 * defaults otherwise.
 */
@SpringBootApplication
public class DoctorTestApplication {

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
