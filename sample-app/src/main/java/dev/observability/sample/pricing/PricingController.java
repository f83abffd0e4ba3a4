package dev.observability.sample.pricing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Quotes a price. In this demo it stands for a pricing service of its own; the order flow
 * calls it over HTTP.
 */
@RestController
@RequestMapping("/api/prices")
class PricingController {

	private static final Logger logger = LoggerFactory.getLogger(PricingController.class);

	@GetMapping("/{item}")
	Quote quote(@PathVariable String item, @RequestParam(defaultValue = "1") int quantity) {
		long cents = 1999L * Math.max(1, quantity);
		logger.info("Pricing {} x {}: {} cents", quantity, item, cents);
		return new Quote(item, quantity, cents);
	}

	/** A price quote. */
	record Quote(String item, int quantity, long cents) {
	}

}
