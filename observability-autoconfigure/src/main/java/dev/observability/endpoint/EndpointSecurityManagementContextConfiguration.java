package dev.observability.endpoint;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.HierarchicalBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.Assert;

/**
 * On a separate management port, installs the stand-alone scrape endpoint filter of the
 * application context in the management context too. (With Spring Security's filter,
 * Spring Boot already shares it, and the scrape endpoints' chain with it.)
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(name = EndpointSecurityAutoConfiguration.STANDALONE_FILTER_BEAN, search = SearchStrategy.ANCESTORS)
class EndpointSecurityManagementContextConfiguration {

	@Bean(EndpointSecurityAutoConfiguration.STANDALONE_FILTER_BEAN)
	FilterRegistrationBean<EndpointOnlyFilter> observabilityEndpointSecurityFilter(
			HierarchicalBeanFactory beanFactory) {
		BeanFactory parent = beanFactory.getParentBeanFactory();
		Assert.state(parent != null, "the management context has no parent");
		FilterRegistrationBean<?> registration = parent
			.getBean(EndpointSecurityAutoConfiguration.STANDALONE_FILTER_BEAN, FilterRegistrationBean.class);
		EndpointOnlyFilter filter = (EndpointOnlyFilter) registration.getFilter();
		Assert.state(filter != null, "the parent's endpoint security registration has no filter");
		return EndpointSecurityAutoConfiguration.ServletConfiguration.registration(filter);
	}

}
