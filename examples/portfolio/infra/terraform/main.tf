module "gke" {
  source = "./modules/gke-cluster"

  name       = "portfolio-prod"
  project_id = var.project_id
  region     = var.region
  node_count = 2
}

resource "random_password" "mlflow_db" {
  length  = 32
  special = false
}

resource "aws_db_subnet_group" "mlflow" {
  name       = "mlflow"
  subnet_ids = var.database_subnet_ids
}

resource "aws_security_group" "mlflow_db" {
  name        = "mlflow-db"
  description = "PostgreSQL from the GKE cluster's egress range only"
  vpc_id      = var.vpc_id

  ingress {
    description = "PostgreSQL from the cluster"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [var.cluster_egress_cidr]
  }
}

# A managed database: CloudWatch watches it, not the cluster's Prometheus, and the decision to keep
# MLflow's tracking data in RDS is the platform team's, outside this repository's ADRs.
# archipel-ignore system-unmonitored, system-undecided-store
resource "aws_db_instance" "mlflow" {
  identifier     = "mlflow"
  engine         = "postgres"
  engine_version = "16.4"
  instance_class = "db.t4g.small"

  allocated_storage = 20
  storage_encrypted = true

  db_name  = "mlflow"
  username = "mlflow"
  password = random_password.mlflow_db.result

  db_subnet_group_name   = aws_db_subnet_group.mlflow.name
  vpc_security_group_ids = [aws_security_group.mlflow_db.id]
  publicly_accessible    = false

  backup_retention_period             = 7
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "mlflow-final"
}
