/**
 * French for the Kubernetes messages not in fr.ts: API removals, kustomize paths, references and
 * selectors built from fragments (now whole sentences), schema checks of kinds and apiVersions,
 * quick fixes, hovers and completion details (server/src/kubernetes/). Merged by t.ts. Kinds and
 * field names (ConfigMap, spec.selector, minAvailable…) stay as Kubernetes spells them.
 */
export const frKubernetes: Readonly<Record<string, string>> = {
  // Quick fixes (codeActions.ts) and completion (completion.ts).
  "Change apiVersion to {0}": "Changer apiVersion en {0}",
  "Align spec.selector with the pod template's labels": "Aligner spec.selector sur les labels du modèle de pod",
  "Add a resources block (requests and a memory limit) to fill in": "Ajouter un bloc resources (requests et une limite mémoire) à compléter",
  "Create ConfigMap \"{0}\" in {1}": "Créer le ConfigMap « {0} » dans {1}",
  "{0} (required)": "{0} (obligatoire)",
  // Hovers (navigation.ts) and object names (rules/context.ts).
  "(unnamed)": "(sans nom)",
  " in namespace `{0}`": " dans l'espace de noms `{0}`",
  "defined in {0}": "défini dans {0}",
  "pod labels: {0}": "labels des pods : {0}",
  "containers: {0}": "conteneurs : {0}",
  "no image": "pas d'image",
  "ports: {0}": "ports : {0}",
  "keys: {0}": "clés : {0}",
  "No {0} of that name is defined in this workspace.": "Aucun {0} de ce nom n'est défini dans cet espace de travail.",
  "{0} \"{1}\"{2}": "{0} « {1} »{2}",
  // Removed APIs (rules/apis.ts).
  "{0} {1} was removed in Kubernetes {2} (configured: {3}): use {4}.": "{0} {1} a été supprimé dans Kubernetes {2} (version configurée : {3}) : utilisez {4}.",
  "{0} {1} was removed in Kubernetes {2} (configured: {3}): it has no replacement.": "{0} {1} a été supprimé dans Kubernetes {2} (version configurée : {3}) : il n'a pas de remplaçant.",
  "{0} {1} is deprecated and removed in Kubernetes {2}: use {3}.": "{0} {1} est déprécié et supprimé dans Kubernetes {2} : utilisez {3}.",
  "{0} {1} is deprecated and removed in Kubernetes {2}: it has no replacement.": "{0} {1} est déprécié et supprimé dans Kubernetes {2} : il n'a pas de remplaçant.",
  // Kustomize (rules/kustomize.ts).
  "Resource \"{0}\" does not exist (relative to {1}).": "La ressource « {0} » n'existe pas (relativement à {1}).",
  "Component \"{0}\" does not exist (relative to {1}).": "Le composant « {0} » n'existe pas (relativement à {1}).",
  "Base \"{0}\" does not exist (relative to {1}).": "La base « {0} » n'existe pas (relativement à {1}).",
  "Patch \"{0}\" does not exist (relative to {1}).": "Le patch « {0} » n'existe pas (relativement à {1}).",
  // References (rules/references.ts).
  "ConfigMap \"{0}\" is not defined in this workspace{1}.": "Le ConfigMap « {0} » n'est pas défini dans cet espace de travail{1}.",
  "Secret \"{0}\" is not defined in this workspace{1}.": "Le Secret « {0} » n'est pas défini dans cet espace de travail{1}.",
  "Secret \"{0}\" is not defined in this workspace{1} (Secrets are often created outside Git: this is information only until the workspace defines Secrets).": "Le Secret « {0} » n'est pas défini dans cet espace de travail{1} (les Secrets sont souvent créés hors de Git : ce n'est qu'une information tant que l'espace de travail ne définit aucun Secret).",
  "{0} \"{1}\" has no key \"{2}\" (keys: {3}).": "{0} « {1} » n'a pas de clé « {2} » (clés : {3}).",
  "{0} \"{1}\" has no key \"{2}\" (it has no keys).": "{0} « {1} » n'a pas de clé « {2} » (il n'a aucune clé).",
  "Service \"{0}\" has no port {1} (ports: {2}).": "Le Service « {0} » n'a pas de port {1} (ports : {2}).",
  "Service \"{0}\" has no port named \"{1}\" (ports: {2}).": "Le Service « {0} » n'a pas de port nommé « {1} » (ports : {2}).",
  " ({0} is not a kind with a scale subresource)": " ({0} n'est pas un kind doté d'une sous-ressource scale)",
  "scaleTargetRef: {0} \"{1}\" ({2}) is not defined in this workspace{3}{4}.": "scaleTargetRef : {0} « {1} » ({2}) n'est pas défini dans cet espace de travail{3}{4}.",
  "minAvailable {0} leaves no pod of {1} evictable at the autoscaler's minimum of {2} replica(s) (HorizontalPodAutoscaler \"{3}\").": "minAvailable {0} ne laisse aucun pod de {1} évinçable au minimum de l'autoscaler, {2} réplique(s) (HorizontalPodAutoscaler « {3} »).",
  // Selectors and ports (rules/selectors.ts).
  "The selector matches no workload's pods: {0}={1} differs from the pods of {2} ({0}={3}). Did you mean \"{3}\"?": "Le sélecteur ne sélectionne les pods d'aucune charge de travail : {0}={1} diffère des pods de {2} ({0}={3}). Vouliez-vous dire « {3} » ?",
  "No container of {0} has a port named \"{1}\" (named ports: {2}).": "Aucun conteneur de {0} n'a de port nommé « {1} » (ports nommés : {2}).",
  "No container of {0} has a port named \"{1}\" (they name no ports).": "Aucun conteneur de {0} n'a de port nommé « {1} » (ils ne nomment aucun port).",
  "The {0} uses port \"{1}\", which container \"{2}\" does not name (named ports: {3}).": "La {0} utilise le port « {1} », que le conteneur « {2} » ne nomme pas (ports nommés : {3}).",
  "The {0} uses port \"{1}\", which container \"{2}\" does not name.": "La {0} utilise le port « {1} », que le conteneur « {2} » ne nomme pas.",
  "The {0} uses port {1}, which container \"{2}\" does not declare (containerPorts: {3}).": "La {0} utilise le port {1}, que le conteneur « {2} » ne déclare pas (containerPorts : {3}).",
  // Kinds and apiVersions (validate.ts).
  "No schema for {0}/{1}: this custom resource is not validated.": "Aucun schéma pour {0}/{1} : cette ressource personnalisée n'est pas validée.",
  "Unknown kind \"{0}\" in {1}.{2}": "Kind inconnu « {0} » dans {1}.{2}",
  "apiVersion \"{0}\" is not served by this Kubernetes release; {1} serves {2}.": "apiVersion « {0} » n'est pas servi par cette version de Kubernetes ; {1} sert {2}.",
  "apiVersion \"{0}\" is not served by this Kubernetes release; the core group serves {1}.": "apiVersion « {0} » n'est pas servi par cette version de Kubernetes ; le groupe core sert {1}.",
  "maxUnavailable {0} lets no pod be evicted: node drains block. Allow at least 1.": "maxUnavailable {0} ne laisse évincer aucun pod : les drains de nœuds bloquent. Autorisez-en au moins 1.",
  "{0} is also defined at {1}, and {2} applies both.": "{0} est aussi défini en {1}, et {2} applique les deux.",
  "applies both files": "applique les deux fichiers",
};
