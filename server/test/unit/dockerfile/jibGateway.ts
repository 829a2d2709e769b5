// oktadev/auth0-micro-frontends-jhipster-example (dbffeb2d, Apache-2.0), reduced: the gateway's Gradle build with Jib
// (gateway/build.gradle, gateway/gradle/docker.gradle), its routes relaying the token (gateway/src/main/resources/config/
// application{,-prod}.yml) and the blog's registry setting; shared by the tests of Jib builds (dockerfile, threats).

/** The gateway module's files, its Jib plugin pushing `jibImage`. */
export const jibGatewayModule = (jibImage: string): Record<string, string> => ({
  'gateway/build.gradle': ['plugins {', '    id "java"', '    id "org.springframework.boot"', '    id "com.google.cloud.tools.jib"', '}', '', 'apply from: "gradle/docker.gradle"', 'apply from: "gradle/sonar.gradle"', ''].join('\n'),
  'gateway/gradle/docker.gradle': ['jib {', '    from {', '        image = "eclipse-temurin:17-jre-focal"', '    }', '    to {', `        image = "${jibImage}"`, '    }', '    container {', '        ports = ["8080"]', '    }', '}', ''].join('\n'),
  'gateway/src/main/resources/config/application.yml': [
    'spring:',
    '  application:',
    '    name: gateway',
    '  cloud:',
    '    consul:',
    '      discovery:',
    '        service-name: gateway',
    '    gateway:',
    '      default-filters:',
    '        - TokenRelay',
    '      discovery:',
    '        locator:',
    '          enabled: true',
    '          lower-case-service-id: true',
    '',
  ].join('\n'),
  // The registry both use (application-prod.yml), and the blog's name in it.
  'gateway/src/main/resources/config/application-prod.yml': ['spring:', '  cloud:', '    consul:', '      discovery:', '        prefer-ip-address: true', '      host: localhost', ''].join('\n'),
  'blog/src/main/resources/config/application.yml': ['spring:', '  application:', '    name: blog', '  cloud:', '    consul:', '      host: localhost', ''].join('\n'),
});
