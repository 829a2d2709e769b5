// Kept apart from cli/cost.ts so that `archipel --help` and `archipel check` load none of the pricing.

export const costUsage = `  cost [PATH...]                 What the system of the paths costs and emits a month: Terraform resources (AWS, Google Cloud, Azure),
                                 Kubernetes workloads by requests × replicas on a node type, Compose hosts; at the bundled,
                                 dated on-demand prices (schemas/cost/*-prices.json) and Cloud Carbon Footprint's coefficients;
                                 what cannot be priced with the reason (default PATH: .). archipel.yaml's cost section names
                                 the node type (cost.kubernetes), the Compose host (cost.compose), a currency, a discount, rates.
      --format text|json|markdown|csv
                                 Output format (default: text, Infracost's breakdown). markdown: the breakdown as a table;
                                 csv (RFC 4180): one row per item and per resource not priced. json: {"currency","priceDate",
                                 "totalMonthlyCost","totalMonthlyCo2eKg","components":[{"id","name","sources":[{"file","line"}],
                                 "monthlyCost","monthlyCo2eKg","items":[{"name","quantity","unit","unitPrice","monthlyCost"}]}],
                                 "unpriced":[{"address","reason"}]}; files relative to the current folder.
      --usage FILE               An infracost-usage.yml: the usage the files cannot say (GB processed, hours, LCUs, nodes).
      --var-file FILE            A .tfvars file read as terraform plan -var-file reads it, after the roots' own (repeatable).`;
