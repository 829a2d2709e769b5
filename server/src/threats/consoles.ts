/**
 * Admin and data consoles (issue #78): a component is a risk by what it is and what it exposes,
 * not only by the data traced to it. An MLflow server, a Grafana, a Prometheus or an Alertmanager
 * published outside its boundary serves experiments, models, metrics, dashboards and silences to
 * whoever reaches it; whether it asks for credentials is a product default that a setting may change.
 * The table says, per product, what it exposes, whether it authenticates by default, and which
 * settings change that — each from the product's documentation (`source`). Pure: a block's lines in,
 * the verdict and the lines that make it out.
 */
import type { Confidentiality, Criticality } from './threagile/model';

export interface ConsoleProduct {
  /** The map's technology name (technology.ts) or what the image's last path segment starts with. */
  name: string;
  technologies: readonly string[];
  images: RegExp;
  /** What an unauthenticated caller gets: the data asset the console exposes. */
  exposes: string;
  confidentiality: Confidentiality;
  /** `critical` when a caller can change what the system does (register a model, silence an alert, run code). */
  integrity: Criticality;
  /** Without any setting: `none` (no login at all), `default-credentials` (a well-known user and password), `required`. */
  defaultAuth: 'none' | 'default-credentials' | 'required';
  /** A line that turns authentication off (anonymous access, an empty token, `trust`). */
  anonymous?: RegExp;
  /** A line that turns authentication on or sets the credentials (a password other than the default, an auth config). */
  authenticated?: RegExp;
  /** A line that sets the well-known default credentials explicitly (`admin`/`admin`, `guest`). */
  defaultCredentials?: RegExp;
  /**
   * A line that makes anonymous callers administrators (Grafana's `GF_AUTH_ANONYMOUS_ORG_ROLE=Admin`): with anonymous
   * access on, whoever reaches it administers it with no credentials at all — a finding of its own, as default credentials (#95).
   */
  anonymousAdmin?: RegExp;
  /** A line that makes it listen on every interface where its default is the loopback (`--host 0.0.0.0`). */
  allInterfaces?: RegExp;
  /** The console's own port, when the product serves other protocols too (RabbitMQ's AMQP beside its management UI): only an entry to it exposes the console. */
  port?: number;
  /** A line that runs it out of the mode its defaults belong to (Vault's `server` without `-dev`): none of them then applies. */
  otherMode?: RegExp;
  /** A product meant to be reached (an identity provider's login pages): a console risk only when it asks for no credentials (its default ones set). */
  onlyWhenOpen?: boolean;
  /** A setting only this product reads (`KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS`): the console known by its environment when its image is one of the project's own or a mirror's. */
  environment?: RegExp;
  /** A dependency line of a build file (pom.xml, build.gradle) that puts the console in the component's image (buildConsoles.ts). */
  build?: RegExp;
  /** The product documentation these defaults come from. */
  sources: readonly string[];
}

/** A value that is a literal, not a reference (`${VAR}`, `{{ .Values.x }}`) nor a secret file. */
const SET = String.raw`["']?[^"'\s{<\x24][^"'\s]*["']?\s*$`;

export const consoleProducts: readonly ConsoleProduct[] = [
  {
    name: 'MLflow', technologies: ['MLflow'], images: /^mlflow/,
    exposes: 'experiments, runs, registered models and their artifacts', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    authenticated: /--app-name["',\s=]+basic-auth\b/,
    allInterfaces: /--host["',\s=]+0\.0\.0\.0\b/,
    sources: ['https://mlflow.org/docs/latest/auth/index.html', 'https://mlflow.org/docs/latest/cli.html#mlflow-server'],
  },
  {
    name: 'Grafana', technologies: ['Grafana'], images: /^grafana(?:-oss|-enterprise)?$/,
    exposes: 'dashboards and the data sources they query', confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'default-credentials',
    anonymous: /\bGF_AUTH_ANONYMOUS_ENABLED["']?\s*[:=]\s*["']?true\b/,
    defaultCredentials: /\bGF_SECURITY_ADMIN_PASSWORD["']?\s*[:=]\s*["']?admin["']?\s*$/,
    anonymousAdmin: /\bGF_AUTH_ANONYMOUS_ORG_ROLE["']?\s*[:=]\s*["']?Admin["']?\s*$/,
    // Its `GF_<SECTION>_<KEY>` settings: a Grafana whose image is a variable (skywalking-showcase's `${GRAFANA_IMAGE}`).
    environment: /^[\s-]*["']?GF_(?:SECURITY|AUTH|SERVER|INSTALL_PLUGINS|PATHS|DATABASE|USERS|PLUGINS)\w*["']?\s*[:=]|^\s*-\s*name:\s*["']?GF_(?:SECURITY|AUTH|SERVER|INSTALL_PLUGINS|PATHS|DATABASE|USERS|PLUGINS)\w*/,
    authenticated: new RegExp(String.raw`\bGF_SECURITY_ADMIN_PASSWORD(?:__FILE)?["']?\s*[:=]\s*` + SET + String.raw`|\bGF_SECURITY_ADMIN_PASSWORD(?:__FILE)?["']?\s*[:=]\s*["']?\$\{|secretKeyRef|\bGF_AUTH_(?:GENERIC_OAUTH|GOOGLE|GITHUB|AZUREAD|LDAP|JWT|PROXY)_ENABLED["']?\s*[:=]\s*["']?true`),
    sources: ['https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#admin_password', 'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/anonymous-auth/'],
  },
  {
    name: 'Prometheus', technologies: ['Prometheus'], images: /^prometheus$/,
    exposes: 'every scraped metric, its targets and the service discovery (the internal topology)', confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    authenticated: /--web\.config\.file\b/,
    sources: ['https://prometheus.io/docs/prometheus/latest/configuration/https/', 'https://prometheus.io/docs/operating/security/#authentication-authorization-and-encryption'],
  },
  {
    name: 'Alertmanager', technologies: ['Alertmanager'], images: /^alertmanager$/,
    exposes: 'the alerts and their silences (anyone can silence an alert)', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    authenticated: /--web\.config\.file\b/,
    sources: ['https://prometheus.io/docs/alerting/latest/https/', 'https://prometheus.io/docs/operating/security/#alertmanager'],
  },
  {
    name: 'Kibana', technologies: ['Kibana'], images: /^kibana(?:-oss)?$/,
    exposes: 'the indexed logs and documents of Elasticsearch', confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'required',
    // The OSS distribution has no security at all (no X-Pack): its image line says so.
    anonymous: /xpack\.security\.enabled["']?\s*[:=]\s*["']?false\b|XPACK_SECURITY_ENABLED["']?\s*[:=]\s*["']?false\b|^\s*image:\s*["']?(?:\S*\/)?kibana-oss(?:[:@"'\s]|$)/i,
    sources: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/security-settings.html'],
  },
  {
    name: 'Elasticsearch', technologies: ['Elasticsearch'], images: /^elasticsearch(?:-oss)?$/,
    exposes: 'its indices over its HTTP API', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'required',
    anonymous: /xpack\.security\.enabled["']?\s*[:=]\s*["']?false\b|^\s*image:\s*["']?(?:\S*\/)?elasticsearch-oss(?:[:@"'\s]|$)/i,
    sources: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/security-settings.html', 'https://www.elastic.co/guide/en/elasticsearch/reference/7.10/docker.html'],
  },
  {
    // By its technology too: an image built `FROM rabbitmq:management` (Pacco's compose/rabbitmq/Dockerfile, issue #95).
    name: 'RabbitMQ management', technologies: ['RabbitMQ'], images: /^rabbitmq$/,
    exposes: 'the management UI and HTTP API (queues, messages, users)', port: 15672, confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'default-credentials',
    // The environment's, or `default_user`/`default_pass` of its rabbitmq.conf (envFiles.ts reads one a Compose bind mount
    // gives as settings); a configuration file of its own that cannot be read (a ConfigMap's) is taken to set its users.
    defaultCredentials: /\b(?:RABBITMQ_DEFAULT_(?:USER|PASS)|default_(?:user|pass))["']?\s*[:=]\s*["']?guest["']?\s*$/,
    authenticated: new RegExp(String.raw`\b(?:RABBITMQ_DEFAULT_PASS(?:_FILE)?|default_pass|RABBITMQ_CONFIG_FILE)["']?\s*[:=]\s*` + SET + String.raw`|\bRABBITMQ_DEFAULT_PASS["']?\s*[:=]\s*["']?\$\{|secretKeyRef`),
    sources: ['https://www.rabbitmq.com/docs/access-control#default-state', 'https://www.rabbitmq.com/docs/management', 'https://hub.docker.com/_/rabbitmq'],
  },
  {
    name: 'Jupyter', technologies: ['Jupyter'], images: /^(?:jupyter|[a-z]+-notebook)$/,
    exposes: 'notebooks and a shell in the container (code execution)', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'required',
    anonymous: /--(?:NotebookApp|ServerApp|IdentityProvider)\.(?:token|password)=["']{0,2}(?:["',\s\]]|$)|\bJUPYTER_TOKEN["']?\s*[:=](?:\s*["']{2})?\s*$/,
    sources: ['https://jupyter-server.readthedocs.io/en/latest/operators/security.html'],
  },
  {
    name: 'Neo4j', technologies: ['Neo4j'], images: /^neo4j$/,
    exposes: 'the graph over its browser and HTTP API', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'required',
    anonymous: /\bNEO4J_AUTH["']?\s*[:=]\s*["']?none\b/,
    sources: ['https://neo4j.com/docs/operations-manual/current/docker/introduction/#docker-auth'],
  },
  {
    name: 'MinIO', technologies: ['MinIO'], images: /^minio$/,
    exposes: 'its buckets and the console', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'default-credentials',
    defaultCredentials: /\bMINIO_ROOT_(?:USER|PASSWORD)["']?\s*[:=]\s*["']?minioadmin["']?\s*$/,
    authenticated: new RegExp(String.raw`\bMINIO_ROOT_PASSWORD(?:_FILE)?["']?\s*[:=]\s*` + SET + String.raw`|\bMINIO_ROOT_PASSWORD["']?\s*[:=]\s*["']?\$\{|secretKeyRef`),
    sources: ['https://min.io/docs/minio/container/operations/install-deploy-manage/deploy-minio-single-node-single-drive.html'],
  },
  {
    name: 'Seq', technologies: ['Seq'], images: /^seq$/,
    exposes: 'the structured logs it collects and their queries, signals and API keys', port: 80, confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    authenticated: new RegExp(String.raw`\bSEQ_FIRSTRUN_ADMINPASSWORD(?:HASH)?["']?\s*[:=]\s*` + SET + String.raw`|\bSEQ_FIRSTRUN_ADMINPASSWORD(?:HASH)?["']?\s*[:=]\s*["']?\$\{|--default-admin-password-stdin|secretKeyRef`),
    sources: ['https://datalust.co/docs/environment-variables'],
  },
  // Local emulators of cloud stores (issue #95, dotnet-podcasts): every client signs with the key their documentation publishes
  // (`UseDevelopmentStorage=true`, `AccountKey=Eby8vdM02x…`), which the emulator checks — a login everybody knows, not none.
  {
    name: 'Azurite', technologies: ['Azurite'], images: /^azurite$/,
    exposes: 'its blobs, queues and tables (the Azure Storage emulator, account devstoreaccount1)', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'default-credentials',
    // `AZURITE_ACCOUNTS=account1:key1`: accounts and keys of its own in place of devstoreaccount1's.
    authenticated: new RegExp(String.raw`\bAZURITE_ACCOUNTS["']?\s*[:=]\s*` + SET + String.raw`|\bAZURITE_ACCOUNTS["']?\s*[:=]\s*["']?\$\{|secretKeyRef`),
    sources: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite#authorization-for-tools-and-sdks', 'https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite#custom-storage-accounts-and-keys'],
  },
  {
    name: 'Cosmos DB emulator', technologies: [], images: /^azure-cosmos-emulator$/,
    exposes: 'its databases, containers and documents, and its data explorer', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'default-credentials',
    // `AZURE_COSMOS_EMULATOR_KEY`: a key of its own in place of the published one.
    authenticated: new RegExp(String.raw`\bAZURE_COSMOS_EMULATOR_KEY["']?\s*[:=]\s*` + SET + String.raw`|\bAZURE_COSMOS_EMULATOR_KEY["']?\s*[:=]\s*["']?\$\{|secretKeyRef`),
    sources: ['https://learn.microsoft.com/en-us/azure/cosmos-db/emulator#authentication', 'https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-develop-emulator'],
  },
  {
    name: 'Kafka UI', technologies: [], images: /^kafka-ui$/,
    exposes: 'the Kafka clusters: topics, their messages, consumer groups and the producing of messages', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    anonymous: /\bAUTH_TYPE["']?\s*[:=]\s*["']?DISABLED\b/,
    authenticated: /\bAUTH_TYPE["']?\s*[:=]\s*["']?(?:LOGIN_FORM|OAUTH2|LDAP)\b|\bSPRING_SECURITY_USER_PASSWORD["']?\s*[:=]/,
    environment: /\bKAFKA_CLUSTERS_0_BOOTSTRAPSERVERS["']?\s*[:=]|^\s*-\s*name:\s*["']?KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS\b/,
    sources: ['https://docs.kafka-ui.provectus.io/configuration/authentication', 'https://docs.kafka-ui.provectus.io/configuration/misc-configuration-properties'],
  },
  {
    name: 'Adminer', technologies: [], images: /^adminer$/,
    exposes: 'a database client that logs in to any database it reaches with the credentials typed in', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'required',
    environment: /\bADMINER_DEFAULT_SERVER["']?\s*[:=]|^\s*-\s*name:\s*["']?ADMINER_DEFAULT_SERVER\b/,
    sources: ['https://hub.docker.com/_/adminer', 'https://www.adminer.org/en/'],
  },
  {
    name: 'pgAdmin', technologies: [], images: /^pgadmin4?$/,
    exposes: 'the PostgreSQL servers it is given and their data (SQL run on them)', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'required',
    // Desktop mode: no login at all.
    anonymous: /\bPGADMIN_CONFIG_SERVER_MODE["']?\s*[:=]\s*["']?False\b/,
    // No default of its own (the container refuses to start without them), but a password everybody tries first is one (yas's `admin`).
    defaultCredentials: /\bPGADMIN_DEFAULT_PASSWORD["']?\s*[:=]\s*["']?(?:admin|password|pgadmin|root)["']?\s*$/,
    authenticated: new RegExp(String.raw`\bPGADMIN_DEFAULT_PASSWORD(?:_FILE)?["']?\s*[:=]\s*` + SET + String.raw`|\bPGADMIN_DEFAULT_PASSWORD["']?\s*[:=]\s*["']?\$\{|secretKeyRef`),
    environment: /\bPGADMIN_DEFAULT_EMAIL["']?\s*[:=]|^\s*-\s*name:\s*["']?PGADMIN_DEFAULT_EMAIL\b/,
    sources: ['https://www.pgadmin.org/docs/pgadmin4/latest/container_deployment.html', 'https://www.pgadmin.org/docs/pgadmin4/latest/config_py.html'],
  },
  {
    name: 'phpMyAdmin', technologies: [], images: /^phpmyadmin$/,
    exposes: 'the MySQL servers it reaches and their data (SQL run on them)', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'required',
    // `PMA_USER`/`PMA_PASSWORD` make it log every visitor in with them (config authentication).
    anonymous: /\bPMA_PASSWORD["']?\s*[:=]/,
    environment: /\bPMA_(?:HOST|HOSTS|ARBITRARY)["']?\s*[:=]|^\s*-\s*name:\s*["']?PMA_(?:HOST|HOSTS|ARBITRARY)\b/,
    sources: ['https://hub.docker.com/_/phpmyadmin', 'https://docs.phpmyadmin.net/en/latest/setup.html#docker-environment-variables'],
  },
  {
    name: 'mongo-express', technologies: [], images: /^mongo-express$/,
    exposes: 'the MongoDB databases it is connected to, to read and write', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'default-credentials',
    anonymous: /\bME_CONFIG_BASICAUTH["']?\s*[:=]\s*["']?false\b/,
    defaultCredentials: /\bME_CONFIG_BASICAUTH_(?:USERNAME|PASSWORD)["']?\s*[:=]\s*["']?(?:admin|pass)["']?\s*$/,
    authenticated: new RegExp(String.raw`\bME_CONFIG_BASICAUTH_PASSWORD["']?\s*[:=]\s*` + SET + String.raw`|\bME_CONFIG_BASICAUTH_PASSWORD["']?\s*[:=]\s*["']?\$\{|secretKeyRef`),
    environment: /\bME_CONFIG_MONGODB_(?:URL|SERVER|ADMINUSERNAME)["']?\s*[:=]|^\s*-\s*name:\s*["']?ME_CONFIG_MONGODB_(?:URL|SERVER|ADMINUSERNAME)\b/,
    sources: ['https://hub.docker.com/_/mongo-express', 'https://github.com/mongo-express/mongo-express#usage-docker'],
  },
  {
    name: 'Redis Commander', technologies: [], images: /^redis-commander$/,
    exposes: 'the Redis databases it is connected to, to read and write', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    authenticated: new RegExp(String.raw`\bHTTP_PASSWORD(?:_HASH)?(?:_FILE)?["']?\s*[:=]\s*` + SET + String.raw`|\bHTTP_PASSWORD(?:_HASH)?["']?\s*[:=]\s*["']?\$\{|secretKeyRef`),
    sources: ['https://github.com/joeferner/redis-commander#environment-variables'],
  },
  {
    name: 'Jaeger UI', technologies: ['Jaeger'], images: /^(?:all-in-one|jaeger-query|jaeger)$/,
    exposes: "the traces of every request: their paths, timings, and the attributes the services record (URLs, user ids, queries)", port: 16686, confidentiality: 'confidential', integrity: 'operational',
    defaultAuth: 'none',
    sources: ['https://www.jaegertracing.io/docs/latest/security/', 'https://www.jaegertracing.io/docs/latest/deployment/#query-service--ui'],
  },
  // Tracing, mail catchers, stream processing and messaging that serve whoever reaches them (issue #95: eShopOnDapr's
  // Zipkin and MailDev, dapr-traffic-control's, skywalking-showcase's Flink and RocketMQ).
  {
    name: 'Zipkin UI', technologies: [], images: /^zipkin(?:-slim)?$/,
    exposes: "the traces of every request: their paths, timings and the tags the services record, and span ingestion (POST /api/v2/spans)", port: 9411, confidentiality: 'confidential', integrity: 'operational',
    defaultAuth: 'none',
    sources: ['https://zipkin.io/pages/architecture.html', 'https://github.com/openzipkin/zipkin/tree/master/zipkin-server#endpoints'],
  },
  {
    // maildev/maildev serves its inbox on 1080 (the older djfarrelly/maildev on 80, not read as the console's port).
    name: 'MailDev', technologies: [], images: /^maildev$/,
    exposes: 'every mail the system sends (password resets, confirmations), read, relayed or deleted from its web inbox', port: 1080, confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    authenticated: new RegExp(String.raw`\bMAILDEV_WEB_PASS["']?\s*[:=]\s*` + SET + String.raw`|\bMAILDEV_WEB_PASS["']?\s*[:=]\s*["']?\$\{|--web-pass\b|secretKeyRef`),
    sources: ['https://github.com/maildev/maildev#usage'],
  },
  {
    name: 'MailHog', technologies: [], images: /^mailhog$/,
    exposes: 'every mail the system sends, read, released or deleted from its web inbox and API', port: 8025, confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    authenticated: /-auth-file\b|\bMH_AUTH_FILE["']?\s*[:=]/,
    sources: ['https://github.com/mailhog/MailHog/blob/master/docs/Auth.md', 'https://github.com/mailhog/MailHog/blob/master/docs/CONFIG.md'],
  },
  {
    // The JobManager's web UI and REST API (8081): jobs uploaded and run, so code run in the cluster by whoever reaches it.
    name: 'Flink web UI', technologies: [], images: /^flink$/,
    exposes: 'the jobs and their state, and job submission (a jar uploaded and run: code execution in the cluster)', port: 8081, confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    authenticated: /\bsecurity\.ssl\.rest\.authentication-enabled["']?\s*[:=]\s*["']?true\b/,
    sources: ['https://flink.apache.org/what-is-flink/security/', 'https://nightlies.apache.org/flink/flink-docs-stable/docs/deployment/security/security-ssl/#external--rest-connectivity'],
  },
  {
    // Its ACL is off by default (`aclEnable=false` in broker.conf, 4.x; `authenticationEnabled` in 5.x).
    name: 'RocketMQ', technologies: ['RocketMQ'], images: /^rocketmq$/,
    exposes: 'the topics and their messages, produced and consumed by anyone, and the admin commands (topics created or deleted, offsets reset)', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    authenticated: /\baclEnable\s*[:=]\s*["']?true\b|\bauthenticationEnabled\s*[:=]\s*["']?true\b/,
    sources: ['https://rocketmq.apache.org/docs/4.x/bestPractice/03access/', 'https://rocketmq.apache.org/docs/bestPractice/03access/'],
  },
  // Spring Cloud's and the Kafka ecosystem's consoles (issue #95, ewolff/microservice): known by their images, or by the
  // starter their build holds (buildConsoles.ts). None asks for a login unless Spring Security is added to it.
  {
    name: 'Eureka', technologies: [], images: /^eureka(?:-server)?$/,
    exposes: 'the service registry: every instance, its address and metadata, registered or removed by whoever calls its REST API', confidentiality: 'internal', integrity: 'critical',
    defaultAuth: 'none',
    build: /<artifactId>\s*spring-cloud-starter-netflix-eureka-server\s*<\/artifactId>|['"]org\.springframework\.cloud:spring-cloud-starter-netflix-eureka-server\b/,
    sources: ['https://docs.spring.io/spring-cloud-netflix/reference/spring-cloud-netflix.html#spring-cloud-eureka-server', 'https://docs.spring.io/spring-cloud-netflix/reference/spring-cloud-netflix.html#securing-the-eureka-server'],
  },
  {
    name: 'Hystrix dashboard', technologies: [], images: /^(?:hystrix-dashboard|turbine)$/,
    // Its proxy.stream fetches any URL it is given from inside the network (CVE-2020-5412).
    exposes: "every service's circuit breakers and request metrics, and a proxy that fetches any URL from inside the network", confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    build: /<artifactId>\s*spring-cloud-starter-netflix-(?:hystrix-dashboard|turbine)\s*<\/artifactId>|['"]org\.springframework\.cloud:spring-cloud-starter-netflix-(?:hystrix-dashboard|turbine)\b/,
    sources: ['https://cloud.spring.io/spring-cloud-netflix/2.2.x/reference/html/#circuit-breaker-hystrix-dashboard', 'https://cloud.spring.io/spring-cloud-netflix/2.2.x/reference/html/#turbine', 'https://spring.io/security/cve-2020-5412'],
  },
  {
    name: 'Spring Boot Admin', technologies: [], images: /^spring-boot-admin(?:-server)?$/,
    exposes: "every registered application's Actuator: environment, loggers changed at run time, heap and thread dumps", confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    build: /<artifactId>\s*spring-boot-admin-starter-server\s*<\/artifactId>|['"]de\.codecentric:spring-boot-admin-starter-server\b/,
    sources: ['https://docs.spring-boot-admin.com/current/getting-started.html', 'https://docs.spring-boot-admin.com/current/security.html'],
  },
  {
    name: 'AKHQ', technologies: [], images: /^akhq$/,
    exposes: 'the Kafka clusters: topics, their messages, consumer groups, schemas and connectors, to read and write', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    // Micronaut security turned on, in its environment or in the configuration embedded in AKHQ_CONFIGURATION (`enabled: true` under `security:`).
    authenticated: /\bMICRONAUT_SECURITY_ENABLED["']?\s*[:=]\s*["']?true\b|\bmicronaut\.security\.enabled["']?\s*[:=]\s*["']?true\b|^\s*enabled:\s*["']?true\b/i,
    environment: /\bAKHQ_CONFIGURATION["']?\s*[:=]|^\s*-\s*name:\s*["']?AKHQ_CONFIGURATION\b/,
    sources: ['https://akhq.io/docs/configuration/authentifications/', 'https://akhq.io/docs/installation.html'],
  },
  {
    name: 'Kafdrop', technologies: [], images: /^kafdrop$/,
    exposes: 'the Kafka cluster: its topics, their messages and consumer groups (and topics created or deleted)', confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    environment: /\bKAFKA_BROKERCONNECT["']?\s*[:=]|^\s*-\s*name:\s*["']?KAFKA_BROKERCONNECT\b/,
    sources: ['https://github.com/obsidiandynamics/kafdrop#running-with-docker', 'https://github.com/obsidiandynamics/kafdrop#securing-the-kafdrop-ui'],
  },
  // Known by what the component's build holds (buildConsoles.ts) or its configuration (envoyAdmin.ts, kongListen.ts), never by an image: `images` matches no name.
  {
    // Kong's own Admin API: open to whoever reaches it unless Kong Enterprise's RBAC is enforced (a pre-function plugin added through it runs Lua).
    name: 'Kong Admin API', technologies: [], images: /^\/$/,
    exposes: "the gateway's whole configuration: its services, routes, consumers and their credentials, and plugins (code run on every request) added or changed by whoever calls it", confidentiality: 'strictly-confidential', integrity: 'mission-critical',
    defaultAuth: 'none',
    authenticated: /\bKONG_ENFORCE_RBAC["']?\s*[:=]\s*["']?(?:on|both|entity)\b/,
    sources: ['https://docs.konghq.com/gateway/latest/production/networking/secure-admin-api/', 'https://docs.konghq.com/gateway/latest/reference/configuration/#admin_listen'],
  },
  {
    name: 'Envoy admin', technologies: [], images: /^\/$/,
    exposes: "the proxy's admin interface: its whole configuration (config_dump), clusters and stats, and acting on it (log levels, draining, shutting it down with /quitquitquit)", confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    sources: ['https://www.envoyproxy.io/docs/envoy/latest/operations/admin', 'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/bootstrap/v3/bootstrap.proto#config-bootstrap-v3-admin'],
  },
  {
    name: 'Spring Boot Actuator', technologies: [], images: /^\/$/,
    exposes: 'every Actuator endpoint: the environment and configuration properties, heap and thread dumps, mappings, loggers changed at run time', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    anonymous: /\bMANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE["']?\s*[:=]\s*["']?\*["']?\s*$/,
    environment: /\bMANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE["']?\s*[:=]\s*["']?\*["']?\s*$/,
    sources: ['https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.exposing', 'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.security'],
  },
  {
    name: 'httpd balancer-manager', technologies: [], images: /^\/$/,
    exposes: "the proxy's balancer manager: its back-ends, their weights and states, changed by whoever calls it", confidentiality: 'internal', integrity: 'critical',
    defaultAuth: 'none',
    sources: ['https://httpd.apache.org/docs/2.4/mod/mod_proxy_balancer.html#balancer_manager'],
  },
  {
    name: 'httpd server-status', technologies: [], images: /^\/$/,
    exposes: 'every request served: client addresses, virtual hosts and URLs (server-status), the configuration (server-info)', confidentiality: 'confidential', integrity: 'operational',
    defaultAuth: 'none',
    sources: ['https://httpd.apache.org/docs/2.4/mod/mod_status.html', 'https://httpd.apache.org/docs/2.4/mod/mod_info.html'],
  },
  // Consoles of the containers' own operation, common in Compose stacks (issue #95): each gives whoever reaches it what its
  // documentation says, with no login unless one is set.
  {
    // The first visitor creates the administrator (the setup page of a new instance): no login until then, unless the
    // command gives the admin's password.
    name: 'Portainer', technologies: [], images: /^portainer(?:-ce|-ee)?$/,
    exposes: 'the Docker or Kubernetes environments it manages: containers created, run and entered (with the Docker socket, the host)', confidentiality: 'strictly-confidential', integrity: 'mission-critical',
    defaultAuth: 'none',
    authenticated: /--admin-password(?:-file)?\b/,
    sources: ['https://docs.portainer.io/start/install-ce/server/setup', 'https://docs.portainer.io/advanced/cli'],
  },
  {
    name: 'Flower', technologies: [], images: /^flower$/, port: 5555,
    exposes: "the Celery workers and tasks (arguments and results) and their control (tasks revoked, workers shut down)", confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    authenticated: /--basic[-_]auth\b|\bFLOWER_BASIC_AUTH["']?\s*[:=]\s*["']?\S|--auth\b|\bFLOWER_AUTH["']?\s*[:=]\s*["']?\S/,
    sources: ['https://flower.readthedocs.io/en/latest/auth.html'],
  },
  {
    // The dashboard and API answer on the `traefik` entry point (8080) only in insecure mode; otherwise through a router the
    // configuration secures.
    name: 'Traefik dashboard', technologies: ['Traefik'], images: /^traefik$/, port: 8080,
    exposes: 'the routers, services and middlewares of every site it fronts (the dashboard and API)', confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'required',
    anonymous: /--api\.insecure(?:=true)?(?:["',\s\]]|$)|\bapi\.insecure["']?\s*[:=]\s*["']?true\b|\bTRAEFIK_API_INSECURE["']?\s*[:=]\s*["']?true\b|^\s*insecure:\s*true\b/,
    sources: ['https://doc.traefik.io/traefik/operations/api/#insecure', 'https://doc.traefik.io/traefik/operations/dashboard/'],
  },
  {
    name: 'Dozzle', technologies: [], images: /^dozzle$/, port: 8080,
    exposes: "every container's logs, live (and with its actions on, containers started and stopped)", confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    authenticated: /\bDOZZLE_AUTH_PROVIDER["']?\s*[:=]\s*["']?(?:simple|forward-proxy)\b|--auth-provider[=\s"',]+(?:simple|forward-proxy)\b/,
    sources: ['https://dozzle.dev/guide/authentication'],
  },
  {
    name: 'Mailpit', technologies: [], images: /^mailpit$/, port: 8025,
    exposes: 'every mail the system sends, read, released or deleted from its web inbox and API', confidentiality: 'confidential', integrity: 'important',
    defaultAuth: 'none',
    authenticated: /\bMP_UI_AUTH(?:_FILE)?["']?\s*[:=]\s*["']?\S|--ui-auth(?:-file)?\b/,
    sources: ['https://mailpit.axllent.org/docs/configuration/passwords/'],
  },
  {
    name: 'RedisInsight', technologies: [], images: /^redisinsight$/,
    exposes: 'the Redis databases it is given, their keys read and written', confidentiality: 'confidential', integrity: 'critical',
    defaultAuth: 'none',
    sources: ['https://redis.io/docs/latest/operate/redisinsight/install/install-on-docker/'],
  },
  {
    // The image's default command is `server -dev` (in memory, unsealed, one root token); a root token written in the files
    // (VAULT_DEV_ROOT_TOKEN_ID, `-dev-root-token-id`, issue #95: Pacco's `secret`) is known to whoever reads them.
    name: 'Vault dev server', technologies: [], images: /^vault$/, onlyWhenOpen: true,
    exposes: 'every secret it holds, read and written with its root token (dev mode: in memory, unsealed)', port: 8200, confidentiality: 'strictly-confidential', integrity: 'mission-critical',
    defaultAuth: 'required',
    otherMode: /^\s*(?:command|args):(?![^\n]*-dev\b)[[\s"']*(?:vault["',\s]+)?server\b/,
    defaultCredentials: new RegExp(String.raw`\bVAULT_DEV_ROOT_TOKEN_ID["']?\s*[:=]\s*` + SET + String.raw`|-dev-root-token-id[= ]["']?[^"'\s$\x7b<]`),
    sources: ['https://developer.hashicorp.com/vault/docs/concepts/dev-server', 'https://hub.docker.com/r/hashicorp/vault'],
  },
  {
    name: 'Keycloak admin', technologies: ['Keycloak'], images: /^keycloak$/, onlyWhenOpen: true,
    exposes: 'the realms, their users, clients and secrets (the admin console)', confidentiality: 'strictly-confidential', integrity: 'mission-critical',
    defaultAuth: 'required',
    defaultCredentials: /\b(?:KEYCLOAK_ADMIN_PASSWORD|KC_BOOTSTRAP_ADMIN_PASSWORD|KEYCLOAK_PASSWORD)["']?\s*[:=]\s*["']?(?:admin|password)["']?\s*$/,
    sources: ['https://www.keycloak.org/server/configuration#_creating_the_initial_admin_user', 'https://www.keycloak.org/server/containers'],
  },
];

/**
 * The console product a component runs: by the map's technology, else by its image's name (tag aside), else by a
 * setting only that product reads in one of its blocks (`lines`: a console built from the project's own image or a mirror's).
 */
export function consoleOf(node: { technology?: string; image?: string }, lines: readonly string[] = []): ConsoleProduct | undefined {
  const named = node.image?.slice(node.image.lastIndexOf('/') + 1).toLowerCase();
  const image = named?.split(/[:@]/)[0];
  const known = consoleProducts.find((p) => (node.technology !== undefined && p.technologies.includes(node.technology)) || (image !== undefined && p.images.test(image)));
  if (known) return known;
  const settings = lines.filter((l) => !/^\s*#/.test(l));
  return consoleProducts.find((p) => p.environment !== undefined && settings.some((l) => p.environment!.test(l)));
}

export interface ConsoleFacts {
  product: ConsoleProduct;
  /** No credentials asked of who reaches it: no login, anonymous access, default credentials. */
  unauthenticated: boolean;
  /** Why, in words (`anonymous access`, `anonymous admin access`, `default credentials`, `no authentication by default`). */
  reason: string;
  /** The lines (0-based, in the block) that say it: the setting, `--host 0.0.0.0`. */
  lines: number[];
  /** The console's ports when its configuration sets them (Envoy's admin listener, Kong's `KONG_ADMIN_LISTEN`): only an entry to one exposes the console. */
  ports?: readonly number[];
}

/**
 * Each line as a setting: a Kubernetes `- name: X` followed by `value: Y` reads `X: Y` on the value's
 * line (the name's line then reads nothing), so one pattern reads Compose, Kubernetes and a command line.
 */
export function settingLines(lines: readonly string[]): string[] {
  const read = [...lines];
  for (let i = 0; i + 1 < lines.length; i++) {
    const name = /^\s*-\s*name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$/.exec(lines[i]);
    const value = name && /^\s*value:\s*(\S.*)$/.exec(lines[i + 1]);
    if (name && value) {
      read[i] = '';
      read[i + 1] = `${name[1]}: ${value[1]}`;
    }
  }
  return read;
}

/** What a component's block says of its console's authentication. */
export function consoleFacts(product: ConsoleProduct, block: readonly string[]): ConsoleFacts {
  const lines = settingLines(block);
  const find = (test: RegExp | undefined) => (test ? lines.flatMap((l, i) => (test.test(l) && !/^\s*#/.test(l) ? [i] : [])) : []);
  const other = find(product.otherMode);
  if (other.length > 0) return { product, unauthenticated: false, reason: 'not its default mode', lines: other };
  const anonymous = find(product.anonymous);
  const defaults = find(product.defaultCredentials);
  const authenticated = find(product.authenticated).filter((i) => !defaults.includes(i));
  const listening = find(product.allInterfaces);
  if (anonymous.length > 0) {
    const admin = find(product.anonymousAdmin);
    return { product, unauthenticated: true, reason: admin.length > 0 ? 'anonymous admin access' : 'anonymous access', lines: [...anonymous, ...admin].sort((a, b) => a - b).concat(listening) };
  }
  if (defaults.length > 0) return { product, unauthenticated: true, reason: 'default credentials', lines: [...defaults, ...listening] };
  if (authenticated.length > 0) return { product, unauthenticated: false, reason: 'authentication configured', lines: authenticated };
  if (product.defaultAuth === 'required') return { product, unauthenticated: false, reason: 'authentication by default', lines: [] };
  return { product, unauthenticated: true, reason: product.defaultAuth === 'none' ? 'no authentication by default' : 'default credentials', lines: listening };
}
