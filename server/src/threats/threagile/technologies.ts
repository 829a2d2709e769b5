/**
 * The technologies a derived model gives its assets, with the attributes Threagile's technology
 * table sets for each (schemas/threagile/technologies.json, MIT; a test checks they are the same).
 * The rules test these attributes, never the names.
 */
import type { Technology } from './model';

export const technologyAttributes: Record<string, readonly string[]> = {
  browser: ['browser', 'client', 'frontend_related', 'less_protected_type', 'propagate_identity_to_outgoing_targets'],
  vault: ['backend_related', 'security_control_related', 'vault'],
  database: ['backend_related', 'database', 'storing_end_user_data', 'vulnerable_to_query_injection'],
  "search-engine": ['backend_related', 'propagate_identity_to_outgoing_targets', 'search-engine', 'search_related'],
  "message-queue": ['backend_related', 'message-queue', 'propagate_identity_to_outgoing_targets', 'storing_end_user_data'],
  function: ['function', 'propagate_identity_to_outgoing_targets'],
  "unknown-technology": [],
  "build-pipeline": ['build-pipeline', 'development_relevant', 'less_protected_type'],
  "reverse-proxy": ['close_to_high_value_targets_tolerated', 'frontend_related', 'http_internet_access_ok', 'no_authentication_required', 'no_network_segmentation_required', 'no_storage_at_rest', 'propagate_identity_to_outgoing_targets', 'reverse-proxy', 'traffic_forwarding'],
  "load-balancer": ['close_to_high_value_targets_tolerated', 'frontend_related', 'load-balancer', 'no_authentication_required', 'no_storage_at_rest', 'propagate_identity_to_outgoing_targets', 'traffic_forwarding'],
  monitoring: ['close_to_high_value_targets_tolerated', 'less_protected_type', 'monitoring', 'unnecessary_data_tolerated', 'unprotected_communications_tolerated'],
  task: ['propagate_identity_to_outgoing_targets', 'task'],
  "web-service-rest": ['backend_related', 'less_protected_type', 'processing_end_user_requests', 'propagate_identity_to_outgoing_targets', 'web-service-rest', 'web_service'],
  "container-platform": ['backend_related', 'container-platform', 'container_platform'],
  "identity-provider": ['backend_related', 'high_value_target', 'identity-provider', 'identity_related', 'propagate_identity_to_outgoing_targets', 'web_application'],
  "sourcecode-repository": ['development_relevant', 'less_protected_type', 'may_contain_secrets', 'sourcecode-repository'],
};



export function technology(name: string): Technology {
  return { name, attributes: Object.fromEntries((technologyAttributes[name] ?? []).map((a) => [a, true])) };
}
