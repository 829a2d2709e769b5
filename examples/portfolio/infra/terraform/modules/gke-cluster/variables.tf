variable "name" {
  description = "The cluster's name."
  type        = string
}

variable "project_id" {
  description = "The Google Cloud project."
  type        = string
}

variable "region" {
  description = "The region of the cluster (a regional cluster)."
  type        = string
}

variable "node_count" {
  description = "Nodes per zone of the default pool."
  type        = number
  default     = 1
}

variable "machine_type" {
  description = "The nodes' machine type."
  type        = string
  default     = "e2-standard-4"
}
