package dev.observability.sample.messaging;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The shop's topics, created at startup by Spring Boot's {@code KafkaAdmin} when they do
 * not exist yet.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopics {

	@Bean
	NewTopic orderPlacedTopic() {
		return TopicBuilder.name(OrderEvents.ORDER_PLACED).partitions(1).build();
	}

}
