// Kept apart from cli/cost.ts so that `archipel --help` and `archipel check` load none of the pricing.

export const costUsage = `  cost [PATH...]                 What the Terraform resources of the paths cost a month, at the bundled on-demand prices
                                 (schemas/cost/aws-prices.json, dated), and what cannot be priced with the reason
                                 (default PATH: .).
      --format text|json|markdown|csv
                                 Output format (default: text, Infracost's breakdown). markdown: the breakdown as a table;
                                 csv (RFC 4180): one row per item and per resource not priced. json: {"currency","priceDate",
                                 "totalMonthlyCost","components":[{"id","name","sources":[{"file","line"}],"monthlyCost",
                                 "items":[{"name","quantity","unit","unitPrice","monthlyCost"}]}],"unpriced":[{"address",
                                 "reason"}]}; files relative to the current folder.
      --usage FILE               An infracost-usage.yml: the usage the files cannot say (GB processed, hours, LCUs).`;
