variable "project_id" {
  description = "The Google Cloud project the cluster runs in."
  type        = string
}

variable "region" {
  description = "The Google Cloud region of the cluster."
  type        = string
  default     = "europe-west1"
}

variable "aws_region" {
  description = "The AWS region of the MLflow database."
  type        = string
  default     = "eu-west-3"
}

variable "vpc_id" {
  description = "The AWS VPC the database is reachable in."
  type        = string
}

variable "database_subnet_ids" {
  description = "The private subnets of the database."
  type        = list(string)
}

variable "cluster_egress_cidr" {
  description = "The address range the cluster's nodes reach the database from (Cloud NAT)."
  type        = string

  validation {
    condition     = can(cidrhost(var.cluster_egress_cidr, 0))
    error_message = "The cluster's egress range must be a CIDR block."
  }
}
