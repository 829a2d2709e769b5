/** The system map's French (English text → French). */
export const frSystem: Readonly<Record<string, string>> = {
  'Nothing in the workspace runs, builds or deploys: no Compose service, Kubernetes workload, Dockerfile or pipeline.': "Rien dans l'espace de travail ne s'exécute, ne se construit ni ne se déploie : aucun service Compose, charge de travail Kubernetes, Dockerfile ni pipeline.",
};
