/**
 * The fields of each section of prometheus.yml, as config/config.go and common/config declare them
 * (Go's YAML decoder rejects any other: "field x not found in type config.plain").
 */

/** Service discovery sections a scrape or Alertmanager config may have (discovery/*: their Name() + `_sd_configs`). */
export const sdConfigs = [
  'aws', 'azure', 'consul', 'digitalocean', 'dns', 'docker', 'dockerswarm', 'ec2', 'ecs', 'elasticache', 'eureka', 'file', 'gce', 'hetzner', 'http', 'ionos', 'kubernetes', 'kuma', 'lightsail', 'linode',
  'marathon', 'msk', 'nerve', 'nomad', 'oci', 'openstack', 'outscale', 'ovhcloud', 'puppetdb', 'rds', 'scaleway', 'serverset', 'stackit', 'triton', 'uyuni', 'vultr',
].map((name) => `${name}_sd_configs`);

/** common/config.HTTPClientConfig, inlined in scrape, Alertmanager and remote configs. */
const httpClient = ['basic_auth', 'authorization', 'oauth2', 'bearer_token', 'bearer_token_file', 'tls_config', 'follow_redirects', 'enable_http2', 'proxy_url', 'no_proxy', 'proxy_from_environment', 'proxy_connect_header', 'http_headers'];

export const configKeys: Record<string, readonly string[]> = {
  'config.plain': ['global', 'runtime', 'alerting', 'rule_files', 'scrape_config_files', 'scrape_configs', 'storage', 'tracing', 'remote_write', 'remote_read', 'otlp'],
  'config.GlobalConfig': [
    'scrape_interval', 'scrape_timeout', 'scrape_protocols', 'evaluation_interval', 'rule_query_offset', 'query_log_file', 'scrape_failure_log_file', 'external_labels', 'body_size_limit', 'sample_limit', 'target_limit', 'label_limit',
    'label_name_length_limit', 'label_value_length_limit', 'keep_dropped_targets', 'metric_name_validation_scheme', 'metric_name_escaping_scheme', 'scrape_native_histograms', 'convert_classic_histograms_to_nhcb', 'always_scrape_classic_histograms', 'extra_scrape_metrics',
  ],
  'config.ScrapeConfig': [
    'job_name', 'honor_labels', 'honor_timestamps', 'track_timestamps_staleness', 'params', 'scrape_interval', 'scrape_timeout', 'scrape_protocols', 'fallback_scrape_protocol', 'scrape_native_histograms', 'always_scrape_classic_histograms',
    'convert_classic_histograms_to_nhcb', 'scrape_failure_log_file', 'metrics_path', 'scheme', 'enable_compression', 'body_size_limit', 'sample_limit', 'target_limit', 'label_limit', 'label_name_length_limit', 'label_value_length_limit',
    'native_histogram_bucket_limit', 'native_histogram_min_bucket_factor', 'keep_dropped_targets', 'metric_name_validation_scheme', 'metric_name_escaping_scheme', 'extra_scrape_metrics', 'relabel_configs', 'metric_relabel_configs',
    'static_configs', ...sdConfigs, ...httpClient,
  ],
  'config.AlertingConfig': ['alert_relabel_configs', 'alertmanagers'],
  'config.AlertmanagerConfig': ['sigv4', 'scheme', 'path_prefix', 'timeout', 'api_version', 'relabel_configs', 'alert_relabel_configs', 'static_configs', ...sdConfigs, ...httpClient],
  'config.RemoteWriteConfig': [
    'url', 'remote_timeout', 'headers', 'write_relabel_configs', 'name', 'send_exemplars', 'send_native_histograms', 'round_robin_dns', 'protobuf_message', 'failed_request_logging', 'queue_config', 'metadata_config', 'sigv4', 'azuread', 'google_iam', ...httpClient,
  ],
  'config.RemoteReadConfig': ['url', 'remote_timeout', 'chunked_read_limit', 'headers', 'read_recent', 'name', 'required_matchers', 'filter_external_labels', ...httpClient],
  'config.QueueConfig': ['capacity', 'max_shards', 'min_shards', 'max_samples_per_send', 'batch_send_deadline', 'min_backoff', 'max_backoff', 'retry_on_http_429', 'sample_age_limit'],
  'config.MetadataConfig': ['send', 'send_interval', 'max_samples_per_send'],
  'config.StorageConfig': ['tsdb', 'exemplars'],
  'config.RuntimeConfig': ['gogc'],
  'config.TracingConfig': ['client_type', 'endpoint', 'sampling_fraction', 'insecure', 'tls_config', 'headers', 'compression', 'timeout'],
  'relabel.Config': ['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action'],
  'targetgroup.Group': ['targets', 'labels'],
};

export const relabelActions = ['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'];
