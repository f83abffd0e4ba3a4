package dev.observability.sample.reactive;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Users: a lookup that answers 404 for unknown ids.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

	private static final Logger logger = LoggerFactory.getLogger(UserController.class);

	private static final Map<Long, User> USERS = Map.of(1L, new User(1L, "Ada"), 2L, new User(2L, "Grace"), 3L,
			new User(3L, "Linus"));

	@GetMapping("/{id}")
	Mono<User> user(@PathVariable long id) {
		User user = USERS.get(id);
		if (user == null) {
			logger.info("No user {}", id);
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user"));
		}
		return Mono.just(user);
	}

	record User(long id, String name) {
	}

}
