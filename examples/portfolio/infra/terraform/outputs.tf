output "cluster_name" {
  description = "The GKE cluster Argo CD deploys kubernetes/ to (gcloud container clusters get-credentials)."
  value       = module.gke.cluster_name
}

output "cluster_endpoint" {
  description = "The cluster's control plane endpoint."
  value       = module.gke.endpoint
  sensitive   = true
}

output "mlflow_database_endpoint" {
  description = "MLflow's backend store (postgresql://mlflow@ENDPOINT/mlflow)."
  value       = aws_db_instance.mlflow.endpoint
}
