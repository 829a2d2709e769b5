// Kept apart from cli/threats.ts so that `archipel --help` and `archipel check` load none of the analysis.

export const threatsUsage = `  threats [PATH...]              The security model derived from the files that deploy the system (trust boundaries,
                                 entry points, links with TLS and credentials, data stores, attack paths) and the risks
                                 Threagile's rules find on it, with their treatment in the risk register (default PATH: .).
      --format text|json|markdown|html|sarif|threagile|model
                                 Output format (default: text). json: {"risks":[{"rule","stride","severity","title",
                                 "elements":[node ids],"sources":[{"file","line"}],"id","likelihood","impact","status",
                                 "cwe","mitigation"}]}; markdown, html: the report (each risk, a risk matrix, the model);
                                 threagile: the model as a threagile.yaml with its risk_tracking; model: the security
                                 model's facts as JSON. Ids and files are relative to the repository.
      --amdec FILE               Append the risks the register does not hold yet to the AMDEC file FILE (x-threat: id).
      --all                      Also list the risks the register treats or accepts.`;
