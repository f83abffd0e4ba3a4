package dev.observability.alerting.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An empty web application for the endpoint tests: the starter's auto-configurations and
 * actuator, nothing else.
 */
@SpringBootApplication
public class AlertingTestApplication {

}
