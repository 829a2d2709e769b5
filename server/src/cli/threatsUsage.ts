// Kept apart from cli/threats.ts so that `archipel --help` and `archipel check` load none of the analysis.

export const threatsUsage = `  threats [PATH...]              The security model derived from the files that deploy the system (trust boundaries,
                                 entry points, links with TLS and credentials, data stores, attack paths) and the risks
                                 Threagile's rules find on it, with their treatment in the risk register (default PATH: .).
      --format text|json|markdown|sarif|threagile|model
                                 Output format (default: text). json: {"risks":[{"rule","stride","severity","title",
                                 "elements":[node ids],"sources":[{"file","line"}]}]}; threagile: the model as a
                                 threagile.yaml; model: the security model's facts as JSON.
      --amdec FILE               Append the risks the register does not hold yet to the AMDEC file FILE (x-threat: id).
      --all                      Also list the risks the register treats or accepts.`;
