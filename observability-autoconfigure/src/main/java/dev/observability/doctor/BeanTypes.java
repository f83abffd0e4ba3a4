package dev.observability.doctor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Bean look-ups by class name, for types whose library may be absent.
 */
final class BeanTypes {

	private BeanTypes() {
	}

	/**
	 * The names of the singleton beans of a type, without creating any.
	 * @param beanFactory where to look
	 * @param className the type's class name
	 * @return the names, empty when the class is absent
	 */
	static String[] namesOf(ListableBeanFactory beanFactory, String className) {
		ClassLoader classLoader = BeanTypes.class.getClassLoader();
		if (!ClassUtils.isPresent(className, classLoader)) {
			return new String[0];
		}
		return beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(className, classLoader), false, false);
	}

	static boolean hasBean(ListableBeanFactory beanFactory, String className) {
		return namesOf(beanFactory, className).length > 0;
	}

}
