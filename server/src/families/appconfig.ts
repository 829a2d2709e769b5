import type { Family } from './descriptor';
import { appConfigFiles } from '../appconfig/files';
import { mountReader } from '../appconfig/host';
import { appConfigSystemWith } from '../appconfig/system';

/**
 * Application configuration and code (issue #79): the calls a proxy's configuration (nginx, HAProxy, Envoy,
 * Traefik), a framework's (Spring's `application.yml`/`.properties`, `bootstrap.yml`) and the source files of a
 * service write, added to the system map as calls of the component whose configuration or code they are.
 */
export const appConfigFamily: Family = {
  id: 'app-config',
  title: 'Application configuration and code (calls for the system map)',
  files: appConfigFiles,
  system: appConfigSystemWith(mountReader),
};
