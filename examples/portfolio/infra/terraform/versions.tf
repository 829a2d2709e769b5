# The portfolio's infrastructure: the GKE cluster Argo CD deploys kubernetes/ to (through the local
# module modules/gke-cluster) and the PostgreSQL database MLflow keeps its runs in (AWS RDS).
terraform {
  required_version = ">= 1.6.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "aws" {
  region = var.aws_region
}
