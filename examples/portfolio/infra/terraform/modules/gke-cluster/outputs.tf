output "cluster_name" {
  description = "The cluster's name."
  value       = google_container_cluster.this.name
}

output "endpoint" {
  description = "The control plane's endpoint."
  value       = google_container_cluster.this.endpoint
  sensitive   = true
}

output "location" {
  description = "The cluster's region."
  value       = google_container_cluster.this.location
}
