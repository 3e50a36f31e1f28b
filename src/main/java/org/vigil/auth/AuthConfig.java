package org.vigil.auth;

import java.time.Clock;
import java.util.List;

import org.jooq.impl.DefaultExecuteListenerProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AuthConfig implements WebMvcConfigurer {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Picked up by Boot's jOOQ auto-configuration for every statement. */
	@Bean
	DefaultExecuteListenerProvider credentialWrites(ObjectProvider<Authenticator> authenticator) {
		return new DefaultExecuteListenerProvider(new CredentialWrites(authenticator));
	}

	/** Registered in its place in the chain by web.WebConfig. */
	@Bean
	TokenAuthenticationFilter tokenAuthenticationFilter(Authenticator authenticator, FailedAuthentications failures) {
		return new TokenAuthenticationFilter(authenticator, failures);
	}

	/** Lets a controller take the authenticated {@link Caller} as a parameter. */
	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new HandlerMethodArgumentResolver() {
			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == Caller.class;
			}

			@Override
			public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
					NativeWebRequest request, WebDataBinderFactory binderFactory) {
				return request.getAttribute(TokenAuthenticationFilter.CALLER, RequestAttributes.SCOPE_REQUEST);
			}
		});
	}

}
